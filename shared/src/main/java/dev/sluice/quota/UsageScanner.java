package dev.sluice.quota;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Counts what is stored under a prefix: bytes and files, directory markers ({@code key/}) not
 * counted. Quota counters drift when files change outside SFTP (S3 console, lifecycle rules); a
 * scan is how they are put right.
 */
public final class UsageScanner {

    private UsageScanner() {}

    /** Bytes and files under {@code prefix} in {@code bucket}, paged through ListObjectsV2. */
    public static Usage scan(S3Client s3, String bucket, String prefix) {
        long bytes = 0;
        long files = 0;
        for (S3Object object :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (object.key().endsWith("/")) {
                continue;
            }
            bytes += object.size();
            files++;
        }
        return new Usage(bytes, files);
    }

    /** What a scan found. */
    public record Usage(long bytes, long files) {}
}
