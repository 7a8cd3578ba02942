package dev.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronNextTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Optional<ZonedDateTime> next(String expression, ZonedDateTime after) {
        return ScheduleExpression.parse(expression, "schedule").next(after);
    }

    private static ZonedDateTime utc(String local) {
        return LocalDateTime.parse(local).atZone(UTC);
    }

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // strictly after: a firing at exactly `after` is not the next one
                "cron(0 10 * * ? *) | 2025-01-31T10:00:00 | 2025-02-01T10:00",
                "cron(0 10 * * ? *) | 2025-01-31T09:59:59.999 | 2025-01-31T10:00",
                "cron(0 10 * * ? *) | 2025-01-31T10:00:00.001 | 2025-02-01T10:00",
                "cron(0/15 * * * ? *) | 2025-12-31T23:59:00 | 2026-01-01T00:00",
                "cron(7 * * * ? *) | 2025-06-30T23:08:00 | 2025-07-01T00:07",
                // month ends: a day the month lacks is skipped, not moved
                "cron(0 0 31 * ? *) | 2025-01-31T00:00:00 | 2025-03-31T00:00",
                "cron(0 0 31 * ? *) | 2025-04-01T00:00:00 | 2025-05-31T00:00",
                "cron(0 0 30 * ? *) | 2025-01-30T00:00:00 | 2025-03-30T00:00",
                // leap years: 2100 is not one
                "cron(0 12 29 2 ? *) | 2025-01-01T00:00:00 | 2028-02-29T12:00",
                "cron(0 12 29 2 ? *) | 2096-03-01T00:00:00 | 2104-02-29T12:00",
                "cron(0 12 L 2 ? *) | 2024-01-01T00:00:00 | 2024-02-29T12:00",
                "cron(0 12 L 2 ? *) | 2025-01-01T00:00:00 | 2025-02-28T12:00",
                // L: last day of the month
                "cron(0 0 L * ? *) | 2025-04-30T00:00:00 | 2025-05-31T00:00",
                "cron(30 23 L * ? *) | 2025-12-31T23:29:00 | 2025-12-31T23:30",
                // LW: last weekday (31 May 2025 is a Saturday, 31 Aug 2025 a Sunday)
                "cron(0 0 LW * ? *) | 2025-05-01T00:00:00 | 2025-05-30T00:00",
                "cron(0 0 LW * ? *) | 2025-08-01T00:00:00 | 2025-08-29T00:00",
                "cron(0 0 LW * ? *) | 2025-09-01T00:00:00 | 2025-09-30T00:00",
                // nW: nearest weekday, never leaving the month
                "cron(0 0 15W * ? *) | 2025-03-01T00:00:00 | 2025-03-14T00:00",
                "cron(0 0 15W * ? *) | 2025-06-01T00:00:00 | 2025-06-16T00:00",
                "cron(0 0 15W * ? *) | 2025-04-01T00:00:00 | 2025-04-15T00:00",
                "cron(0 0 1W * ? *) | 2025-02-28T00:00:00 | 2025-03-03T00:00",
                "cron(0 0 1W * ? *) | 2025-05-31T00:00:00 | 2025-06-02T00:00",
                "cron(0 0 30W * ? *) | 2025-11-01T00:00:00 | 2025-11-28T00:00",
                "cron(0 0 31W * ? *) | 2025-04-01T00:00:00 | 2025-05-30T00:00",
                "cron(0 0 30W 2 ? *) | 2025-01-01T00:00:00 |",
                // #: n-th weekday of the month; a month without a fifth Monday is skipped
                "cron(0 9 ? * 3#2 *) | 2025-03-01T00:00:00 | 2025-03-11T09:00",
                "cron(0 9 ? * TUE#2 *) | 2025-03-11T09:00:00 | 2025-04-08T09:00",
                "cron(0 9 ? * 2#5 *) | 2025-03-01T00:00:00 | 2025-03-31T09:00",
                "cron(0 9 ? * 2#5 *) | 2025-04-01T00:00:00 | 2025-06-30T09:00",
                "cron(0 9 ? * 2#1 *) | 2025-06-01T00:00:00 | 2025-06-02T09:00",
                // nL: last given weekday of the month; L alone: Saturdays
                "cron(0 0 ? * 6L *) | 2025-03-01T00:00:00 | 2025-03-28T00:00",
                "cron(0 0 ? * 6L *) | 2025-09-01T00:00:00 | 2025-09-26T00:00",
                "cron(0 0 ? * 1L *) | 2025-03-01T00:00:00 | 2025-03-30T00:00",
                "cron(0 0 ? * L *) | 2025-03-01T00:00:00 | 2025-03-08T00:00",
                // day-of-week numbering: 1 = SUN, 7 = SAT
                "cron(0 0 ? * 1 *) | 2025-03-01T00:00:00 | 2025-03-02T00:00",
                "cron(0 0 ? * 7 *) | 2025-03-02T00:00:00 | 2025-03-08T00:00",
                "cron(0 18 ? * MON-FRI *) | 2025-03-07T18:00:00 | 2025-03-10T18:00",
                // years
                "cron(0 0 1 1 ? 2030,2035) | 2030-01-01T00:00:00 | 2035-01-01T00:00",
                "cron(0 0 1 1 ? 2030,2035) | 2035-01-01T00:00:00 |",
                "cron(0 0 1 1 ? 2025-2031/3) | 2025-01-01T00:00:00 | 2028-01-01T00:00",
                "cron(59 23 31 12 ? 2199) | 2199-12-31T23:58:00 | 2199-12-31T23:59",
                "cron(59 23 31 12 ? *) | 2199-12-31T23:59:00 |",
                "cron(0 0 1 1 ? *) | 1900-06-01T00:00:00 | 1970-01-01T00:00",
                // never fires: empty, not a loop
                "cron(0 0 31 2 ? *) | 2025-01-01T00:00:00 |",
                "cron(0 0 30 2 ? *) | 1970-01-01T00:00:00 |",
                "cron(0 0 31 4,6,9,11 ? *) | 2025-01-01T00:00:00 |",
                "cron(0 0 ? 2 2#5 2026) | 2025-01-01T00:00:00 |",
            })
    void nextInUtc(String expression, String after, String expected) {
        Optional<ZonedDateTime> next = next(expression, utc(after));

        if (expected == null) {
            assertThat(next).isEmpty();
        } else {
            assertThat(next).contains(utc(expected));
        }
    }

    @Test
    void afterTheLastRepresentableYearIsEmptyNotAnError() {
        ZonedDateTime far = LocalDateTime.MAX.atZone(UTC);

        assertThat(next("cron(* * * * ? *)", far)).isEmpty();
        assertThat(next("cron(* * * * ? *)", LocalDateTime.MIN.atZone(UTC)))
                .contains(utc("1970-01-01T00:00"));
    }

    @Test
    void evaluatesInTheZoneOfAfter() {
        ZonedDateTime after = ZonedDateTime.of(2025, 6, 1, 0, 0, 0, 0, BERLIN);

        assertThat(next("cron(0 12 * * ? *)", after))
                .hasValueSatisfying(
                        fire -> {
                            assertThat(fire.getZone()).isEqualTo(BERLIN);
                            assertThat(fire.toInstant())
                                    .isEqualTo(utc("2025-06-01T10:00").toInstant());
                        });
    }

    @Test
    void aDailyTimeKeepsItsWallClockAcrossDaylightSavingChanges() {
        List<ZonedDateTime> fires =
                fires("cron(0 12 * * ? *)", ZonedDateTime.of(2025, 3, 29, 0, 0, 0, 0, BERLIN), 3);

        assertThat(fires)
                .extracting(ZonedDateTime::toLocalDateTime)
                .containsExactly(
                        LocalDateTime.parse("2025-03-29T12:00"),
                        LocalDateTime.parse("2025-03-30T12:00"),
                        LocalDateTime.parse("2025-03-31T12:00"));
        assertThat(fires.get(0).getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(fires.get(1).getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void aTimeTheClocksSkipDoesNotFireThatDay() {
        // Berlin, 30 March 2025: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
        List<ZonedDateTime> fires =
                fires("cron(30 2 * * ? *)", ZonedDateTime.of(2025, 3, 29, 3, 0, 0, 0, BERLIN), 1);

        assertThat(fires).containsExactly(ZonedDateTime.of(2025, 3, 31, 2, 30, 0, 0, BERLIN));
    }

    @Test
    void frequentSchedulesJumpTheSkippedHour() {
        List<ZonedDateTime> fires =
                fires(
                        "cron(0/15 * * * ? *)",
                        ZonedDateTime.of(2025, 3, 30, 1, 30, 0, 0, BERLIN),
                        3);

        assertThat(fires)
                .extracting(f -> f.toInstant().toString())
                .containsExactly(
                        "2025-03-30T00:45:00Z", "2025-03-30T01:00:00Z", "2025-03-30T01:15:00Z");
        assertThat(fires.get(1).toLocalDateTime()).isEqualTo("2025-03-30T03:00");
    }

    @Test
    void aTimeThatOccursTwiceFiresOnceAtItsFirstOccurrence() {
        // Berlin, 26 October 2025: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        List<ZonedDateTime> fires =
                fires("cron(30 2 * * ? *)", ZonedDateTime.of(2025, 10, 26, 0, 0, 0, 0, BERLIN), 2);

        assertThat(fires)
                .extracting(f -> f.toInstant().toString())
                .containsExactly("2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z");
    }

    @Test
    void frequentSchedulesDoNotRepeatTheRepeatedHour() {
        ZonedDateTime firstPass = ZonedDateTime.of(2025, 10, 26, 2, 45, 0, 0, BERLIN);
        assertThat(firstPass.getOffset()).isEqualTo(ZoneOffset.ofHours(2));

        assertThat(next("cron(0/15 * * * ? *)", firstPass))
                .hasValueSatisfying(
                        f ->
                                assertThat(f.toInstant().toString())
                                        .isEqualTo("2025-10-26T02:00:00Z"));

        // Asked from inside the second pass, it neither goes back nor fires a repeat.
        ZonedDateTime secondPass = firstPass.withLaterOffsetAtOverlap().minusMinutes(35);
        assertThat(secondPass.toLocalDateTime()).isEqualTo("2025-10-26T02:10");
        assertThat(secondPass.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(next("cron(0/15 * * * ? *)", secondPass))
                .hasValueSatisfying(
                        f ->
                                assertThat(f.toInstant().toString())
                                        .isEqualTo("2025-10-26T02:00:00Z"));
    }

    @Test
    void everyMinuteFiresEveryInstantMinuteThroughBothChanges() {
        ZonedDateTime start = ZonedDateTime.of(2025, 3, 30, 1, 0, 0, 0, BERLIN);
        List<ZonedDateTime> spring = fires("cron(* * * * ? *)", start, 180);
        for (int i = 1; i < spring.size(); i++) {
            assertThat(spring.get(i).toEpochSecond() - spring.get(i - 1).toEpochSecond())
                    .isEqualTo(60);
        }
        // In autumn the repeated hour's wall-clock minutes already fired: a one-hour pause.
        List<ZonedDateTime> autumn =
                fires("cron(* * * * ? *)", ZonedDateTime.of(2025, 10, 26, 2, 58, 0, 0, BERLIN), 2);
        assertThat(autumn)
                .extracting(f -> f.toInstant().toString())
                .containsExactly("2025-10-26T00:59:00Z", "2025-10-26T02:00:00Z");
    }

    private static List<ZonedDateTime> fires(String expression, ZonedDateTime after, int count) {
        ScheduleExpression schedule = ScheduleExpression.parse(expression, "schedule");
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime at = after;
        for (int i = 0; i < count; i++) {
            at = schedule.next(at).orElseThrow();
            out.add(at);
        }
        return out;
    }
}
