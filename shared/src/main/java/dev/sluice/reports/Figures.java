package dev.sluice.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/** Checks and words the figures reports show: sizes, counts, durations, times, percentages. */
final class Figures {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private Figures() {}

    static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + value);
        }
    }

    static void inOrder(Instant started, Instant finished) {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        if (finished.isBefore(started)) {
            throw new IllegalArgumentException(
                    "finished (" + finished + ") is before started (" + started + ")");
        }
    }

    /** "512 B", "3.2 MiB": binary units, one decimal. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** "3.2 MiB (3,355,443 bytes)": the readable size and the exact one. */
    static String bytesExact(long bytes) {
        return bytes(bytes) + " (" + count(bytes) + (bytes == 1 ? " byte)" : " bytes)");
    }

    /** "1,234". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 file", "120 files". */
    static String count(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    /** "850 ms", "4.2 s", "3 min 04 s", "2 h 05 min". */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** "2026-12-01 02:00:00 UTC". */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** "720 h (30 days)", "36 h", "0 h (path excluded)". */
    static String retention(int hours) {
        if (hours == 0) {
            return "0 h (path excluded)";
        }
        if (hours % 24 == 0) {
            return hours + " h (" + count(hours / 24, "day", "days") + ")";
        }
        return hours + " h";
    }

    /** "99.9 %": rounded down, so nothing under a limit reads as 100 %. */
    static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f %%", Math.floor(percent * 10) / 10);
    }
}
