package dev.sluice.reports;

import java.util.Objects;
import java.util.Set;

/**
 * A user's or virtual folder's usage against its quota, as a quota scan found it.
 *
 * @param kind {@code "user"} or {@code "folder"}
 * @param name the user's or folder's name
 * @param usedSize bytes stored
 * @param quotaSize the byte limit; 0 means unlimited
 * @param usedFiles files stored
 * @param quotaFiles the file limit; 0 means unlimited
 */
public record QuotaStanding(
        String kind, String name, long usedSize, long quotaSize, long usedFiles, long quotaFiles) {

    private static final Set<String> KINDS = Set.of("user", "folder");

    /** Checks the kind and that no figure is negative. */
    public QuotaStanding {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be user or folder, got " + kind);
        }
        Objects.requireNonNull(name, "name");
        Figures.nonNegative("usedSize", usedSize);
        Figures.nonNegative("quotaSize", quotaSize);
        Figures.nonNegative("usedFiles", usedFiles);
        Figures.nonNegative("quotaFiles", quotaFiles);
    }

    /**
     * The share of the quota used, in percent, of whichever limit is closer to being reached; 0
     * when both limits are unlimited. May exceed 100.
     */
    public double percentUsed() {
        return Math.max(percent(usedSize, quotaSize), percent(usedFiles, quotaFiles));
    }

    /** Whether usage has reached a limit (100 % or more). */
    public boolean overQuota() {
        return percentUsed() >= 100;
    }

    private static double percent(long used, long limit) {
        return limit == 0 ? 0 : used * 100.0 / limit;
    }
}
