package dev.sluice.cli.convert;

import java.io.PrintWriter;

/** The report of a conversion on standard error: counts, then each user's notes and each skip. */
final class Summary {

    private final PrintWriter err;

    Summary(PrintWriter err) {
        this.err = err;
    }

    void print(String source, Conversion conversion) {
        err.println(
                source
                        + ": "
                        + conversion.users().size()
                        + " converted, "
                        + conversion.skipped().size()
                        + " skipped");
        for (ConvertedUser user : conversion.users()) {
            err.println(
                    "  converted "
                            + user.username()
                            + ": old home "
                            + user.originalHome()
                            + " (copy its files to the user's home in the bucket)");
            for (String note : user.notes()) {
                err.println("    note: " + note);
            }
        }
        for (SkippedAccount skip : conversion.skipped()) {
            err.println(
                    "  skipped "
                            + (skip.username().isEmpty() ? "(no name)" : skip.username())
                            + (skip.line() > 0 ? " (line " + skip.line() + ")" : "")
                            + ": "
                            + skip.reason());
        }
        err.flush();
    }
}
