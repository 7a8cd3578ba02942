package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cdk.config.ApiThrottle;
import dev.sluice.cdk.config.FargateSize;
import dev.sluice.cdk.config.LoginLimits;
import dev.sluice.cdk.config.Removal;
import dev.sluice.cdk.config.SftpImage;
import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.config.SshPolicy;
import dev.sluice.defender.DefenderSettings;
import dev.sluice.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Context parameters: documented defaults, both spellings (cdk.json JSON and -c strings), clear
 * errors.
 */
class SluiceConfigTest {

    private static SluiceConfig config(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>();
        all.put("lambdaJar", TestAssets.lambdaJar().toString());
        all.put("sftpDockerDir", TestAssets.sftpDockerDir().toString());
        all.putAll(context);
        return SluiceConfig.fromContext(all::get);
    }

    @Test
    void defaults() {
        SluiceConfig config = config(Map.of());
        assertThat(config.sftpAllowedCidrs()).containsExactly("0.0.0.0/0");
        assertThat(config.sftpTaskCount()).isEqualTo(2);
        assertThat(config.sftpMaxTaskCount()).isEqualTo(10);
        assertThat(config.sftpSize()).isEqualTo(new FargateSize(1024, 2048));
        assertThat(config.bucketName()).isEmpty();
        assertThat(config.removal()).isEqualTo(Removal.RETAIN);
        assertThat(config.natGateways()).isEqualTo(2);
        assertThat(config.noncurrentVersionDays()).isEqualTo(30);
        assertThat(config.sftpImage())
                .isEqualTo(new SftpImage.DockerAsset(TestAssets.sftpDockerDir()));
        assertThat(config.extraBuckets()).isEmpty();
        assertThat(config.secretsMaxAgeSeconds()).isEqualTo(300);
        assertThat(config.senderAddress()).isEmpty();
        assertThat(config.sshPolicy()).isEqualTo(SshPolicy.SLUICE_2026_12);
        assertThat(config.scp()).isTrue();
        // The runtime's own defaults, not a second copy of them.
        assertThat(config.defender()).isEqualTo(DefenderSettings.defaults());
        assertThat(config.loginLimits())
                .isEqualTo(new LoginLimits(6, Duration.ofSeconds(30), 256, 16));
        assertThat(config.apiThrottle()).isEqualTo(new ApiThrottle(50, 100, 5, 10));
        assertThat(config.apiThrottle()).isEqualTo(ApiThrottle.DEFAULT);
        assertThat(config.sftpUpstreamProxy()).isFalse();
    }

    @Test
    void defenderParametersAreTheirSettingsInCamelCaseAndReadTheSameBothWays() {
        Map<String, Object> fromCdkJson =
                Map.ofEntries(
                        Map.entry("defender", Boolean.TRUE),
                        Map.entry("defenderBanTimeMinutes", 60),
                        Map.entry("defenderBanTimeIncrement", 100),
                        Map.entry("defenderThreshold", 20),
                        Map.entry("defenderScoreValid", 2),
                        Map.entry("defenderScoreInvalid", 4),
                        Map.entry("defenderScoreNoAuth", 1),
                        Map.entry("defenderScoreLimitExceeded", 5),
                        Map.entry("defenderScoreProtocolError", 3),
                        Map.entry("defenderObservationTimeMinutes", 10),
                        Map.entry("defenderSafeList", List.of("203.0.113.7", "198.51.100.0/24")),
                        Map.entry("defenderEntriesHardLimit", 500),
                        Map.entry("defenderSyncSeconds", 5));
        DefenderSettings expected =
                new DefenderSettings(
                        true,
                        Duration.ofMinutes(60),
                        100,
                        20,
                        2,
                        4,
                        1,
                        5,
                        3,
                        Duration.ofMinutes(10),
                        List.of(
                                Cidr.parse("203.0.113.7/32").orElseThrow(),
                                Cidr.parse("198.51.100.0/24").orElseThrow()),
                        500,
                        Duration.ofSeconds(5));
        assertThat(config(fromCdkJson).defender()).isEqualTo(expected);
        // -c name=value gives strings; a list is comma-separated or a JSON array.
        Map<String, Object> fromCommandLine = new HashMap<>();
        fromCdkJson.forEach((key, value) -> fromCommandLine.put(key, value.toString()));
        fromCommandLine.put("defenderSafeList", "203.0.113.7, 198.51.100.0/24");
        assertThat(config(fromCommandLine).defender()).isEqualTo(expected);
        fromCommandLine.put("defenderSafeList", "[\"203.0.113.7\",\"198.51.100.0/24\"]");
        assertThat(config(fromCommandLine).defender()).isEqualTo(expected);
        assertThat(config(Map.of("defender", "FALSE")).defender().enabled()).isFalse();
    }

