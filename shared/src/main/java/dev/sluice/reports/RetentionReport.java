package dev.sluice.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Words a {@link RetentionSummary} as a mail: subject, aligned text, HTML tables. */
final class RetentionReport {

    /** Users shown one by one; beyond this the mail would outgrow what readers (and SES) take. */
    static final int MAX_USERS_SHOWN = 200;

    /** Error messages listed per user; the rest are counted. */
    static final int MAX_ERRORS_SHOWN = 20;

    private static final int NAME_IN_SUBJECT = 60;
    private static final int PATH_SHOWN = 300;
    private static final int ERROR_SHOWN = 300;
    private static final List<String> HEADERS =
            List.of(
                    "Path",
                    "Retention",
                    "Examined",
                    "Deleted",
                    "Freed",
                    "Empty dirs removed",
                    "Errors");
    private static final Set<Integer> NUMERIC = Set.of(2, 3, 4, 5, 6);

    private RetentionReport() {}

    static MailContent render(RetentionSummary summary) {
        String subject = subject(summary);
        String title = title(summary);
        StringBuilder text = new StringBuilder();
        HtmlPage html = new HtmlPage(subject);

        text.append(title).append("\n\n").append(timing(summary)).append("\n\n");
        html.heading(1, title).paragraph(timing(summary));

        Table totals = totals(summary);
        text.append("Totals\n").append(TextTable.render(totals)).append('\n');
        html.heading(2, "Totals").table(totals);

        List<UserRetention> shown = shown(summary.users());
        for (UserRetention user : shown) {
            String heading = "User " + UserText.plain(user.username());
            String about = userLine(user);
            Table table = paths(user);
            List<String> errors = errors(user);
            text.append(heading).append(": ").append(about).append("\n\n");
            text.append(TextTable.render(table));
            html.heading(2, heading).paragraph(about).table(table);
            if (!errors.isEmpty()) {
                text.append("\n  Errors:\n");
                errors.forEach(e -> text.append("  - ").append(e).append('\n'));
                html.paragraph("Errors:").list(errors);
            }
            text.append('\n');
        }
        if (shown.size() < summary.users().size()) {
            String rest = notShown(summary, shown);
            text.append(rest).append('\n');
            html.paragraph(rest);
        }
        String footer =
                "Sent by Sluice when the retention "
                        + (summary.policy().isPresent() ? "policy run" : "check")
                        + " finished. Files are deleted by the rules' age; deleted files cannot be"
                        + " recovered through Sluice.";
        text.append("-- \n").append(footer).append('\n');
        html.paragraph(footer);
        return new MailContent(subject, text.toString(), html.build());
    }

    private static String subject(RetentionSummary summary) {
        String figures =
                Figures.count(summary.filesDeleted(), "file", "files")
                        + " deleted, "
                        + Figures.bytes(summary.bytesFreed())
                        + " freed"
                        + (summary.errorCount() == 0
                                ? ""
                                : ", " + Figures.count(summary.errorCount(), "error", "errors"));
        Optional<String> policy = summary.policy();
        if (policy.isPresent()) {
            return "Sluice retention policy "
                    + UserText.plain(policy.get(), NAME_IN_SUBJECT)
                    + ": "
                    + Figures.count(summary.users().size(), "user", "users")
                    + ", "
                    + figures;
        }
        return "Sluice retention check of " + who(summary, NAME_IN_SUBJECT) + ": " + figures;
    }

    private static String title(RetentionSummary summary) {
        return summary.policy()
                .map(p -> "Sluice retention policy " + UserText.plain(p))
                .orElseGet(() -> "Sluice retention check of " + who(summary, Integer.MAX_VALUE));
    }

    private static String who(RetentionSummary summary, int max) {
        return summary.users().size() == 1
                ? UserText.plain(summary.users().get(0).username(), max)
                : Figures.count(summary.users().size(), "user", "users");
    }

    private static String timing(RetentionSummary summary) {
        return "Started "
                + Figures.time(summary.started())
                + ", finished "
                + Figures.time(summary.finished())
                + ", took "
                + Figures.duration(summary.duration())
                + ".";
    }

