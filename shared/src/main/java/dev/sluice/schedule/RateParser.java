package dev.sluice.schedule;

import java.util.Locale;
import java.util.Optional;

/** Parses the inside of {@code rate(value unit)}. */
final class RateParser {

    private static final String FORM =
            "a rate is rate(value unit) with a positive whole number and minute, minutes, hour,"
                    + " hours, day or days, e.g. rate(1 day) or rate(15 minutes)";

    private RateParser() {}

    static Optional<Rate> parse(String inside, Complaints out) {
        String[] parts = inside.split(" ", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            out.add(
                    "rate needs a value and a unit separated by one space, got "
                            + describe(inside)
                            + "; "
                            + FORM);
            return Optional.empty();
        }
        String digits = parts[0];
        String word = parts[1];
        if (!Numbers.isDigits(digits)) {
            out.add("rate value \"" + digits + "\" is not a positive whole number; " + FORM);
            return Optional.empty();
        }
        if (Numbers.exceeds(digits, Integer.MAX_VALUE)) {
            out.add("rate value " + digits + " is too large: at most " + Integer.MAX_VALUE);
            return Optional.empty();
        }
        int value = Integer.parseInt(digits);
        if (value < 1) {
            out.add("rate value must be 1 or more; " + FORM);
            return Optional.empty();
        }
        for (Rate.Unit unit : Rate.Unit.values()) {
            if (word.equals(unit.word(1)) || word.equals(unit.word(2))) {
                if (!word.equals(unit.word(value))) {
                    // AWS refuses "rate(1 minutes)" and "rate(5 minute)".
                    out.add(
                            "rate unit \""
                                    + word
                                    + "\" must be \""
                                    + unit.word(value)
                                    + "\" for a value of "
                                    + value
                                    + ", e.g. rate("
                                    + value
                                    + " "
                                    + unit.word(value)
                                    + ")");
                    return Optional.empty();
                }
                return Optional.of(new Rate(value, unit));
            }
        }
        String hint =
                word.toLowerCase(Locale.ROOT).startsWith("sec")
                        ? " (a minute is the shortest interval)"
                        : word.toLowerCase(Locale.ROOT).startsWith("week")
                                ? " (write weeks as days, e.g. rate(7 days))"
                                : "";
        out.add("rate unit \"" + word + "\" is not allowed" + hint + "; " + FORM);
        return Optional.empty();
    }

    private static String describe(String inside) {
        return inside.isEmpty() ? "nothing inside the parentheses" : "\"" + inside + "\"";
    }
}
