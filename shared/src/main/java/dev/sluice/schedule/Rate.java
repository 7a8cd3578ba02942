package dev.sluice.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule that fires at a fixed interval, {@code rate(value unit)}. As on AWS, a day is 24 hours
 * of elapsed time, so a daily rate moves by an hour on the wall clock across a DST change.
 *
 * @param value how many units between firings, 1 or more
 * @param unit minutes, hours or days
 */
public record Rate(int value, Unit unit) implements ScheduleExpression {

    /** The units AWS accepts; the text is singular for a value of 1 and plural otherwise. */
    public enum Unit {
        /** Sixty seconds. */
        MINUTES("minute", Duration.ofMinutes(1)),
        /** Sixty minutes. */
        HOURS("hour", Duration.ofHours(1)),
        /** Twenty-four hours, whatever the wall clock does. */
        DAYS("day", Duration.ofDays(1));

        private final String singular;
        private final Duration length;

        Unit(String singular, Duration length) {
            this.singular = singular;
            this.length = length;
        }

        /**
         * The word AWS expects after {@code value}.
         *
         * @param value the rate's value
         * @return e.g. "minute" for 1, "minutes" otherwise
         */
        public String word(int value) {
            return value == 1 ? singular : singular + "s";
        }
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code value} is below 1 or {@code unit} is null; use
     *     {@link ScheduleExpression#parse} for user input
     */
    public Rate {
        Objects.requireNonNull(unit, "unit");
        if (value < 1) {
            throw new IllegalArgumentException("a rate's value must be 1 or more, got " + value);
        }
    }

    /**
     * The time between two firings.
     *
     * @return value times the unit
     */
    public Duration period() {
        return unit.length.multipliedBy(value);
    }

    @Override
    public String expression() {
        return "rate(" + value + " " + unit.word(value) + ")";
    }

    /**
     * Returns {@code after} plus one {@link #period()}: a rate has no calendar anchor, so {@code
     * after} is taken as the previous firing. Use {@link #next(Instant, Instant)} to measure from
     * the schedule's start.
     */
    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        try {
            return Optional.of(after.plus(period()));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty(); // beyond the last representable instant
        }
    }

    /**
     * The first firing strictly after {@code after} of a schedule that fired first at {@code start}
     * (AWS's {@code StartDate}, or the creation time when none is given) and then every {@link
     * #period()}.
     *
     * @param start the first firing
     * @param after the instant to search from
     * @return {@code start} itself when {@code after} is before it, else the next multiple of the
     *     period after it; empty beyond the last representable instant
     */
    public Optional<Instant> next(Instant start, Instant after) {
        if (after.isBefore(start)) {
            return Optional.of(start);
        }
        long periodSeconds = period().toSeconds();
        // Whole-second periods: the nanoseconds of the elapsed time never change the quotient.
        long elapsed = Duration.between(start, after).toSeconds();
        try {
            long periods = elapsed / periodSeconds + 1;
            return Optional.of(start.plusSeconds(Math.multiplyExact(periods, periodSeconds)));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return expression();
    }
}
