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

    @Test
    void theApiDefaultsAreTheDocumentedOnes() {
        ApiConfig config =
                ApiConfig.fromEnvironment(
                        Map.of(
                                "SLUICE_BUCKET",
                                "files",
                                "SLUICE_JWT_SECRET_ARN",
                                "jwt",
                                "SLUICE_MASTER_KEY_SECRET_ARN",
                                "master"));
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.secretsMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.adminSecretId()).isEmpty();
        assertThat(config.tables().of(Tables.ADMINS)).isEqualTo("sluice-admins");
        assertThat(config.version()).isEqualTo(BuildInfo.VERSION);
        assertThat(
                        ApiConfig.builder()
                                .bucket("files")
                                .jwtSecretId("jwt")
                                .masterKeySecretId("master")
                                .build())
                .isEqualTo(config);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void theApiNeedsItsSecretsAndSaysWhichAreMissing() {
        assertThatThrownBy(
                        () ->
                                ApiConfig.fromEnvironment(
                                        Map.of(
                                                "SLUICE_BUCKET",
                                                "files",
                                                "SLUICE_TOKEN_TTL_MINUTES",
                                                "0")))
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
                        Map.of("SLUICE_BUCKET", "files", "SLUICE_SECRETS_MAX_AGE_SECONDS", "60"));
        assertThat(config)
                .isEqualTo(
                        JobsConfig.builder()
                                .bucket("files")
                                .secretsMaxAge(Duration.ofSeconds(60))
                                .build());
        assertThat(config.masterKeySecretId()).isEqualTo(Optional.empty());
        // The scan used to start without a bucket and fail on every message.
        assertThatThrownBy(() -> JobsConfig.fromEnvironment(Map.of()))
                .hasMessageContaining("SLUICE_BUCKET: required but not set");
    }
}
