package dev.sluice.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;

/**
 * Which days of a month a cron expression fires on: exactly one of its day-of-month and day-of-week
 * fields is {@code ?}, so the other one alone decides.
 */
sealed interface DayRule {

    boolean matches(LocalDate date);

    /** AWS numbers the days of the week 1 = SUN to 7 = SAT; java.time has 1 = MON to 7 = SUN. */
    static int awsDayOfWeek(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** Day-of-month values, a list such as {@code 1,15} or {@code *}. */
    record MonthDays(BitSet days) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(date.getDayOfMonth());
        }
    }

    /** {@code L} in day-of-month: the month's last day. */
    record LastDay() implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfMonth() == date.lengthOfMonth();
        }
    }

    /** {@code LW}: the month's last Monday-to-Friday day. */
    record LastWeekday() implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            LocalDate last = date.withDayOfMonth(date.lengthOfMonth());
            int back =
                    switch (last.getDayOfWeek()) {
                        case SATURDAY -> 1;
                        case SUNDAY -> 2;
                        default -> 0;
                    };
            return date.getDayOfMonth() == last.getDayOfMonth() - back;
        }
    }

    /**
     * {@code nW}: the Monday-to-Friday day nearest day n, never leaving the month (a Saturday 1st
     * moves to Monday the 3rd, a Sunday last day to Friday). Months shorter than n have none.
     */
    record NearestWeekday(int day) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            int length = date.lengthOfMonth();
            if (day > length) {
                return false;
            }
            DayOfWeek dow = date.withDayOfMonth(day).getDayOfWeek();
            int target = day;
            if (dow == DayOfWeek.SATURDAY) {
                target = day == 1 ? 3 : day - 1;
            } else if (dow == DayOfWeek.SUNDAY) {
                target = day == length ? day - 2 : day + 1;
            }
            return date.getDayOfMonth() == target;
        }
    }

    /** Day-of-week values in AWS numbering (1 = SUN), a list such as {@code MON-FRI}. */
    record WeekDays(BitSet days) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(awsDayOfWeek(date));
        }
    }

    /** {@code nL} in day-of-week: the month's last day n, e.g. {@code 6L} the last Friday. */
    record LastInMonth(int dayOfWeek) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return awsDayOfWeek(date) == dayOfWeek
                    && date.getDayOfMonth() + 7 > date.lengthOfMonth();
        }
    }

    /** {@code d#n}: the month's n-th day d, e.g. {@code 3#2} the second Tuesday. */
    record NthInMonth(int dayOfWeek, int nth) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return awsDayOfWeek(date) == dayOfWeek && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
    }
}
