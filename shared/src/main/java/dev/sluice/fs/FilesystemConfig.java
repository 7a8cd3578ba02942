package dev.sluice.fs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * SFTPGo's {@code filesystem} object. Sluice stores every file in S3, so two providers exist:
 * {@link #DEFAULT} (0: the installation's bucket, in the tenant's area: see {@link
 * StorageLocation}) and {@link #S3} (1: the bucket and prefix in {@code s3config}).
 */
@JsonIgnoreProperties({
    "gcsconfig",
    "azblobconfig",
    "cryptconfig",
    "sftpconfig",
    "httpconfig",
    "osconfig"
})
public record FilesystemConfig(int provider, S3Config s3config) {

    /** SFTPGo's "local filesystem": in Sluice, the default bucket. */
    public static final int DEFAULT = 0;

    /** SFTPGo's "S3 Compatible Object Storage". */
    public static final int S3 = 1;

    public FilesystemConfig {
        if (s3config == null) {
            s3config = S3Config.empty();
        }
    }

    public static FilesystemConfig defaultBucket() {
        return new FilesystemConfig(DEFAULT, S3Config.empty());
    }

    public FilesystemConfig withS3config(S3Config config) {
        return new FilesystemConfig(provider, config);
    }
}
