package dev.sluice.lambdas.api;

import dev.sluice.config.Component;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Settings;
import dev.sluice.defender.DefenderSettings;
import dev.sluice.dynamo.TableNames;
import dev.sluice.jobs.JobSettings;
import dev.sluice.validation.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API functions' configuration: on AWS from their environment ({@link #fromEnvironment}, the
 * CDK stacks set it), in the local mode and tests from a {@link #builder()}.
 *
 * @param bucket the installation's bucket ({@link Settings#BUCKET}): the tenant rule of {@code
 *     filesystem} needs it when users and folders are saved
 * @param jwtSecretId secret holding the JWT signing key text ({@link Settings#JWT_SECRET_ARN})
 * @param masterKeySecretId secret whose text derives the key that encrypts user secrets ({@link
 *     Settings#MASTER_KEY_SECRET_ARN})
 * @param adminSecretId secret with the first admin, {"username","password"} ({@link
 *     Settings#ADMIN_SECRET_ARN})
 * @param tokenTtl access token lifetime ({@link Settings#TOKEN_TTL})
 * @param secretsMaxAge how long a secret is used before it is read again ({@link
 *     Settings#SECRETS_MAX_AGE})
 * @param restoreTimeBudget how long one {@code loaddata} call restores before it checkpoints and
 *     answers 202 ({@link Settings#RESTORE_TIME_BUDGET})
 * @param jobs the job queues, the report sender and the history period
 * @param schedules where retention policies' schedules go ({@link Settings#SCHEDULE_GROUP}, {@link
 *     Settings#SCHEDULE_ROLE_ARN}, {@link Settings#RETENTION_QUEUE_ARN}); empty in the local mode
 * @param defender the defender's settings ({@code SLUICE_DEFENDER*}): which source addresses the
 *     token route and API key checks refuse and score
 */
public record ApiConfig(
        TableNames tables,
        String bucket,
        String jwtSecretId,
        String masterKeySecretId,
        Optional<String> adminSecretId,
        Duration tokenTtl,
        Duration secretsMaxAge,
        String version,
        Duration restoreTimeBudget,
        JobSettings jobs,
        Optional<ScheduleTarget> schedules,
        DefenderSettings defender) {

    /**
     * The EventBridge Scheduler group policies' schedules live in, the role they assume and the
     * queue they send to.
     */
    public record ScheduleTarget(String group, String roleArn, String queueArn) {}

    public ApiConfig {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(jwtSecretId, "jwtSecretId");
        Objects.requireNonNull(masterKeySecretId, "masterKeySecretId");
        Objects.requireNonNull(adminSecretId, "adminSecretId");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(secretsMaxAge, "secretsMaxAge");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(restoreTimeBudget, "restoreTimeBudget");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(defender, "defender");
    }

    /**
     * @throws dev.sluice.config.ConfigurationException naming every variable missing or invalid
     */
    public static ApiConfig fromEnvironment(Map<String, String> env) {
        return read(new EnvironmentReader(env, Component.API_FUNCTIONS));
    }

    /** Reads every API setting, then reports every problem at once. */
    public static ApiConfig read(EnvironmentReader env) {
        Builder b =
                builder()
                        .tables(env.tables())
                        .bucket(env.get(Settings.BUCKET))
                        .jwtSecretId(env.get(Settings.JWT_SECRET_ARN))
                        .masterKeySecretId(env.get(Settings.MASTER_KEY_SECRET_ARN))
                        .adminSecretId(env.optional(Settings.ADMIN_SECRET_ARN))
                        .tokenTtl(env.get(Settings.TOKEN_TTL))
                        .secretsMaxAge(env.get(Settings.SECRETS_MAX_AGE))
                        .restoreTimeBudget(env.get(Settings.RESTORE_TIME_BUDGET))
                        .jobs(JobSettings.read(env));
        String group = env.get(Settings.SCHEDULE_GROUP);
        String role = env.get(Settings.SCHEDULE_ROLE_ARN);
        String queue = env.get(Settings.RETENTION_QUEUE_ARN);
        if (group != null && role != null && queue != null) {
            b.schedules(Optional.of(new ScheduleTarget(group, role, queue)));
        }
        try {
            b.defender(DefenderSettings.fromEnvironment(env));
        } catch (ConfigurationException scores) {
            // Scores that would ban on one event: reported together with every other problem.
            List<FieldError> all = new ArrayList<>(env.problems());
            all.addAll(scores.problems());
            throw new ConfigurationException(all);
        }
        env.check();
        return b.build();
    }

    /** Settings at their defaults; the bucket and the JWT and master key secrets must be set. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .tables(tables)
                .bucket(bucket)
                .jwtSecretId(jwtSecretId)
                .masterKeySecretId(masterKeySecretId)
                .adminSecretId(adminSecretId)
                .tokenTtl(tokenTtl)
                .secretsMaxAge(secretsMaxAge)
                .version(version)
                .restoreTimeBudget(restoreTimeBudget)
                .jobs(jobs)
                .schedules(schedules)
                .defender(defender);
    }

    public static final class Builder {
        private TableNames tables =
                TableNames.withPrefix(Settings.TABLE_PREFIX.defaultValue().orElseThrow());
        private String bucket;
        private String jwtSecretId;
        private String masterKeySecretId;
        private Optional<String> adminSecretId = Optional.empty();
        private Duration tokenTtl = Settings.TOKEN_TTL.defaultValue().orElseThrow();
        private Duration secretsMaxAge = Settings.SECRETS_MAX_AGE.defaultValue().orElseThrow();
        private String version = BuildInfo.VERSION;
        private Duration restoreTimeBudget =
                Settings.RESTORE_TIME_BUDGET.defaultValue().orElseThrow();
        private JobSettings jobs = JobSettings.defaults();
        private Optional<ScheduleTarget> schedules = Optional.empty();
        private DefenderSettings defender = DefenderSettings.defaults();

        private Builder() {}

        public Builder tables(TableNames value) {
            this.tables = value;
            return this;
        }

        public Builder bucket(String value) {
            this.bucket = value;
            return this;
        }

        public Builder jwtSecretId(String value) {
            this.jwtSecretId = value;
            return this;
        }

        public Builder masterKeySecretId(String value) {
            this.masterKeySecretId = value;
            return this;
        }

        public Builder adminSecretId(Optional<String> value) {
            this.adminSecretId = value;
            return this;
        }

        public Builder tokenTtl(Duration value) {
            this.tokenTtl = value;
            return this;
        }

        public Builder secretsMaxAge(Duration value) {
            this.secretsMaxAge = value;
            return this;
        }

        /**
         * The version {@code GET /api/v2/version} reports (the build's, unless a test says
         * otherwise).
         */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public Builder restoreTimeBudget(Duration value) {
            this.restoreTimeBudget = value;
            return this;
        }

        public Builder jobs(JobSettings value) {
            this.jobs = value;
            return this;
        }

        public Builder schedules(Optional<ScheduleTarget> value) {
            this.schedules = value;
            return this;
        }

        /** The defender's settings ({@link DefenderSettings#defaults()} unless given). */
        public Builder defender(DefenderSettings value) {
            this.defender = value;
            return this;
        }

        public ApiConfig build() {
            return new ApiConfig(
                    tables,
                    bucket,
                    jwtSecretId,
                    masterKeySecretId,
                    adminSecretId,
                    tokenTtl,
                    secretsMaxAge,
                    version,
                    restoreTimeBudget,
                    jobs,
                    schedules,
                    defender);
        }
    }
}