    private static Table totals(RetentionSummary s) {
        List<List<String>> rows =
                List.of(
                        List.of("Users", Figures.count(s.users().size())),
                        List.of("Files examined", Figures.count(s.filesExamined())),
                        List.of("Files deleted", Figures.count(s.filesDeleted())),
                        List.of("Freed", Figures.bytesExact(s.bytesFreed())),
                        List.of("Empty dirs removed", Figures.count(s.dirsDeleted())),
                        List.of("Errors", Figures.count(s.errorCount())),
                        List.of("Duration", Figures.duration(s.duration())));
        return new Table(List.of("", "Total"), Set.of(1), rows, Optional.empty());
    }

    private static String userLine(UserRetention user) {
        return Figures.count(user.filesDeleted(), "file", "files")
                + " deleted, "
                + Figures.bytes(user.bytesFreed())
                + " freed, "
                + Figures.count(user.errorCount(), "error", "errors")
                + "; started "
                + Figures.time(user.started())
                + ", took "
                + Figures.duration(user.duration())
                + ".";
    }

    private static Table paths(UserRetention user) {
        List<List<String>> rows = new ArrayList<>();
        for (PathRetention p : user.paths()) {
            rows.add(
                    List.of(
                            UserText.plain(p.path(), PATH_SHOWN),
                            Figures.retention(p.retentionHours()),
                            Figures.count(p.filesExamined()),
                            Figures.count(p.filesDeleted()),
                            Figures.bytesExact(p.bytesFreed()),
                            Figures.count(p.dirsDeleted()),
                            Figures.count(p.errors().size())));
        }
        List<String> total =
                List.of(
                        "Total",
                        "",
                        Figures.count(user.filesExamined()),
                        Figures.count(user.filesDeleted()),
                        Figures.bytesExact(user.bytesFreed()),
                        Figures.count(user.dirsDeleted()),
                        Figures.count(user.errorCount()));
        return new Table(HEADERS, NUMERIC, rows, Optional.of(total));
    }

    /** The user's errors, each prefixed by its path, at most {@link #MAX_ERRORS_SHOWN}. */
    private static List<String> errors(UserRetention user) {
        List<String> all = new ArrayList<>();
        user.errors().forEach(e -> all.add(UserText.plain(e, ERROR_SHOWN)));
        for (PathRetention p : user.paths()) {
            for (String e : p.errors()) {
                all.add(
                        UserText.plain(p.path(), PATH_SHOWN)
                                + ": "
                                + UserText.plain(e, ERROR_SHOWN));
            }
        }
        if (all.size() <= MAX_ERRORS_SHOWN) {
            return all;
        }
        List<String> some = new ArrayList<>(all.subList(0, MAX_ERRORS_SHOWN));
        some.add("… and " + Figures.count(all.size() - MAX_ERRORS_SHOWN) + " more");
        return some;
    }

    /**
     * All users when they fit; otherwise those with errors first, then those that lost the most
     * files, so what needs attention is never the part cut off.
     */
    private static List<UserRetention> shown(List<UserRetention> users) {
        if (users.size() <= MAX_USERS_SHOWN) {
            return users;
        }
        return users.stream()
                .sorted(
                        Comparator.comparing((UserRetention u) -> u.errorCount() == 0)
                                .thenComparing(
                                        Comparator.comparingLong(UserRetention::filesDeleted)
                                                .reversed()))
                .limit(MAX_USERS_SHOWN)
                .toList();
    }

    private static String notShown(RetentionSummary summary, List<UserRetention> shown) {
        long files = summary.filesDeleted();
        long bytes = summary.bytesFreed();
        long errors = summary.errorCount();
        for (UserRetention u : shown) {
            files -= u.filesDeleted();
            bytes -= u.bytesFreed();
            errors -= u.errorCount();
        }
        return Figures.count(summary.users().size() - shown.size(), "more user", "more users")
                + " not shown: "
                + Figures.count(files, "file", "files")
                + " deleted, "
                + Figures.bytesExact(bytes)
                + " freed, "
                + Figures.count(errors, "error", "errors")
                + ". The totals above include them.";
    }
}
