package dev.sluice.quota;

import dev.sluice.mail.Delivery;
import dev.sluice.mail.EmailAddress;
import dev.sluice.mail.MailMessage;
import dev.sluice.mail.Mailer;
import dev.sluice.reports.MailContent;
import dev.sluice.reports.QuotaSummary;
import dev.sluice.reports.ReportMails;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota report by e-mail: rendered by {@link ReportMails#quota} and sent by the {@link Mailer}
 * (SES v2) from the configured sender to the configured recipients ({@code
 * SLUICE_QUOTA_REPORT_RECIPIENTS}). A report that cannot be sent is logged with SES's reason.
 */
public final class MailedQuotaReports implements QuotaReports {

    private static final Logger log = LoggerFactory.getLogger(MailedQuotaReports.class);

    private final Mailer mailer;
    private final EmailAddress sender;
    private final List<EmailAddress> recipients;

    /**
     * @param recipients at least one
     */
    public MailedQuotaReports(Mailer mailer, EmailAddress sender, List<EmailAddress> recipients) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.sender = Objects.requireNonNull(sender, "sender");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a quota report needs at least one recipient");
        }
        this.recipients = List.copyOf(recipients);
    }

    @Override
    public void finished(QuotaSummary summary) {
        try {
            MailContent content = ReportMails.quota(summary);
            MailMessage message =
                    MailMessage.builder()
                            .from(sender)
                            .to(recipients)
                            .subject(content.subject())
                            .text(content.text())
                            .html(content.html())
                            .build();
            switch (mailer.send(message)) {
                case Delivery.Sent sent ->
                        log.info(
                                "quota report sent to {} recipient(s) (SES message {})",
                                recipients.size(),
                                sent.messageId());
                case Delivery.NotSent failed ->
                        log.warn("quota report not sent: {}", failed.reason());
            }
        } catch (RuntimeException e) {
            log.warn("quota report not sent: {}", e.toString());
        }
    }
}
