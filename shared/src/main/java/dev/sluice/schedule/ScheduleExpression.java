package dev.sluice.schedule;

import dev.sluice.validation.ValidationException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a schedule fires, in Amazon EventBridge Scheduler's syntax: {@code cron(...)} for calendar
 * times, {@code rate(...)} for fixed intervals and {@code at(...)} for one time. The same value
 * becomes a CreateSchedule {@code ScheduleExpression} on AWS and drives the local mode's timer, so
 * both runtimes accept exactly the same expressions.
 */
public sealed interface ScheduleExpression permits Cron, Rate, At {

    /** AWS's limit on {@code ScheduleExpression} (CreateSchedule: 1 to 256 characters). */
    int MAX_LENGTH = 256;

    /**
     * The canonical text AWS accepts, e.g. {@code cron(0 3 ? * MON-FRI *)} or {@code rate(5
     * minutes)}; parsing it gives back an equal value.
     *
     * @return the expression text
     */
    String expression();

    /**
     * The first time this schedule fires strictly after {@code after}, evaluated in {@code after}'s
     * zone (the schedule's {@code ScheduleExpressionTimezone}): convert with {@link
     * ZonedDateTime#withZoneSameInstant(ZoneId)} first.
     *
     * <p>A {@link Rate} has no calendar anchor: it treats {@code after} as its previous firing and
     * returns {@code after} plus one period; see {@link Rate#next(java.time.Instant,
     * java.time.Instant)} for times measured from a start instant.
     *
     * @param after the instant to search from, in the schedule's zone
     * @return the next firing, or empty when the schedule never fires again
     */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    /**
     * Parses and validates a schedule expression a user gave.
     *
     * @param expression the text, e.g. {@code cron(0 3 * * ? *)}, {@code rate(1 day)} or {@code
     *     at(2030-01-31T03:00:00)}
     * @param field the input field the text came from, named in every error (e.g. "schedule")
     * @return the parsed expression
     * @throws ValidationException naming {@code field}, the part that is wrong and what is allowed
     */
    static ScheduleExpression parse(String expression, String field) {
        return ExpressionParser.parse(expression, field);
    }

    /**
     * Validates a {@code ScheduleExpressionTimezone}: an IANA time zone name such as {@code
     * Europe/Berlin}; {@code UTC} when null or blank, as on AWS.
     *
     * @param timezone the name a user gave, or null
     * @param field the input field it came from, named in the error
     * @return the zone
     * @throws ValidationException when the name is not an IANA time zone name
     */
    static ZoneId zone(String timezone, String field) {
        return TimeZones.parse(timezone, field);
    }
}
