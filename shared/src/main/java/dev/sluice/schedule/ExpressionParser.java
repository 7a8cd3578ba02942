package dev.sluice.schedule;

import dev.sluice.validation.Problems;
import java.util.Optional;

/** Recognises which kind of expression a text is and hands its inside to that kind's parser. */
final class ExpressionParser {

    static final String EXAMPLES = "e.g. cron(0 3 * * ? *), rate(1 day) or at(2030-01-31T03:00:00)";

    private ExpressionParser() {}

    static ScheduleExpression parse(String expression, String field) {
        Problems problems = new Problems();
        Complaints complaints = new Complaints(problems, field, expression);
        Optional<? extends ScheduleExpression> parsed = parse(expression, complaints);
        problems.throwIfAny();
        return parsed.orElseThrow();
    }

    private static Optional<? extends ScheduleExpression> parse(String text, Complaints out) {
        if (text == null || text.isEmpty()) {
            out.problems().add(out.field(), null, "is required, " + EXAMPLES);
            return Optional.empty();
        }
        // Length and charset first, so hostile input costs nothing more than this scan.
        if (text.length() > ScheduleExpression.MAX_LENGTH) {
            out.add(
                    "must be at most "
                            + ScheduleExpression.MAX_LENGTH
                            + " characters (AWS's limit), "
                            + EXAMPLES);
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.add(
                        String.format(
                                "may contain only printable ASCII characters; character %d is"
                                        + " U+%04X, %s",
                                i + 1, (int) c, EXAMPLES));
                return Optional.empty();
            }
        }
        for (Kind kind : Kind.values()) {
            if (text.startsWith(kind.prefix)) {
                if (!text.endsWith(")")) {
                    out.add("must end with \")\", " + EXAMPLES);
                    return Optional.empty();
                }
                String inside = text.substring(kind.prefix.length(), text.length() - 1);
                if (inside.indexOf('(') >= 0 || inside.indexOf(')') >= 0) {
                    out.add("must have exactly one pair of parentheses, " + EXAMPLES);
                    return Optional.empty();
                }
                return switch (kind) {
                    case CRON -> CronParser.parse(inside, out);
                    case RATE -> RateParser.parse(inside, out);
                    case AT -> AtParser.parse(inside, out);
                };
            }
        }
        out.add(
                "must be a cron(...), rate(...) or at(...) expression, in lower case and with"
                        + " nothing around it, "
                        + EXAMPLES);
        return Optional.empty();
    }

    private enum Kind {
        CRON("cron("),
        RATE("rate("),
        AT("at(");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }
}
