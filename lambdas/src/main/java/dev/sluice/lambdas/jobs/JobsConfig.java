package dev.sluice.lambdas.jobs;

import dev.sluice.config.Component;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Settings;
import dev.sluice.dynamo.TableNames;
import dev.sluice.jobs.JobSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The scheduled jobs' configuration: on AWS from their environment ({@link #fromEnvironment}), in
 * the local mode from a {@link #builder()}.
 *
 * @param bucket the installation's bucket ({@link Settings#BUCKET})
 * @param masterKeySecretId secret that opens users' own S3 credentials ({@link
 *     Settings#MASTER_KEY_SECRET_ARN})
 * @param secretsMaxAge how long a secret is used before it is read again ({@link
 *     Settings#SECRETS_MAX_AGE})
 * @param jobs the job queues, the report sender and the history period
 */
public record JobsConfig(
        TableNames tables,
        String bucket,
        Optional<String> masterKeySecretId,
        Duration secretsMaxAge,
        JobSettings jobs) {

    public JobsConfig {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(masterKeySecretId, "masterKeySecretId");
        Objects.requireNonNull(secretsMaxAge, "secretsMaxAge");
        Objects.requireNonNull(jobs, "jobs");
    }

    /**
     * @throws dev.sluice.config.ConfigurationException naming every variable missing or invalid
     */
    public static JobsConfig fromEnvironment(Map<String, String> env) {
        return read(new EnvironmentReader(env, Component.JOBS));
    }

    /** Reads every jobs setting, then reports every problem at once. */
    public static JobsConfig read(EnvironmentReader env) {
        Builder b =
                builder()
                        .tables(env.tables())
                        .bucket(env.get(Settings.BUCKET))
                        .masterKeySecretId(env.optional(Settings.MASTER_KEY_SECRET_ARN))
                        .secretsMaxAge(env.get(Settings.SECRETS_MAX_AGE))
                        .jobs(JobSettings.read(env));
        env.check();
        return b.build();
    }

    /** Settings at their defaults; the bucket must be set. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private TableNames tables =
                TableNames.withPrefix(Settings.TABLE_PREFIX.defaultValue().orElseThrow());
        private String bucket;
        private Optional<String> masterKeySecretId = Optional.empty();
        private Duration secretsMaxAge = Settings.SECRETS_MAX_AGE.defaultValue().orElseThrow();
        private JobSettings jobs = JobSettings.defaults();

        private Builder() {}

        public Builder jobs(JobSettings value) {
            this.jobs = value;
            return this;
        }

        public Builder tables(TableNames value) {
            this.tables = value;
            return this;
        }

        public Builder bucket(String value) {
            this.bucket = value;
            return this;
        }

        public Builder masterKeySecretId(Optional<String> value) {
            this.masterKeySecretId = value;
            return this;
        }

        public Builder secretsMaxAge(Duration value) {
            this.secretsMaxAge = value;
            return this;
        }

        public JobsConfig build() {
            return new JobsConfig(tables, bucket, masterKeySecretId, secretsMaxAge, jobs);
        }
    }
}