    @Test
    void aDefenderValueTheRuntimeWouldRefuseFailsSynthesisNamingTheParameter() {
        assertThatThrownBy(() -> config(Map.of("defenderThreshold", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "context defenderThreshold: must be an integer between 1 and 10000, got \"0\"");
        assertThatThrownBy(() -> config(Map.of("defenderBanTimeMinutes", "30m")))
                .hasMessage(
                        "context defenderBanTimeMinutes: must be an integer between 1 and 10080,"
                                + " got \"30m\"");
        assertThatThrownBy(() -> config(Map.of("defenderSyncSeconds", 1.5)))
                .hasMessageStartingWith("context defenderSyncSeconds: must be an integer");
        assertThatThrownBy(() -> config(Map.of("defender", "off")))
                .hasMessage("context defender: must be true or false, got \"off\"");
        // A host name or a typo in the safe list would leave an address unprotected or banned.
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "defenderSafeList",
                                                List.of("203.0.113.7", "office.example.com"))))
                .hasMessageStartingWith("context defenderSafeList: ")
                .hasMessageContaining("\"office.example.com\" is not an IP address or CIDR");
        assertThatThrownBy(() -> config(Map.of("defenderSafeList", "10.0.0.0/33")))
                .hasMessageStartingWith("context defenderSafeList: ");
    }

    @Test
    void aScoreThatWouldBanOnItsOwnIsRefusedInParameterNames() {
        // DefenderSettings' own rule (no single event may ban), told in the names the operator
        // typed rather than the variables the functions read.
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "defenderThreshold", 3,
                                                "defenderScoreLimitExceeded", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "context defenderScoreLimitExceeded: must be lower than defenderThreshold"
                                + " (3): one event alone would ban (got \"3\")")
                .hasMessageNotContaining("SLUICE_");
        // Off, the scores do not matter (as at run time).
        assertThat(
                        config(
                                        Map.of(
                                                "defender",
                                                false,
                                                "defenderThreshold",
                                                1,
                                                "defenderScoreValid",
                                                5))
                                .defender()
                                .threshold())
                .isEqualTo(1);
    }

    @Test
    void loginLimitsAreTheTasksSettings() {
        SluiceConfig config =
                config(
                        Map.of(
                                "maxAuthTries",
                                3,
                                "loginGraceSeconds",
                                "20",
                                "maxUnauthenticated",
                                1000,
                                "maxUnauthenticatedPerAddress",
                                "4"));
        assertThat(config.loginLimits())
                .isEqualTo(new LoginLimits(3, Duration.ofSeconds(20), 1000, 4));
        assertThatThrownBy(() -> config(Map.of("maxAuthTries", 0)))
                .hasMessage(
                        "context maxAuthTries: must be an integer between 1 and 100, got \"0\"");
        assertThatThrownBy(() -> config(Map.of("loginGraceSeconds", 3600)))
                .hasMessage(
                        "context loginGraceSeconds: must be an integer between 5 and 600, got \"3600\"");
        assertThatThrownBy(() -> config(Map.of("maxUnauthenticatedPerAddress", "-1")))
                .hasMessageStartingWith("context maxUnauthenticatedPerAddress: ");
    }

    @Test
    void theTokenRouteGetsItsOwnLowerThrottle() {
        assertThat(
                        config(
                                        Map.of(
                                                "apiRateLimit",
                                                200,
                                                "apiBurstLimit",
                                                "400",
                                                "tokenRateLimit",
                                                "20",
                                                "tokenBurstLimit",
                                                40))
                                .apiThrottle())
                .isEqualTo(new ApiThrottle(200, 400, 20, 40));
        assertThatThrownBy(() -> config(Map.of("apiRateLimit", 0)))
                .hasMessage(
                        "context apiRateLimit: must be an integer between 1 and 10000 (API Gateway's"
                                + " default account limit), got 0");
        assertThatThrownBy(() -> config(Map.of("tokenBurstLimit", "lots")))
                .hasMessage("context tokenBurstLimit: must be a whole number (got \"lots\")");
        // A token limit above the others' would let a login flood take more than any other route.
        assertThatThrownBy(() -> config(Map.of("tokenRateLimit", 51)))
                .hasMessage(
                        "context tokenRateLimit: must be at most apiRateLimit (50): /api/v2/token"
                                + " gets a lower limit than the other routes, got 51");
        assertThatThrownBy(() -> config(Map.of("apiBurstLimit", 5)))
                .hasMessageStartingWith(
                        "context tokenBurstLimit: must be at most apiBurstLimit (5)");
    }

    @Test
    void anUpstreamProxyNeedsPort22ClosedToEveryoneElse() {
        SluiceConfig config =
                config(
                        Map.of(
                                "sftpUpstreamProxy",
                                "true",
                                "sftpAllowedCidrs",
                                List.of("198.51.100.10/32", "198.51.100.11/32")));
        assertThat(config.sftpUpstreamProxy()).isTrue();
        // Open to all, anyone could write a PROXY header naming any address (a safe-listed one, an
        // admin's allowed one) and the load balancer would pass it on.
        assertThatThrownBy(() -> config(Map.of("sftpUpstreamProxy", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "context sftpUpstreamProxy: needs sftpAllowedCidrs set to your proxy's addresses");
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "sftpUpstreamProxy",
                                                true,
                                                "sftpAllowedCidrs",
                                                "198.51.100.10/32,0.0.0.0/0")))
                .hasMessageContaining("sftpUpstreamProxy");
        // Two halves of the internet are the internet; so is a cloud provider's /8.
        for (String wide : List.of("0.0.0.0/1,128.0.0.0/1", "3.0.0.0/8", "198.51.0.0/15")) {
            assertThatThrownBy(
                            () ->
                                    config(
                                            Map.of(
                                                    "sftpUpstreamProxy",
                                                    true,
                                                    "sftpAllowedCidrs",
                                                    wide)))
                    .as(wide)
                    .hasMessageContaining("networks of /16 or narrower");
        }
        assertThat(
                        config(
                                        Map.of(
                                                "sftpUpstreamProxy",
                                                true,
                                                "sftpAllowedCidrs",
                                                "10.20.0.0/16"))
                                .sftpUpstreamProxy())
                .isTrue();
        assertThatThrownBy(() -> config(Map.of("sftpUpstreamProxy", "yes")))
                .hasMessage("context sftpUpstreamProxy: must be true or false, got \"yes\"");
    }

    @Test
    void scpIsTrueOrFalse() {
        assertThat(config(Map.of("scp", "false")).scp()).isFalse();
        assertThat(config(Map.of("scp", Boolean.FALSE)).scp()).isFalse();
        assertThat(config(Map.of("scp", "TRUE")).scp()).isTrue();
        assertThatThrownBy(() -> config(Map.of("scp", "off")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context scp: must be true or false, got \"off\"");
    }

    @Test
    void theSshPolicyIsOneTheTaskKnows() {
        assertThat(config(Map.of("sshPolicy", "sluice-2026-12-strict")).sshPolicy())
                .isEqualTo(SshPolicy.SLUICE_2026_12_STRICT);
        assertThat(config(Map.of("sshPolicy", "sluice-2026-12")).sshPolicy())
                .isEqualTo(SshPolicy.SLUICE_2026_12);
        for (String bad :
                List.of("TransferSecurityPolicy-2024-01", "sluice-2026-12-legacy", "strict")) {
            assertThatThrownBy(() -> config(Map.of("sshPolicy", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "context sshPolicy: must be sluice-2026-12 or sluice-2026-12-strict,"
                                    + " got \""
                                    + bad
                                    + "\"");
        }
    }

    @Test
    void theSenderIsOneBareAddressThatCannotWidenTheSesGrant() {
        for (String good :
                List.of(
                        "reports@example.com",
                        "sluice.reports+ops@mail.example.co.uk",
                        "Reports_2026@Example.COM")) {
            assertThat(config(Map.of("senderAddress", good)).senderAddress())
                    .as(good)
                    .contains(good);
        }
        // Blank is absent, as for the other string parameters (cdk -c senderAddress=).
        assertThat(config(Map.of("senderAddress", " ")).senderAddress()).isEmpty();
        // The address lands in IAM ARNs and a condition: wildcards and policy variables would grant
        // more than one sender; a display name, a list or a header break is not an address.
        for (String wrong :
                List.of(
                        "*@example.com",
                        "reports@*",
                        "reports@*.example.com",
                        "report?@example.com",
                        "${aws:username}@example.com",
                        "Reports <reports@example.com>",
                        "reports@example.com,admin@example.com",
                        "reports@example.com\r\nBcc: x@example.net",
                        "reports",
                        "reports@localhost",
                        "@example.com",
                        "reports@",
                        "re..ports@example.com",
                        ".reports@example.com",
                        "reports@-example.com",
                        "reports@example..com",
                        "reports@exa_mple.com",
                        "a".repeat(65) + "@example.com",
                        "reports@" + "a".repeat(250) + ".com",
                        "reports@example.com/identity")) {
            assertThatThrownBy(() -> config(Map.of("senderAddress", wrong)))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("context senderAddress")
                    .hasMessageContaining("reports@example.com");
        }
    }

    @Test
    void quotaReportRecipientsAreAddressesAndNeedASender() {
        assertThat(
                        config(
                                        Map.of(
                                                "senderAddress",
                                                "reports@example.com",
                                                "quotaReportRecipients",
                                                List.of("ops@example.com")))
                                .quotaReportRecipients())
                .containsExactly("ops@example.com");
        assertThat(config(Map.of()).quotaReportRecipients()).isEmpty();
        assertThatThrownBy(
                        () -> config(Map.of("quotaReportRecipients", List.of("ops@example.com"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs senderAddress");
        for (String wrong : List.of("ops", "ops@example.com\r\nBcc: x@evil.example", "a@b")) {
            assertThatThrownBy(
                            () ->
                                    config(
                                            Map.of(
                                                    "senderAddress",
                                                    "reports@example.com",
                                                    "quotaReportRecipients",
                                                    List.of(wrong))))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("quotaReportRecipients");
        }
    }

    @Test
    void extraBucketsReadTheSameFromCdkJsonAndFromTheCommandLineAndMustBeBucketNames() {
        List<String> expected = List.of("partner-a-files", "partner-b.archive");
        assertThat(config(Map.of("extraBuckets", expected)).extraBuckets()).isEqualTo(expected);
        assertThat(
                        config(
                                        Map.of(
                                                "extraBuckets",
                                                "partner-a-files, partner-b.archive,partner-a-files"))
                                .extraBuckets())
                .isEqualTo(expected);
        assertThat(
                        config(
                                        Map.of(
                                                "extraBuckets",
                                                "[\"partner-a-files\",\"partner-b.archive\"]"))
                                .extraBuckets())
                .isEqualTo(expected);
        // An ARN, a URL or a wildcard would widen the grant to something nobody named.
        for (String wrong :
                List.of(
                        "arn:aws:s3:::partner",
                        "s3://partner",
                        "*",
                        "partner-*",
                        "Partner",
                        "ab",
                        "a..b")) {
            assertThatThrownBy(() -> config(Map.of("extraBuckets", List.of(wrong))))
                    .as(wrong)
                    .hasMessageContaining("extraBuckets")
                    .hasMessageContaining(wrong);
        }
    }

    @Test
    void secretsMaxAgeIsBounded() {
        assertThat(config(Map.of("secretsMaxAgeSeconds", "60")).secretsMaxAgeSeconds())
                .isEqualTo(60);
        assertThatThrownBy(() -> config(Map.of("secretsMaxAgeSeconds", -1)))
                .hasMessageContaining("secretsMaxAgeSeconds");
        assertThatThrownBy(() -> config(Map.of("secretsMaxAgeSeconds", 86_401)))
                .hasMessageContaining("secretsMaxAgeSeconds");
    }

    @Test
    void theDefaultLambdaJarIsTheLambdasModulesShadedJar() {
        assertThat(SluiceConfig.DEFAULT_LAMBDA_JAR)
                .isEqualTo(Path.of("..", "lambdas", "target", "sluice-lambdas.jar"));
        assertThat(SluiceConfig.DEFAULT_SFTP_DOCKER_DIR).isEqualTo(Path.of("..", "sftp-fargate"));
    }

    @Test
    void cidrListsReadTheSameFromCdkJsonAndFromTheCommandLine() {
        List<String> expected = List.of("203.0.113.0/24", "198.51.100.7/32");
        assertThat(config(Map.of("sftpAllowedCidrs", expected)).sftpAllowedCidrs())
                .isEqualTo(expected);
        assertThat(
                        config(Map.of("sftpAllowedCidrs", "203.0.113.0/24, 198.51.100.7/32"))
                                .sftpAllowedCidrs())
                .isEqualTo(expected);
        assertThat(
                        config(
                                        Map.of(
                                                "sftpAllowedCidrs",
                                                "[\"203.0.113.0/24\",\"198.51.100.7/32\"]"))
                                .sftpAllowedCidrs())
                .isEqualTo(expected);
    }

    @Test
    void numbersReadTheSameFromCdkJsonAndFromTheCommandLine() {
        assertThat(config(Map.of("sftpTaskCount", 3)).sftpTaskCount()).isEqualTo(3);
        assertThat(config(Map.of("sftpTaskCount", "3")).sftpTaskCount()).isEqualTo(3);
        assertThat(config(Map.of("sftpCpu", "2048", "sftpMemory", 4096)).sftpSize())
                .isEqualTo(new FargateSize(2048, 4096));
    }

    @Test
    void anExplicitImageWinsOverTheDockerfile() {
        assertThat(
                        config(Map.of("sftpImage", "public.ecr.aws/example/sluice-sftp:1.0"))
                                .sftpImage())
                .isEqualTo(new SftpImage.Registry("public.ecr.aws/example/sluice-sftp:1.0"));
    }

    @Test
    void removalPolicyAndOptionalValues() {
        SluiceConfig config =
                config(Map.of("removalPolicy", "Destroy", "bucketName", "acme-sftp-files"));
        assertThat(config.removal()).isEqualTo(Removal.DESTROY);
        assertThat(config.bucketName()).contains("acme-sftp-files");
    }

    @Test
    void mistakesAreReportedWithTheParameterName() {
        assertThatThrownBy(() -> config(Map.of("sftpAllowedCidrs", "10.0.0.0/33")))
                .hasMessageContaining("sftpAllowedCidrs");
        assertThatThrownBy(() -> config(Map.of("sftpAllowedCidrs", "::/0")))
                .hasMessageContaining("IPv4");
        assertThatThrownBy(() -> config(Map.of("sftpTaskCount", 1)))
                .hasMessageContaining("sftpTaskCount: at least 2");
        assertThatThrownBy(() -> config(Map.of("sftpTaskCount", "two")))
                .hasMessageContaining("sftpTaskCount: must be a whole number");
        assertThatThrownBy(() -> config(Map.of("sftpCpu", 1000))).hasMessageContaining("sftpCpu");
        assertThatThrownBy(() -> config(Map.of("sftpMemory", 1024)))
                .hasMessageContaining("sftpMemory: with sftpCpu 1024");
        assertThatThrownBy(() -> config(Map.of("removalPolicy", "snapshot")))
                .hasMessageContaining("retain or destroy");
        assertThatThrownBy(() -> config(Map.of("bucketName", "Upper_Case")))
                .hasMessageContaining("bucketName");
        assertThatThrownBy(() -> config(Map.of("sftpMaxTaskCount", 1)))
                .hasMessageContaining("sftpMaxTaskCount");
    }

    @Test
    void aMissingLambdaJarSaysToBuildTheLambdasModule() {
        assertThatThrownBy(() -> config(Map.of("lambdaJar", "target/no-such.jar")))
                .hasMessageContaining("build the lambdas module first")
                .hasMessageContaining("-c lambdaJar=");
    }

    @Test
    void noDockerfileAndNoImageSaysWhatToDo() {
        assertThatThrownBy(() -> config(Map.of("sftpDockerDir", "target")))
                .hasMessageContaining("has no Dockerfile")
                .hasMessageContaining("-c sftpImage=");
        assertThat(SftpImage.resolve(Optional.of("nginx:1"), Path.of("target")))
                .isEqualTo(new SftpImage.Registry("nginx:1"));
    }

    @Test
    void fargateSizesFollowFargatesTable() {
        new FargateSize(256, 512);
        new FargateSize(256, 2048);
        new FargateSize(4096, 30720);
        assertThatThrownBy(() -> new FargateSize(256, 1536)).hasMessageContaining("sftpMemory");
        assertThatThrownBy(() -> new FargateSize(2048, 2048)).hasMessageContaining("sftpMemory");
    }
}
