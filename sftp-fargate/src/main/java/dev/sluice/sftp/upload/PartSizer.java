package dev.sluice.sftp.upload;

/**
 * Multipart part sizes that grow with the file, so any object up to S3's 5 TiB fits in its 10,000
 * parts while small and medium files use small parts (less memory, earlier upload start). With the
 * default 8 MiB base: parts 1-500 are 8 MiB (files up to ~3.9 GiB), then the size doubles every 500
 * parts up to 1 GiB (parts 3501 on), a Java array's practical limit for a part buffer; the 10,000
 * parts then hold ~6.8 TiB. Fixed 5 MiB parts would cap an object at ~48.8 GiB.
 */
public record PartSizer(long baseBytes, int partsPerDoubling) {

    public static final long MIN_PART = 5L * 1024 * 1024;

    /** S3 allows 5 GiB; buffers are Java arrays, so parts stop growing at 1 GiB. */
    public static final long MAX_PART = 1024L * 1024 * 1024;

    static final int PARTS_PER_DOUBLING = 500;
    public static final int MAX_PARTS = 10_000;
    public static final long DEFAULT_BASE = 8L * 1024 * 1024;

    public PartSizer {
        if (baseBytes < MIN_PART || baseBytes > MAX_PART) {
            throw new IllegalArgumentException(
                    "part size must be 5 MiB to 1 GiB, got " + baseBytes);
        }
        if (partsPerDoubling < 1) {
            throw new IllegalArgumentException(
                    "parts per doubling must be positive, got " + partsPerDoubling);
        }
    }

    /** Parts of {@code baseBytes}, doubling every {@value #PARTS_PER_DOUBLING} parts. */
    public PartSizer(long baseBytes) {
        this(baseBytes, PARTS_PER_DOUBLING);
    }

    /** From a user's {@code s3config.upload_part_size} in MB (0: the default). */
    public static PartSizer forMegabytes(int uploadPartSizeMb) {
        return new PartSizer(
                uploadPartSizeMb <= 0 ? DEFAULT_BASE : uploadPartSizeMb * 1024L * 1024L);
    }

    /** The size of part {@code number} (1-based). */
    public long partSize(int number) {
        int doublings = Math.min(20, (number - 1) / partsPerDoubling);
        return Math.min(MAX_PART, baseBytes << doublings);
    }

    /** The largest object these parts can hold. */
    public long maxObjectSize() {
        long total = 0;
        for (int n = 1; n <= MAX_PARTS; n++) {
            total += partSize(n);
        }
        return total;
    }
}
