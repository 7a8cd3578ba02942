package dev.sluice.schedule;

import dev.sluice.validation.Problems;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/** The rule for {@code ScheduleExpressionTimezone} values. */
final class TimeZones {

    /** AWS's limit on {@code ScheduleExpressionTimezone}. */
    static final int MAX_LENGTH = 50;

    static final ZoneId DEFAULT = ZoneId.of("UTC");

    private TimeZones() {}

    static ZoneId parse(String timezone, String field) {
        if (timezone == null || timezone.isBlank()) {
            return DEFAULT;
        }
        Set<String> known = ZoneId.getAvailableZoneIds();
        // Only region names from the time zone database: offsets such as "+02:00" or "UTC+2"
        // would parse in Java but freeze the offset, so the schedule would drift at DST.
        if (timezone.length() <= MAX_LENGTH && known.contains(timezone)) {
            return ZoneId.of(timezone);
        }
        String problem =
                timezone.length() > MAX_LENGTH
                        ? "must be at most " + MAX_LENGTH + " characters"
                        : "must be an IANA time zone name such as UTC, Europe/Berlin or"
                                + " America/New_York"
                                + suggestion(timezone, known);
        Problems problems = new Problems();
        problems.add(field, timezone, problem);
        problems.throwIfAny();
        throw new IllegalStateException("unreachable");
    }

    private static String suggestion(String timezone, Set<String> known) {
        String wanted = timezone.strip().toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(id -> id.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .map(id -> " (did you mean " + id + "?)")
                .orElse("");
    }
}
