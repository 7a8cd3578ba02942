package dev.sluice.schedule;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A calendar schedule, {@code cron(minutes hours day-of-month month day-of-week year)}, in
 * EventBridge's cron syntax: {@code , - * /} in every field but day-of-week (no {@code /}); {@code
 * ?} in exactly one of day-of-month and day-of-week; {@code L} and {@code W} in day-of-month
 * ({@code L}, {@code LW}, {@code 15W}); {@code L} and {@code #} in day-of-week ({@code 6L}, {@code
 * 3#2}, 1 = SUN ... 7 = SAT); years 1970-2199.
 *
 * <p>The components are the canonical field texts (names upper-cased, leading zeros dropped). An
 * expression that can never fire, such as {@code cron(0 0 31 2 ? *)}, is accepted, as AWS accepts
 * it; {@link #next} returns empty for it.
 *
 * @param minutes the minutes field, e.g. {@code 0/15}
 * @param hours the hours field, e.g. {@code 8-17}
 * @param dayOfMonth the day-of-month field, e.g. {@code 1}, {@code L} or {@code ?}
 * @param month the month field, e.g. {@code *} or {@code JAN,JUL}
 * @param dayOfWeek the day-of-week field, e.g. {@code MON-FRI}, {@code 6L}, {@code 3#2} or {@code
 *     ?}
 * @param year the year field, e.g. {@code *}
 */
public record Cron(
        String minutes,
        String hours,
        String dayOfMonth,
        String month,
        String dayOfWeek,
        String year)
        implements ScheduleExpression {

    /**
     * Checks the fields and stores them in canonical form.
     *
     * @throws IllegalArgumentException when a field is invalid or the expression would be longer
     *     than {@link #MAX_LENGTH}; use {@link ScheduleExpression#parse} for user input, which says
     *     what is wrong
     */
    public Cron {
        List<String> canonical =
                compile(minutes, hours, dayOfMonth, month, dayOfWeek, year).fields();
        minutes = canonical.get(0);
        hours = canonical.get(1);
        dayOfMonth = canonical.get(2);
        month = canonical.get(3);
        dayOfWeek = canonical.get(4);
        year = canonical.get(5);
        int length = String.join(" ", canonical).length() + "cron()".length();
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a cron expression is at most " + MAX_LENGTH + " characters, got " + length);
        }
    }

    Cron(List<String> fields) {
        this(
                fields.get(0),
                fields.get(1),
                fields.get(2),
                fields.get(3),
                fields.get(4),
                fields.get(5));
    }

    @Override
    public String expression() {
        return "cron(" + String.join(" ", minutes, hours, dayOfMonth, month, dayOfWeek, year) + ")";
    }

    /**
     * The first firing strictly after {@code after}, in its zone, to the minute. As EventBridge
     * Scheduler documents: a time the clocks skip (spring forward) does not fire that day, and a
     * time that occurs twice (fall back) fires once, at its first occurrence.
     */
    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return compile(minutes, hours, dayOfMonth, month, dayOfWeek, year).plan().next(after);
    }

    @Override
    public String toString() {
        return expression();
    }

    private static CronParser.Compiled compile(String... fields) {
        List<String> problems = new ArrayList<>();
        for (String field : fields) {
            if (field == null || field.isEmpty()) {
                throw new IllegalArgumentException("every cron field is required");
            }
        }
        return CronParser.compile(List.of(fields), problems::add)
                .orElseThrow(() -> new IllegalArgumentException(String.join("; ", problems)));
    }
}
