package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.ConfigurationException;
import dev.sluice.dynamo.Tables;
import dev.sluice.lambdas.jobs.JobsConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The API functions' and the jobs' configuration: the defaults they have always had, and builders
 * that agree.
 */
class ApiConfigTest {

    /** Where the jobs' work goes: required by the API functions and the jobs alike. */
    private static final Map<String, String> QUEUES =
            Map.of(
                    "SLUICE_RETENTION_QUEUE_URL",
                    "https://sqs.eu-west-1.amazonaws.com/123456789012/retention",
                    "SLUICE_QUOTA_SCAN_QUEUE_URL",
                    "https://sqs.eu-west-1.amazonaws.com/123456789012/quota-scans");

    /** What only the API functions require besides their secrets: retention policies' schedules. */
    private static final Map<String, String> SCHEDULES =
            Map.of(
                    "SLUICE_RETENTION_QUEUE_ARN",
                    "arn:aws:sqs:eu-west-1:123456789012:retention",
                    "SLUICE_SCHEDULE_GROUP",
                    "SluiceJobs-retention",
                    "SLUICE_SCHEDULE_ROLE_ARN",
                    "arn:aws:iam::123456789012:role/scheduler");

    private static Map<String, String> with(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(QUEUES);
        all.putAll(SCHEDULES);
        return all;
    }

    @Test
    void theApiDefaultsAreTheDocumentedOnes() {
        ApiConfig config =
                ApiConfig.fromEnvironment(
                        with(
                                Map.of(
                                        "SLUICE_BUCKET",
                                        "files",
                                        "SLUICE_JWT_SECRET_ARN",
                                        "jwt",
                                        "SLUICE_MASTER_KEY_SECRET_ARN",
                                        "master")));
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.secretsMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.adminSecretId()).isEmpty();
        assertThat(config.tables().of(Tables.ADMINS)).isEqualTo("sluice-admins");
        assertThat(config.version()).isEqualTo(BuildInfo.VERSION);
        assertThat(config.jobs().retentionQueueUrl())
                .contains(QUEUES.get("SLUICE_RETENTION_QUEUE_URL"));
        assertThat(config.jobs().mailFrom()).isEmpty();
        assertThat(config.jobs().history()).isEqualTo(Duration.ofDays(35));
        assertThat(config.schedules()).isPresent();
        assertThat(
                        ApiConfig.builder()
                                .bucket("files")
                                .jwtSecretId("jwt")
                                .masterKeySecretId("master")
                                .jobs(config.jobs())
                                .schedules(config.schedules())
                                .build())
                .isEqualTo(config);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void theApiNeedsItsSecretsAndSaysWhichAreMissing() {
        assertThatThrownBy(
                        () ->
                                ApiConfig.fromEnvironment(
                                        with(
                                                Map.of(
                                                        "SLUICE_BUCKET",
                                                        "files",
                                                        "SLUICE_TOKEN_TTL_MINUTES",
                                                        "0"))))
                .isInstanceOfSatisfying(
                        ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("SLUICE_JWT_SECRET_ARN: required but not set")
                .hasMessageContaining("SLUICE_MASTER_KEY_SECRET_ARN: required but not set")
                .hasMessageContaining(
                        "SLUICE_TOKEN_TTL_MINUTES: must be an integer between 1 and 1440 (got \"0\")");
    }

    @Test
    void theJobsNeedTheBucketAndMayDoWithoutTheMasterKey() {
        JobsConfig config =
                JobsConfig.fromEnvironment(
                        withQueues(
                                Map.of(
                                        "SLUICE_BUCKET",
                                        "files",
                                        "SLUICE_SECRETS_MAX_AGE_SECONDS",
                                        "60")));
        assertThat(config)
                .isEqualTo(
                        JobsConfig.builder()
                                .bucket("files")
                                .secretsMaxAge(Duration.ofSeconds(60))
                                .jobs(config.jobs())
                                .build());
        assertThat(config.jobs().quotaScanQueueUrl())
                .contains(QUEUES.get("SLUICE_QUOTA_SCAN_QUEUE_URL"));
        assertThat(config.masterKeySecretId()).isEqualTo(Optional.empty());
        // The scan used to start without a bucket and fail on every message.
        assertThatThrownBy(() -> JobsConfig.fromEnvironment(Map.of()))
                .hasMessageContaining("SLUICE_BUCKET: required but not set");
    }

    @Test
    void aStackThatForgetsWhereWorkGoesFailsAtStart() {
        Map<String, String> api =
                with(
                        Map.of(
                                "SLUICE_BUCKET",
                                "files",
                                "SLUICE_JWT_SECRET_ARN",
                                "jwt",
                                "SLUICE_MASTER_KEY_SECRET_ARN",
                                "master"));
        api.remove("SLUICE_SCHEDULE_GROUP");
        assertThatThrownBy(() -> ApiConfig.fromEnvironment(api))
                .hasMessageContaining("SLUICE_SCHEDULE_GROUP: required but not set");
        assertThatThrownBy(() -> JobsConfig.fromEnvironment(Map.of("SLUICE_BUCKET", "files")))
                .hasMessageContaining("SLUICE_RETENTION_QUEUE_URL: required but not set")
                .hasMessageContaining("SLUICE_QUOTA_SCAN_QUEUE_URL: required but not set");
    }

    @Test
    void theDefenderIsReadWithTheApiAndItsProblemsReportedWithTheOthers() {
        Map<String, String> env =
                with(
                        Map.of(
                                "SLUICE_BUCKET",
                                "files",
                                "SLUICE_JWT_SECRET_ARN",
                                "jwt",
                                "SLUICE_MASTER_KEY_SECRET_ARN",
                                "master"));
        assertThat(ApiConfig.fromEnvironment(env).defender())
                .isEqualTo(dev.sluice.defender.DefenderSettings.defaults());
        env.put("SLUICE_DEFENDER_THRESHOLD", "4");
        env.put("SLUICE_DEFENDER_SAFE_LIST", "192.0.2.0/24");
        var read = ApiConfig.fromEnvironment(env).defender();
        assertThat(read.threshold()).isEqualTo(4);
        assertThat(read.isSafe(dev.sluice.net.Cidr.address("192.0.2.9").orElseThrow())).isTrue();
        // A score that bans on one event, and another problem: both named at once.
        env.put("SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED", "4");
        env.remove("SLUICE_JWT_SECRET_ARN");
        assertThatThrownBy(() -> ApiConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(
                        ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("SLUICE_JWT_SECRET_ARN: required but not set")
                .hasMessageContaining(
                        "SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED: must be lower than"
                                + " SLUICE_DEFENDER_THRESHOLD (4)");
        env.put("SLUICE_DEFENDER", "false");
        env.put("SLUICE_JWT_SECRET_ARN", "jwt");
        assertThat(ApiConfig.fromEnvironment(env).defender().enabled())
                .as("scores are only checked when the defender runs")
                .isFalse();
    }

    private static Map<String, String> withQueues(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(QUEUES);
        return all;
    }
}
