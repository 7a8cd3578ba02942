package dev.sluice.reports;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a quota scan reports: the users and folders at {@value #WARN_PERCENT} % of a quota or more,
 * fullest first. Those at 100 % or more are {@link QuotaStanding#overQuota() over quota}.
 *
 * @param scanned when the scan finished
 * @param standings the standings at or above the warning level (others are dropped)
 */
public record QuotaSummary(Instant scanned, List<QuotaStanding> standings) {

    /** The share of a quota from which a user or folder is reported. */
    public static final int WARN_PERCENT = 80;

    /** Keeps the standings at {@value #WARN_PERCENT} % or more, fullest first. */
    public QuotaSummary {
        Objects.requireNonNull(scanned, "scanned");
        standings =
                standings.stream()
                        .filter(s -> s.percentUsed() >= WARN_PERCENT)
                        .sorted(
                                Comparator.comparingDouble(QuotaStanding::percentUsed)
                                        .reversed()
                                        .thenComparing(QuotaStanding::kind)
                                        .thenComparing(QuotaStanding::name))
                        .toList();
    }

    /** How many of {@code kind} ("user" or "folder") are reported. */
    public long count(String kind) {
        return standings.stream().filter(s -> s.kind().equals(kind)).count();
    }

    /** How many of {@code kind} are at 100 % or more. */
    public long overQuota(String kind) {
        return standings.stream().filter(s -> s.kind().equals(kind) && s.overQuota()).count();
    }
}
