package dev.sluice.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Words a {@link QuotaSummary} as a mail: who is near or over quota, fullest first. */
final class QuotaReport {

    /** Rows shown; the rest are counted (the subject and totals still cover everyone). */
    static final int MAX_SHOWN = 500;

    private static final int NAME_SHOWN = 255;
    private static final List<String> HEADERS =
            List.of(
                    "Kind",
                    "Name",
                    "Used",
                    "Size quota",
                    "Files",
                    "Files quota",
                    "Used %",
                    "State");
    private static final Set<Integer> NUMERIC = Set.of(2, 3, 4, 5, 6);

    private QuotaReport() {}

    static MailContent render(QuotaSummary summary) {
        String subject = subject(summary);
        String title = "Sluice quota report";
        String intro =
                "Users and virtual folders at "
                        + QuotaSummary.WARN_PERCENT
                        + " % or more of a quota (size or files, whichever is closer), as the scan"
                        + " finished at "
                        + Figures.time(summary.scanned())
                        + ". At 100 % uploads are refused.";
        StringBuilder text = new StringBuilder(title).append("\n\n").append(intro).append("\n\n");
        HtmlPage html = new HtmlPage(subject).heading(1, title).paragraph(intro);

        if (summary.standings().isEmpty()) {
            String none = "Nobody is at " + QuotaSummary.WARN_PERCENT + " % of a quota.";
            text.append(none).append('\n');
            html.paragraph(none);
        } else {
            Table table = table(summary);
            text.append(TextTable.render(table));
            html.table(table);
            if (summary.standings().size() > MAX_SHOWN) {
                String rest =
                        Figures.count(summary.standings().size() - MAX_SHOWN, "more", "more")
                                + " not shown, all under the fullest listed above.";
                text.append('\n').append(rest).append('\n');
                html.paragraph(rest);
            }
        }
        String footer = "Sent by Sluice when the quota scan finished.";
        text.append("\n-- \n").append(footer).append('\n');
        html.paragraph(footer);
        return new MailContent(subject, text.toString(), html.build());
    }

    private static String subject(QuotaSummary summary) {
        long users = summary.count("user");
        long folders = summary.count("folder");
        long over = summary.overQuota("user") + summary.overQuota("folder");
        if (users + folders == 0) {
            return "Sluice quota report: no user or folder over "
                    + QuotaSummary.WARN_PERCENT
                    + " %";
        }
        List<String> parts = new ArrayList<>();
        if (users > 0) {
            parts.add(Figures.count(users, "user", "users"));
        }
        if (folders > 0) {
            parts.add(Figures.count(folders, "folder", "folders"));
        }
        return "Sluice quota report: "
                + String.join(" and ", parts)
                + " over "
                + QuotaSummary.WARN_PERCENT
                + " %"
                + (over == 0 ? "" : " (" + Figures.count(over) + " at 100 % or more)");
    }

    private static Table table(QuotaSummary summary) {
        List<List<String>> rows = new ArrayList<>();
        for (QuotaStanding s :
                summary.standings().subList(0, Math.min(MAX_SHOWN, summary.standings().size()))) {
            rows.add(
                    List.of(
                            s.kind(),
                            UserText.plain(s.name(), NAME_SHOWN),
                            Figures.bytesExact(s.usedSize()),
                            s.quotaSize() == 0 ? "unlimited" : Figures.bytesExact(s.quotaSize()),
                            Figures.count(s.usedFiles()),
                            s.quotaFiles() == 0 ? "unlimited" : Figures.count(s.quotaFiles()),
                            Figures.percent(s.percentUsed()),
                            s.overQuota() ? "OVER QUOTA" : "near quota"));
        }
        return new Table(HEADERS, NUMERIC, rows, Optional.empty());
    }
}
