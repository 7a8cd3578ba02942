package dev.sluice.fs;

import java.util.Optional;

/**
 * Where a user's home or a virtual folder lives in S3: a bucket, a key prefix, and the user's own
 * S3 settings when they named a bucket of their own (provider 1).
 *
 * @param custom the S3 settings to reach the bucket with; empty: the installation's bucket and role
 */
public record StorageLocation(String bucket, String prefix, Optional<S3Config> custom) {

    /** A user's home: provider 0 is the installation's bucket under {@code <username>/}. */
    public static StorageLocation home(String username, FilesystemConfig fs, String defaultBucket) {
        return of(fs, defaultBucket, username + "/");
    }

    /** A virtual folder: provider 0 is the installation's bucket under {@code folders/<name>/}. */
    public static StorageLocation folder(String name, FilesystemConfig fs, String defaultBucket) {
        return of(fs, defaultBucket, "folders/" + name + "/");
    }

    private static StorageLocation of(FilesystemConfig fs, String defaultBucket, String defaultPrefix) {
        if (fs.provider() != FilesystemConfig.S3) {
            return new StorageLocation(defaultBucket, defaultPrefix, Optional.empty());
        }
        S3Config s3 = fs.s3config();
        String bucket = s3.bucket() == null || s3.bucket().isBlank() ? defaultBucket : s3.bucket();
        String prefix = s3.keyPrefix() == null ? "" : s3.keyPrefix();
        return new StorageLocation(bucket, prefix, Optional.of(s3));
    }
}
