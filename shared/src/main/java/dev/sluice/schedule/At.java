package dev.sluice.schedule;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule that fires once, {@code at(yyyy-mm-ddThh:mm:ss)}, at a wall-clock time in the
 * schedule's zone.
 *
 * @param time the wall-clock time, to the second
 */
public record At(LocalDateTime time) implements ScheduleExpression {

    /** Strict, so "2023-02-29" is refused instead of quietly becoming the 28th. */
    static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                    .withResolverStyle(ResolverStyle.STRICT);

    /**
     * Checks the time.
     *
     * @throws IllegalArgumentException when {@code time} is null, has a fraction of a second or a
     *     year AWS's syntax cannot write (outside 0000-9999); use {@link ScheduleExpression#parse}
     *     for user input
     */
    public At {
        Objects.requireNonNull(time, "time");
        if (time.getNano() != 0) {
            throw new IllegalArgumentException("an at() time has whole seconds, got " + time);
        }
        if (time.getYear() < 0 || time.getYear() > 9999) {
            throw new IllegalArgumentException("an at() year has four digits, got " + time);
        }
    }

    @Override
    public String expression() {
        return "at(" + FORMAT.format(time) + ")";
    }

    /**
     * The one firing, if it is strictly after {@code after}. A time that falls in a DST gap (which
     * does not exist on that day) fires when the clock has jumped past it, shifted by the gap's
     * length; a time that occurs twice (clocks going back) fires at its first occurrence.
     */
    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZonedDateTime when = ZonedDateTime.ofLocal(time, after.getZone(), null);
        return when.toInstant().isAfter(after.toInstant()) ? Optional.of(when) : Optional.empty();
    }

    @Override
    public String toString() {
        return expression();
    }
}
