package dev.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link Cron#next} with a slow reference: a minute-by-minute walk over real instants that
 * asks, for each, whether its wall-clock time matches fields written here independently.
 */
class CronReferenceTest {

    private static final long SEED = 20_261_202L;
    private static final int CASES = 200;
    private static final int FIRES = 4;
    private static final Duration WINDOW = Duration.ofDays(35);
    private static final List<ZoneId> ZONES =
            List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"));
    private static final List<String> DAY_NAMES =
            List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<String> MONTH_NAMES =
            List.of(
                    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                    "DEC");

    /** An expression's text and, written independently, which wall-clock minutes it allows. */
    private record Case(
            String text, Predicate<LocalDate> allowsDay, Predicate<LocalDateTime> allowsTime) {}

    /** A field's text and the values it allows. */
    private record Field(String text, Set<Integer> values) {}

    @Test
    void nextAgreesWithAMinuteByMinuteWalk() {
        Random random = new Random(SEED);
        int compared = 0;
        for (int i = 0; i < CASES; i++) {
            // A third of the cases start just before a daylight-saving change and fire every day
            // in the hours around it, so skipped and repeated wall-clock times are exercised.
            boolean nearChange = random.nextInt(3) == 0;
            ZonedDateTime after =
                    nearChange
                            ? nearAChange(random)
                            : randomStart(random, ZONES.get(random.nextInt(ZONES.size())));
            ZoneId zone = after.getZone();
            Case c = randomCase(random, nearChange);
            String context = "case " + i + ": " + c.text() + " after " + after;

            List<Instant> expected = reference(c, after);
            List<Instant> actual = new ArrayList<>();
            ScheduleExpression parsed = ScheduleExpression.parse(c.text(), "schedule");
            ZonedDateTime at = after;
            Instant end = after.toInstant().plus(WINDOW);
            for (int n = 0; n < FIRES; n++) {
                Optional<ZonedDateTime> next = parsed.next(at);
                if (next.isEmpty() || next.get().toInstant().isAfter(end)) {
                    break;
                }
                assertThat(next.get().getZone()).as(context).isEqualTo(zone);
                actual.add(next.get().toInstant());
                at = next.get();
            }
            assertThat(actual).as(context).isEqualTo(expected);
            compared += expected.size();
        }
        // The generator must produce schedules that fire, or this test proves little.
        assertThat(compared).isGreaterThan(CASES * FIRES / 2);
    }

    private static List<Instant> reference(Case c, ZonedDateTime after) {
        ZoneRules rules = after.getZone().getRules();
        List<Instant> fires = new ArrayList<>();
        Instant end = after.toInstant().plus(WINDOW);
        Instant t = after.toInstant().truncatedTo(ChronoUnit.MINUTES);
        LocalDate day = null;
        boolean dayAllowed = false;
        while (fires.size() < FIRES && !t.isAfter(end)) {
            if (t.isAfter(after.toInstant())) {
                ZoneOffset offset = rules.getOffset(t);
                LocalDateTime local = LocalDateTime.ofInstant(t, offset);
                if (!local.toLocalDate().equals(day)) {
                    day = local.toLocalDate();
                    dayAllowed = c.allowsDay().test(day); // slow rules: once a day
                }
                if (dayAllowed
                        && c.allowsTime().test(local)
                        && firstOccurrence(rules, local, offset)) {
                    fires.add(t);
                }
            }
            t = t.plus(1, ChronoUnit.MINUTES);
        }
        return fires;
    }

    /** A wall-clock time seen twice (clocks going back) fires on its first occurrence only. */
    private static boolean firstOccurrence(
            ZoneRules rules, LocalDateTime local, ZoneOffset offset) {
        ZoneOffsetTransition overlap = rules.getTransition(local);
        return overlap == null || offset.equals(overlap.getOffsetBefore());
    }

    /** Daylight-saving changes of the test zones, in their local time. */
    private static final List<ZonedDateTime> CHANGES =
            List.of(
                    ZonedDateTime.of(2025, 3, 30, 2, 0, 0, 0, ZoneId.of("Europe/Berlin")),
                    ZonedDateTime.of(2025, 10, 26, 3, 0, 0, 0, ZoneId.of("Europe/Berlin")),
                    ZonedDateTime.of(2025, 3, 9, 2, 0, 0, 0, ZoneId.of("America/New_York")),
                    ZonedDateTime.of(2025, 11, 2, 2, 0, 0, 0, ZoneId.of("America/New_York")));

    private static ZonedDateTime randomStart(Random random, ZoneId zone) {
        LocalDateTime base =
                LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(random.nextInt(3 * 365 * 1440));
        return base.plusSeconds(random.nextInt(60)).atZone(zone);
    }

    /** Up to three hours before one of the {@link #CHANGES}, in its zone. */
    private static ZonedDateTime nearAChange(Random random) {
        ZonedDateTime change = CHANGES.get(random.nextInt(CHANGES.size()));
        return change.minusMinutes(random.nextInt(180)).minusSeconds(random.nextInt(60));
    }

