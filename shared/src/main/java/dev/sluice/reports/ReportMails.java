package dev.sluice.reports;

/**
 * Turns job results into report mails: a subject, a plain-text part with aligned columns and an
 * HTML part with a table per user. Every user-controlled string (user and folder names, paths,
 * error messages, policy names) is stripped of control characters in the subject and the text, and
 * HTML-escaped in the HTML part. Nothing here talks to AWS.
 */
public final class ReportMails {

    private ReportMails() {}

    /**
     * The report of a retention check or a retention policy run.
     *
     * @param summary what the run did, per user and path
     * @return e.g. subject "Sluice retention check of alice: 120 files deleted, 3.2 MiB freed"
     */
    public static MailContent retention(RetentionSummary summary) {
        return RetentionReport.render(summary);
    }

    /**
     * The report of a quota scan: users and folders at 80 % of a quota or more.
     *
     * @param summary what the scan found
     * @return e.g. subject "Sluice quota report: 3 users over 80 %"
     */
    public static MailContent quota(QuotaSummary summary) {
        return QuotaReport.render(summary);
    }
}
