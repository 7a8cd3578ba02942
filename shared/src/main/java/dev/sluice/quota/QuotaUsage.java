package dev.sluice.quota;

/**
 * Used quota of a user or folder (SFTPGo's {@code QuotaUsage}, plus when it last changed).
 *
 * @param usedQuotaSize bytes
 * @param usedQuotaFiles files
 * @param lastQuotaUpdate ms since epoch
 */
public record QuotaUsage(long usedQuotaSize, int usedQuotaFiles, long lastQuotaUpdate) {

    public static final QuotaUsage ZERO = new QuotaUsage(0, 0, 0);

    /** The largest {@code used_quota_size} (int64, as SFTPGo stores it). */
    public static final long MAX_SIZE = Long.MAX_VALUE;

    /** The largest {@code used_quota_files} (int32, as SFTPGo stores it). */
    public static final int MAX_FILES = Integer.MAX_VALUE;
}
