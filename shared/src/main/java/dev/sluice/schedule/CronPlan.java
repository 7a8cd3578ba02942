package dev.sluice.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.Optional;

/**
 * A cron expression compiled for evaluation: each field a set of allowed values (indexed by the
 * value itself) and one rule for days.
 *
 * <p>The search skips by field, largest first: a year with no allowed month costs one step, a month
 * with no allowed day 31 checks, so even an expression that never fires (February 31st) ends after
 * a few hundred steps at the last year AWS allows.
 */
record CronPlan(BitSet minutes, BitSet hours, DayRule days, BitSet months, BitSet years) {

    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2199;

    /**
     * The first firing strictly after {@code after}, in its zone. Wall-clock times that do not
     * exist (clocks going forward) are skipped and times that occur twice (clocks going back) fire
     * once, at their first occurrence: what EventBridge Scheduler documents.
     */
    Optional<ZonedDateTime> next(ZonedDateTime after) {
        if (after.getYear() > LAST_YEAR) {
            return Optional.empty();
        }
        ZoneId zone = after.getZone();
        ZoneRules rules = zone.getRules();
        Instant limit = after.toInstant();
        LocalDateTime from =
                after.getYear() < FIRST_YEAR
                        ? LocalDateTime.of(FIRST_YEAR, 1, 1, 0, 0)
                        : after.toLocalDateTime().withSecond(0).withNano(0).plusMinutes(1);
        while (true) {
            Optional<LocalDateTime> local = nextLocal(from);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime candidate = local.get();
            if (!rules.getValidOffsets(candidate).isEmpty()) {
                // In an overlap ofLocal takes the earlier offset: the first occurrence.
                ZonedDateTime fire = ZonedDateTime.ofLocal(candidate, zone, null);
                if (fire.toInstant().isAfter(limit)) {
                    return Optional.of(fire);
                }
            }
            from = candidate.plusMinutes(1);
        }
    }

    /** The first wall-clock time at or after {@code from} that every field allows. */
    Optional<LocalDateTime> nextLocal(LocalDateTime from) {
        LocalDateTime t = from;
        while (true) {
            int year = t.getYear() < FIRST_YEAR ? FIRST_YEAR : t.getYear();
            int allowedYear = year > LAST_YEAR ? -1 : years.nextSetBit(year);
            if (allowedYear < 0) {
                return Optional.empty();
            }
            if (allowedYear != t.getYear()) {
                t = LocalDateTime.of(allowedYear, 1, 1, 0, 0);
            }
            int month = months.nextSetBit(t.getMonthValue());
            if (month < 0) {
                t = LocalDateTime.of(t.getYear() + 1, 1, 1, 0, 0);
                continue;
            }
            if (month != t.getMonthValue()) {
                t = LocalDateTime.of(t.getYear(), month, 1, 0, 0);
            }
            int day = nextDay(t.toLocalDate());
            if (day < 0) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (day != t.getDayOfMonth()) {
                t = t.toLocalDate().withDayOfMonth(day).atStartOfDay();
            }
            int hour = hours.nextSetBit(t.getHour());
            if (hour < 0) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (hour != t.getHour()) {
                t = t.toLocalDate().atTime(hour, 0);
            }
            int minute = minutes.nextSetBit(t.getMinute());
            if (minute < 0) {
                t = t.toLocalDate().atTime(t.getHour(), 0).plusHours(1);
                continue;
            }
            return Optional.of(t.withMinute(minute));
        }
    }

    /** The first day of {@code from}'s month, from its day on, that the day rule allows; or -1. */
    private int nextDay(LocalDate from) {
        for (int day = from.getDayOfMonth(); day <= from.lengthOfMonth(); day++) {
            if (days.matches(from.withDayOfMonth(day))) {
                return day;
            }
        }
        return -1;
    }
}
