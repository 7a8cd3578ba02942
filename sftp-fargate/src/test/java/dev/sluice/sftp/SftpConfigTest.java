package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.ConfigurationException;
import dev.sluice.config.SetStatMode;
import dev.sluice.config.SshPolicy;
import dev.sluice.defender.DefenderSettings;
import dev.sluice.dynamo.Tables;
import dev.sluice.quota.LeaseSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The task's configuration: the defaults it has always had, and a builder that agrees with the
 * environment.
 */
class SftpConfigTest {

    private static final Map<String, String> MINIMAL =
            Map.of("SLUICE_BUCKET", "files", "SLUICE_HOST_KEYS_SECRET_ARN", "host-keys");

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SftpConfig config = SftpConfig.fromEnvironment(MINIMAL);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(2022);
        assertThat(config.healthPort()).isEqualTo(8080);
        assertThat(config.s3Endpoint()).isEmpty();
        assertThat(config.tables().of(Tables.USERS)).isEqualTo("sluice-users");
        assertThat(config.masterKeySecretId()).isEmpty();
        assertThat(config.proxyProtocol()).isFalse();
        assertThat(config.setStatMode()).isEqualTo(SetStatMode.IGNORE);
        assertThat(config.sshPolicy()).isEqualTo(SshPolicy.SLUICE_2026_12);
        assertThat(config.scp()).as("SCP is served unless turned off").isTrue();
        assertThat(config.drain()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.uploadMemoryMiB()).isEqualTo(512);
        assertThat(config.renameDirMaxObjects()).isEqualTo(1000);
        assertThat(config.node()).isEqualTo(SftpConfig.hostName());
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.quotaLeases())
                .isEqualTo(new LeaseSettings(Duration.ofSeconds(120), Duration.ofSeconds(60)));
        assertThat(config.secretsMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxAuthTries()).isEqualTo(6);
        assertThat(config.loginGraceTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxUnauthenticated()).isEqualTo(256);
        assertThat(config.maxUnauthenticatedPerAddress()).isEqualTo(16);
        assertThat(config.defender()).isEqualTo(DefenderSettings.defaults());
        assertThat(config.defender().enabled()).isTrue();
        // The builder starts from the same defaults as the environment.
        assertThat(SftpConfig.builder().bucket("files").hostKeysSecretId("host-keys").build())
                .isEqualTo(config);
    }

    @Test
    void everyVariableReachesItsField() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.putAll(
                Map.of(
                        "SLUICE_SFTP_BIND",
                        "127.0.0.1",
                        "SLUICE_SFTP_PORT",
                        "0",
                        "SLUICE_HEALTH_PORT",
                        "-1",
                        "SLUICE_S3_ENDPOINT",
                        "http://127.0.0.1:9000",
                        "SLUICE_MASTER_KEY_SECRET_ARN",
                        "master",
                        "SLUICE_PROXY_PROTOCOL",
                        "true",
                        "SLUICE_SETSTAT_MODE",
                        "refuse",
                        "SLUICE_DRAIN_SECONDS",
                        "7",
                        "SLUICE_UPLOAD_MEMORY_MB",
                        "64",
                        "SLUICE_RENAME_DIR_MAX_OBJECTS",
                        "5"));
        env.putAll(
                Map.of(
                        "SLUICE_NODE_ID",
                        "task-7",
                        "SLUICE_HEARTBEAT_SECONDS",
                        "2",
                        "SLUICE_QUOTA_LEASE_SECONDS",
                        "9",
                        "SLUICE_QUOTA_REAP_SECONDS",
                        "4",
                        "SLUICE_SECRETS_MAX_AGE_SECONDS",
                        "0",
                        "SLUICE_SSH_POLICY",
                        "Sluice-2026-12-Strict",
                        "SLUICE_SCP",
                        "false",
                        "SLUICE_TABLE_PREFIX",
                        "x-",
                        "SLUICE_TABLE_USERS",
                        "Users-ABC"));
        SftpConfig config = SftpConfig.fromEnvironment(env);
        assertThat(config)
                .isEqualTo(
                        SftpConfig.builder()
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .healthPort(-1)
                                .bucket("files")
                                .s3Endpoint(Optional.of(URI.create("http://127.0.0.1:9000")))
                                .tables(config.tables())
                                .hostKeysSecretId("host-keys")
                                .masterKeySecretId(Optional.of("master"))
                                .proxyProtocol(true)
                                .setStatMode(SetStatMode.REFUSE)
                                .sshPolicy(SshPolicy.SLUICE_2026_12_STRICT)
                                .scp(false)
                                .drain(Duration.ofSeconds(7))
                                .uploadMemoryMiB(64)
                                .renameDirMaxObjects(5)
                                .node("task-7")
                                .heartbeat(Duration.ofSeconds(2))
                                .quotaLeases(
                                        new LeaseSettings(
                                                Duration.ofSeconds(9), Duration.ofSeconds(4)))
                                .secretsMaxAge(Duration.ZERO)
                                .build());
        assertThat(config.tables().of(Tables.USERS)).isEqualTo("Users-ABC");
        assertThat(config.tables().of(Tables.ADMINS)).isEqualTo("x-admins");
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void theLoginLimitsAndTheDefenderComeFromTheEnvironment() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.putAll(
                Map.of(
                        "SLUICE_MAX_AUTH_TRIES",
                        "3",
                        "SLUICE_LOGIN_GRACE_SECONDS",
                        "9",
                        "SLUICE_MAX_UNAUTHENTICATED",
                        "50",
                        "SLUICE_MAX_UNAUTHENTICATED_PER_ADDRESS",
                        "4",
                        "SLUICE_DEFENDER_THRESHOLD",
                        "20",
                        "SLUICE_DEFENDER_SAFE_LIST",
                        "192.0.2.0/24"));
        SftpConfig config = SftpConfig.fromEnvironment(env);
        assertThat(config.maxAuthTries()).isEqualTo(3);
        assertThat(config.loginGraceTime()).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.maxUnauthenticated()).isEqualTo(50);
        assertThat(config.maxUnauthenticatedPerAddress()).isEqualTo(4);
        assertThat(config.defender().threshold()).isEqualTo(20);
        assertThat(config.defender().isSafe(java.net.InetAddress.getByName("192.0.2.9"))).isTrue();
        assertThat(config.defender().isSafe(java.net.InetAddress.getByName("192.0.3.9"))).isFalse();
        assertThat(config.toBuilder().build()).isEqualTo(config);

        env.put("SLUICE_DEFENDER", "false");
        assertThat(SftpConfig.fromEnvironment(env).defender().enabled()).isFalse();
    }

    @Test
    void badLoginLimitsStopTheStartNamingTheSetting() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("SLUICE_MAX_AUTH_TRIES", "0");
        env.put("SLUICE_LOGIN_GRACE_SECONDS", "1");
        env.put("SLUICE_MAX_UNAUTHENTICATED_PER_ADDRESS", "many");
        assertThatThrownBy(() -> SftpConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(
                        ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("SLUICE_MAX_AUTH_TRIES")
                .hasMessageContaining("SLUICE_LOGIN_GRACE_SECONDS")
                .hasMessageContaining("SLUICE_MAX_UNAUTHENTICATED_PER_ADDRESS");
        // A score that bans on its own is refused, as SFTPGo does.
        Map<String, String> lowThreshold = new java.util.HashMap<>(MINIMAL);
        lowThreshold.put("SLUICE_DEFENDER_THRESHOLD", "2");
        assertThatThrownBy(() -> SftpConfig.fromEnvironment(lowThreshold))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED");
    }

    @Test
    void aTaskWithABrokenEnvironmentSaysEverythingWrongAtOnce() {
        assertThatThrownBy(
                        () ->
                                SftpConfig.fromEnvironment(
                                        Map.of(
                                                "SLUICE_HEARTBEAT_SECONDS",
                                                "0",
                                                "SLUICE_SFTP_PORT",
                                                "ssh")))
                .isInstanceOfSatisfying(
                        ConfigurationException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("SLUICE_BUCKET: required but not set")
                .hasMessageContaining("SLUICE_HOST_KEYS_SECRET_ARN: required but not set")
                .hasMessageContaining(
                        "SLUICE_SFTP_PORT: must be an integer between 0 and 65535 (got \"ssh\")")
                .hasMessageContaining(
                        "SLUICE_HEARTBEAT_SECONDS: must be an integer between 1 and 3600 (got \"0\")");
    }

    @Test
    void scpTakesOnlyTrueOrFalse() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("SLUICE_SCP", "sometimes");
        assertThatThrownBy(() -> SftpConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE_SCP: must be true or false (got \"sometimes\")");
    }

    @Test
    void anUnknownSshPolicyStopsTheStartNamingTheAllowedOnes() {
        for (String bad :
                java.util.List.of(
                        "sluice-2026-13", "sluice_2026_12", "TransferSecurityPolicy-2024-01")) {
            Map<String, String> env = new java.util.HashMap<>(MINIMAL);
            env.put("SLUICE_SSH_POLICY", bad);
            assertThatThrownBy(() -> SftpConfig.fromEnvironment(env))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(
                            "SLUICE_SSH_POLICY: must be sluice-2026-12 or sluice-2026-12-strict (got \""
                                    + bad
                                    + "\")");
        }
    }
}
