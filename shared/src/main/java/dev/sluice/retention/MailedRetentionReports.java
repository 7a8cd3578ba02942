package dev.sluice.retention;

import dev.sluice.jobs.JobRun;
import dev.sluice.json.Json;
import dev.sluice.mail.Delivery;
import dev.sluice.mail.EmailAddress;
import dev.sluice.mail.MailMessage;
import dev.sluice.mail.Mailer;
import dev.sluice.reports.MailContent;
import dev.sluice.reports.PathRetention;
import dev.sluice.reports.ReportMails;
import dev.sluice.reports.RetentionSummary;
import dev.sluice.reports.UserRetention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention reports by e-mail: a finished check or policy run becomes a {@link RetentionSummary},
 * rendered by {@link ReportMails} and sent by the {@link Mailer} (SES v2) from the configured
 * sender to the run's recipients. A report that cannot be sent is logged with SES's reason; the run
 * is not affected.
 */
public final class MailedRetentionReports implements RetentionReports {

    private static final Logger log = LoggerFactory.getLogger(MailedRetentionReports.class);

    private final Mailer mailer;
    private final EmailAddress sender;

    public MailedRetentionReports(Mailer mailer, EmailAddress sender) {
        this.mailer = mailer;
        this.sender = sender;
    }

    @Override
    public void finished(JobRun run, List<JobRun> checks) {
        try {
            RetentionSummary summary = summary(run, checks);
            MailContent content = ReportMails.retention(summary);
            MailMessage message =
                    MailMessage.builder()
                            .from(sender)
                            .to(EmailAddress.parseAll(run.recipients(), "recipients"))
                            .subject(content.subject())
                            .text(content.text())
                            .html(content.html())
                            .build();
            switch (mailer.send(message)) {
                case Delivery.Sent sent ->
                        log.info(
                                "report of {} sent to {} recipient(s) (SES message {})",
                                run.id(),
                                run.recipients().size(),
                                sent.messageId());
                case Delivery.NotSent failed ->
                        log.warn("report of {} not sent: {}", run.id(), failed.reason());
            }
        } catch (RuntimeException e) {
            log.warn("report of {} not sent: {}", run.id(), e.toString());
        }
    }

    /** The report of a check (no {@code checks}) or of a policy run and its checks. */
    public static RetentionSummary summary(JobRun run, List<JobRun> checks) {
        List<UserRetention> users = new ArrayList<>();
        if (checks.isEmpty()
                && run.parentRun().isEmpty()
                && run.kind() == dev.sluice.jobs.JobKind.RETENTION_CHECK) {
            users.add(user(run));
            return new RetentionSummary(
                    Optional.empty(),
                    Instant.ofEpochMilli(run.startedAt()),
                    Instant.ofEpochMilli(run.finishedAt()),
                    users);
        }
        for (JobRun check : checks) {
            users.add(user(check));
        }
        return new RetentionSummary(
                Optional.of(run.subject()),
                Instant.ofEpochMilli(run.startedAt()),
                Instant.ofEpochMilli(run.finishedAt()),
                users);
    }

    private static UserRetention user(JobRun check) {
        List<PathRetention> paths = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        check.failure().ifPresent(errors::add);
        try {
            if (check.result() != null && check.result().isObject()) {
                RetentionResult result =
                        Json.mapper().treeToValue(check.result(), RetentionResult.class);
                for (PathTally t : result.paths()) {
                    List<String> messages = new ArrayList<>(t.messages());
                    if (t.denied() > 0) {
                        messages.add(
                                t.denied()
                                        + " old file(s) kept: the user may not delete them (ignore_user_permissions is false)");
                    }
                    paths.add(
                            new PathRetention(
                                    t.path(),
                                    t.retention(),
                                    t.examined(),
                                    t.deleted(),
                                    t.bytes(),
                                    t.dirs(),
                                    messages));
                }
            }
        } catch (Exception e) {
            errors.add("result unreadable: " + e.getMessage());
        }
        long end = check.finishedAt() > 0 ? check.finishedAt() : check.startedAt();
        return new UserRetention(
                check.subject(),
                Instant.ofEpochMilli(check.startedAt()),
                Instant.ofEpochMilli(end),
                paths,
                errors);
    }
}
