package dev.sluice.jobs;

import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the API functions and the jobs need to know about the jobs: their queues (absent in the
 * local mode, which runs jobs in-process), the sender of reports, and how long results are kept.
 *
 * @param retentionQueueUrl {@link Settings#RETENTION_QUEUE_URL}
 * @param quotaScanQueueUrl {@link Settings#QUOTA_SCAN_QUEUE_URL}
 * @param mailFrom {@link Settings#MAIL_FROM}; empty: no report is mailed
 * @param history {@link Settings#JOB_HISTORY_DAYS}
 */
public record JobSettings(
        Optional<String> retentionQueueUrl,
        Optional<String> quotaScanQueueUrl,
        Optional<String> mailFrom,
        Duration history) {

    public JobSettings {
        Objects.requireNonNull(retentionQueueUrl, "retentionQueueUrl");
        Objects.requireNonNull(quotaScanQueueUrl, "quotaScanQueueUrl");
        Objects.requireNonNull(mailFrom, "mailFrom");
        Objects.requireNonNull(history, "history");
    }

    /** No queues, no mail, the default history: what the local mode and tests start from. */
    public static JobSettings defaults() {
        return new JobSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofDays(Settings.JOB_HISTORY_DAYS.defaultValue().orElseThrow()));
    }

    /** Reads them (problems go to {@code env}, for its {@code check()}). */
    public static JobSettings read(EnvironmentReader env) {
        Integer days = env.get(Settings.JOB_HISTORY_DAYS);
        return new JobSettings(
                Optional.ofNullable(env.get(Settings.RETENTION_QUEUE_URL)),
                Optional.ofNullable(env.get(Settings.QUOTA_SCAN_QUEUE_URL)),
                env.optional(Settings.MAIL_FROM),
                Duration.ofDays(days == null ? 35 : days));
    }

    /** The same settings sending reports from {@code address}. */
    public JobSettings withMailFrom(Optional<String> address) {
        return new JobSettings(retentionQueueUrl, quotaScanQueueUrl, address, history);
    }
}