    private static Case randomCase(Random random, boolean nearChange) {
        Field minutes = field(random, 0, 59, List.of());
        Field hours =
                !nearChange
                        ? field(random, 0, 23, List.of())
                        : random.nextBoolean() ? all(0, 23) : listOrRange(random, 0, 5, List.of());
        Field months = random.nextInt(3) > 0 ? all(1, 12) : field(random, 1, 12, MONTH_NAMES);
        Field years =
                random.nextInt(5) > 0
                        ? all(1970, 2199)
                        : new Field("2024-2026", Set.of(2024, 2025, 2026));
        String dayOfMonth;
        String dayOfWeek;
        Predicate<LocalDate> days;
        if (nearChange) {
            dayOfMonth = "*";
            dayOfWeek = "?";
            days = d -> true;
        } else if (random.nextBoolean()) {
            dayOfWeek = "?";
            switch (random.nextInt(6)) {
                case 0 -> {
                    dayOfMonth = "L";
                    days = d -> d.plusDays(1).getMonth() != d.getMonth();
                }
                case 1 -> {
                    dayOfMonth = "LW";
                    days = d -> weekday(d) && laterWeekdaysInMonth(d) == 0;
                }
                case 2 -> {
                    int n = 1 + random.nextInt(31);
                    dayOfMonth = n + "W";
                    days = d -> d.equals(nearestWeekday(d, n));
                }
                default -> {
                    Field f = field(random, 1, 31, List.of());
                    dayOfMonth = f.text();
                    days = d -> f.values().contains(d.getDayOfMonth());
                }
            }
        } else {
            dayOfMonth = "?";
            int day = 1 + random.nextInt(7);
            switch (random.nextInt(5)) {
                case 0 -> {
                    dayOfWeek = day + "L";
                    days = d -> awsDay(d) == day && d.plusWeeks(1).getMonth() != d.getMonth();
                }
                case 1 -> {
                    int nth = 1 + random.nextInt(5);
                    dayOfWeek = DAY_NAMES.get(day - 1) + "#" + nth;
                    days = d -> awsDay(d) == day && occurrence(d) == nth;
                }
                default -> {
                    Field f = listOrRange(random, 1, 7, DAY_NAMES);
                    dayOfWeek = f.text();
                    days = d -> f.values().contains(awsDay(d));
                }
            }
        }
        String text =
                "cron("
                        + String.join(
                                " ",
                                minutes.text(),
                                hours.text(),
                                dayOfMonth,
                                months.text(),
                                dayOfWeek,
                                years.text())
                        + ")";
        return new Case(
                text,
                days,
                t ->
                        minutes.values().contains(t.getMinute())
                                && hours.values().contains(t.getHour())
                                && months.values().contains(t.getMonthValue())
                                && years.values().contains(t.getYear()));
    }

    private static Field all(int low, int high) {
        Set<Integer> values = new TreeSet<>();
        for (int v = low; v <= high; v++) {
            values.add(v);
        }
        return new Field("*", values);
    }

    private static Field field(Random random, int low, int high, List<String> names) {
        int form = random.nextInt(5);
        if (form == 0) {
            return all(low, high);
        }
        if (form == 1) {
            int step = 1 + random.nextInt(high - low);
            boolean star = random.nextBoolean();
            int start = star ? low : low + random.nextInt(high - low + 1);
            Set<Integer> values = new TreeSet<>();
            for (int v = start; v <= high; v += step) {
                values.add(v);
            }
            return new Field((star ? "*" : Integer.toString(start)) + "/" + step, values);
        }
        return listOrRange(random, low, high, names);
    }

    private static Field listOrRange(Random random, int low, int high, List<String> names) {
        Set<Integer> values = new TreeSet<>();
        List<String> items = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int a = low + random.nextInt(high - low + 1);
            if (random.nextBoolean()) {
                int b = a + random.nextInt(high - a + 1);
                items.add(spell(a, low, names, random) + "-" + spell(b, low, names, random));
                for (int v = a; v <= b; v++) {
                    values.add(v);
                }
            } else {
                items.add(spell(a, low, names, random));
                values.add(a);
            }
        }
        return new Field(String.join(",", items), values);
    }

    private static String spell(int value, int low, List<String> names, Random random) {
        return !names.isEmpty() && random.nextBoolean()
                ? names.get(value - low)
                : Integer.toString(value);
    }

    private static int awsDay(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SUNDAY -> 1;
            case MONDAY -> 2;
            case TUESDAY -> 3;
            case WEDNESDAY -> 4;
            case THURSDAY -> 5;
            case FRIDAY -> 6;
            case SATURDAY -> 7;
        };
    }

    private static boolean weekday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    private static int laterWeekdaysInMonth(LocalDate d) {
        int count = 0;
        for (LocalDate x = d.plusDays(1); x.getMonth() == d.getMonth(); x = x.plusDays(1)) {
            count += weekday(x) ? 1 : 0;
        }
        return count;
    }

    /** The weekday of d's month closest to day n; null when the month has no day n. */
    private static LocalDate nearestWeekday(LocalDate d, int n) {
        if (n > d.lengthOfMonth()) {
            return null;
        }
        LocalDate target = d.withDayOfMonth(n);
        LocalDate best = null;
        for (LocalDate x = d.withDayOfMonth(1); x.getMonth() == d.getMonth(); x = x.plusDays(1)) {
            if (weekday(x)
                    && (best == null
                            || Math.abs(x.toEpochDay() - target.toEpochDay())
                                    < Math.abs(best.toEpochDay() - target.toEpochDay()))) {
                best = x;
            }
        }
        return best;
    }

    private static int occurrence(LocalDate d) {
        int count = 0;
        for (LocalDate x = d; x.getMonth() == d.getMonth(); x = x.minusWeeks(1)) {
            count++;
        }
        return count;
    }
}
