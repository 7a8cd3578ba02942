package dev.sluice.quota;

/**
 * The room a quota leaves, in the shape of a file system's statistics (SFTP's {@code
 * statvfs@openssh.com}, as SFTPGo answers it for cloud storage): the limit is the file system's
 * size, the usage what is taken. An unlimited quota states {@link #UNLIMITED_BYTES} free bytes and
 * {@link #UNLIMITED_FILES} free files beyond what is used, so {@code df} shows a large, finite size
 * rather than zero.
 *
 * @param blockSize the block size the figures are counted in (4096, smaller for tiny quotas)
 * @param totalBlocks the quota size in blocks
 * @param freeBlocks the blocks left; 0 once the quota is reached
 * @param totalFiles the file quota
 * @param freeFiles the files left; 0 once the quota is reached
 */
public record QuotaSpace(
        long blockSize, long totalBlocks, long freeBlocks, long totalFiles, long freeFiles) {

    /** What an unlimited byte quota states as free: 1 PiB. */
    public static final long UNLIMITED_BYTES = 1L << 50;

    /** What an unlimited file quota states as free. */
    public static final long UNLIMITED_FILES = 1L << 30;

    static final long BLOCK = 4096;

    /**
     * The room {@code counter}'s limits leave over {@code usage} (a limit of 0 is unlimited). Usage
     * above the limit (an administrator lowered it) leaves no room, never a negative one.
     */
    public static QuotaSpace of(QuotaScope.Counter counter, QuotaUsage usage) {
        long usedBytes = Math.max(0, usage.usedQuotaSize());
        long usedFiles = Math.max(0, usage.usedQuotaFiles());
        long totalBytes =
                counter.maxSize() > 0
                        ? counter.maxSize()
                        : saturatedAdd(usedBytes, UNLIMITED_BYTES);
        long totalFiles =
                counter.maxFiles() > 0
                        ? counter.maxFiles()
                        : saturatedAdd(usedFiles, UNLIMITED_FILES);
        long block = BLOCK;
        while (block > 1 && block > totalBytes) {
            block /= 4;
        }
        long freeBytes = Math.max(0, totalBytes - usedBytes);
        return new QuotaSpace(
                block,
                totalBytes / block,
                freeBytes / block,
                totalFiles,
                Math.max(0, totalFiles - usedFiles));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
