package dev.sluice.jobs;

import dev.sluice.config.Component;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Settings;
import dev.sluice.mail.EmailAddress;
import java.time.Duration;
import java.util.List;
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
 * @param quotaReportRecipients {@link Settings#QUOTA_REPORT_RECIPIENTS} (validated addresses);
 *     empty: the daily quota scan mails no report
 */
public record JobSettings(
        Optional<String> retentionQueueUrl,
        Optional<String> quotaScanQueueUrl,
        Optional<String> mailFrom,
        Duration history,
        List<String> quotaReportRecipients) {

    public JobSettings {
        Objects.requireNonNull(retentionQueueUrl, "retentionQueueUrl");
        Objects.requireNonNull(quotaScanQueueUrl, "quotaScanQueueUrl");
        Objects.requireNonNull(mailFrom, "mailFrom");
        Objects.requireNonNull(history, "history");
        // Checked here too, so an address given in code (local mode, tests) is held to the same
        // rule as one read from the environment.
        quotaReportRecipients =
                EmailAddress.parseAll(
                                quotaReportRecipients, Settings.QUOTA_REPORT_RECIPIENTS.variable())
                        .stream()
                        .map(EmailAddress::address)
                        .toList();
    }

    /** No queues, no mail, the default history: what the local mode and tests start from. */
    public static JobSettings defaults() {
        return new JobSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofDays(Settings.JOB_HISTORY_DAYS.defaultValue().orElseThrow()),
                List.of());
    }

    /** Reads them (problems go to {@code env}, for its {@code check()}). */
    public static JobSettings read(EnvironmentReader env) {
        Integer days = env.get(Settings.JOB_HISTORY_DAYS);
        // Only the jobs mail the quota report; the API functions never read the setting.
        List<String> quotaRecipients =
                env.component() == Component.JOBS
                        ? env.optional(Settings.QUOTA_REPORT_RECIPIENTS).orElse(List.of())
                        : List.of();
        return new JobSettings(
                Optional.ofNullable(env.get(Settings.RETENTION_QUEUE_URL)),
                Optional.ofNullable(env.get(Settings.QUOTA_SCAN_QUEUE_URL)),
                env.optional(Settings.MAIL_FROM),
                Duration.ofDays(days == null ? 35 : days),
                quotaRecipients);
    }

    /** The same settings sending reports from {@code address}. */
    public JobSettings withMailFrom(Optional<String> address) {
        return new JobSettings(
                retentionQueueUrl, quotaScanQueueUrl, address, history, quotaReportRecipients);
    }

    /** The same settings mailing the daily quota report to {@code addresses} (validated). */
    public JobSettings withQuotaReportRecipients(List<String> addresses) {
        return new JobSettings(retentionQueueUrl, quotaScanQueueUrl, mailFrom, history, addresses);
    }
}
