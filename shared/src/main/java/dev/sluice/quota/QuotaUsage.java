package dev.sluice.quota;

/**
 * Used quota of a user or folder (SFTPGo's {@code QuotaUsage}, plus when it last changed).
 *
 * @param usedQuotaSize   bytes
 * @param usedQuotaFiles  files
 * @param lastQuotaUpdate ms since epoch
 */
public record QuotaUsage(long usedQuotaSize, int usedQuotaFiles, long lastQuotaUpdate) {

    public static final QuotaUsage ZERO = new QuotaUsage(0, 0, 0);
}
