package dev.sluice.schedule;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses the inside of {@code at(yyyy-mm-ddThh:mm:ss)}. */
final class AtParser {

    private static final Pattern SHAPE =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}");

    private static final String FORM =
            "a one-time schedule is at(yyyy-mm-ddThh:mm:ss) in the schedule's time zone, e.g."
                    + " at(2030-01-31T03:00:00)";

    private AtParser() {}

    static Optional<At> parse(String inside, Complaints out) {
        if (!SHAPE.matcher(inside).matches()) {
            out.add("at time \"" + inside + "\" is not in the form yyyy-mm-ddThh:mm:ss; " + FORM);
            return Optional.empty();
        }
        try {
            return Optional.of(new At(LocalDateTime.parse(inside, At.FORMAT)));
        } catch (DateTimeException e) {
            out.add(
                    "at time \""
                            + inside
                            + "\" is not a real date and time (months 01-12, days as the month"
                            + " has, hours 00-23, minutes and seconds 00-59); "
                            + FORM);
            return Optional.empty();
        }
    }
}
