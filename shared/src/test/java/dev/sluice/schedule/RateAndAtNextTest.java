package dev.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateAndAtNextTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    @ParameterizedTest(name = "{0} started 10:00, after {1} -> {2}")
    @CsvSource({
        "rate(5 minutes), 2025-03-01T09:00:00Z, 2025-03-01T10:00:00Z",
        "rate(5 minutes), 2025-03-01T09:59:59.999Z, 2025-03-01T10:00:00Z",
        "rate(5 minutes), 2025-03-01T10:00:00Z, 2025-03-01T10:05:00Z",
        "rate(5 minutes), 2025-03-01T10:04:59.999999999Z, 2025-03-01T10:05:00Z",
        "rate(5 minutes), 2025-03-01T10:05:00Z, 2025-03-01T10:10:00Z",
        "rate(5 minutes), 2025-03-01T10:07:30Z, 2025-03-01T10:10:00Z",
        "rate(1 hour), 2025-03-02T09:30:00Z, 2025-03-02T10:00:00Z",
        "rate(1 day), 2028-02-28T10:00:00Z, 2028-02-29T10:00:00Z",
        "rate(3 days), 2025-03-01T10:00:01Z, 2025-03-04T10:00:00Z",
    })
    void rateCountsWholePeriodsFromItsStart(String expression, String after, String expected) {
        Rate rate = (Rate) ScheduleExpression.parse(expression, "schedule");

        assertThat(rate.next(START, Instant.parse(after))).contains(Instant.parse(expected));
    }

    @Test
    void aDailyRateIsTwentyFourHoursEvenAcrossDaylightSaving() {
        Rate daily = new Rate(1, Rate.Unit.DAYS);
        ZonedDateTime before = ZonedDateTime.of(2025, 3, 29, 12, 0, 0, 0, BERLIN);

        ZonedDateTime next = daily.next(before).orElseThrow();

        assertThat(Duration.between(before, next)).isEqualTo(Duration.ofHours(24));
        assertThat(next.toLocalDateTime()).isEqualTo("2025-03-30T13:00");
        assertThat(daily.next(before.toInstant(), next.toInstant().minusNanos(1)))
                .contains(next.toInstant());
    }

    @Test
    void rateNearTheEndOfTimeIsEmptyNotAnError() {
        Rate slow = new Rate(Integer.MAX_VALUE, Rate.Unit.DAYS);

        assertThat(slow.period()).isEqualTo(Duration.ofDays(Integer.MAX_VALUE));
        assertThat(slow.next(Instant.MIN, Instant.MAX)).isEmpty();
        assertThat(slow.next(Instant.EPOCH, Instant.EPOCH))
                .contains(Instant.EPOCH.plus(Duration.ofDays(Integer.MAX_VALUE)));
        assertThat(slow.next(LocalDateTime.MAX.minusDays(1).atZone(ZoneOffset.UTC))).isEmpty();
        assertThat(new Rate(1, Rate.Unit.MINUTES).next(Instant.MIN, Instant.MAX)).isEmpty();
    }

    @Test
    void atFiresOnceAtItsWallClockTimeInTheZone() {
        At at = (At) ScheduleExpression.parse("at(2030-01-31T03:00:00)", "schedule");
        ZonedDateTime expected = ZonedDateTime.of(2030, 1, 31, 3, 0, 0, 0, BERLIN);

        assertThat(at.next(ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, BERLIN))).contains(expected);
        assertThat(at.next(expected.minusNanos(1))).contains(expected);
        assertThat(at.next(expected)).isEmpty();
        assertThat(at.next(expected.plusYears(1))).isEmpty();
        // Another zone, another instant.
        assertThat(at.next(ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .hasValueSatisfying(
                        fire -> assertThat(fire.toInstant()).isEqualTo("2030-01-31T03:00:00Z"));
    }

    @Test
    void atInADaylightSavingGapFiresWhenTheClockHasJumped() {
        At at = new At(LocalDateTime.parse("2025-03-30T02:30:00"));

        assertThat(at.next(ZonedDateTime.of(2025, 3, 1, 0, 0, 0, 0, BERLIN)))
                .hasValueSatisfying(
                        fire -> assertThat(fire.toInstant()).isEqualTo("2025-03-30T01:30:00Z"));
    }

    @Test
    void atInARepeatedHourFiresAtTheFirstOccurrenceOnly() {
        At at = new At(LocalDateTime.parse("2025-10-26T02:30:00"));
        ZonedDateTime first =
                at.next(ZonedDateTime.of(2025, 10, 1, 0, 0, 0, 0, BERLIN)).orElseThrow();

        assertThat(first.toInstant()).isEqualTo("2025-10-26T00:30:00Z");
        assertThat(at.next(first)).isEmpty();
    }
}
