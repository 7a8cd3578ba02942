package dev.sluice.fs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.sluice.secrets.Secret;

/**
 * Where a user's (or a virtual folder's) files live in S3, in SFTPGo's {@code s3config} shape.
 *
 * <p>Empty fields fall back to the installation's default bucket and region. Credentials are
 * optional: without them the service's own IAM role is used (the recommended setup on AWS).
 *
 * @param uploadPartSize multipart part size in MB (0: grow with the file, see DESIGN.md)
 * @param uploadConcurrency parts uploaded in parallel per transfer (0: server default)
 */
@JsonIgnoreProperties({
    "acl",
    "download_part_size",
    "download_concurrency",
    "download_part_max_time",
    "upload_part_max_time",
    "role_arn",
    "session_token",
    "sse_customer_key",
    "skip_tls_verify"
})
public record S3Config(
        String bucket,
        String region,
        String accessKey,
        Secret accessSecret,
        String endpoint,
        String storageClass,
        int uploadPartSize,
        int uploadConcurrency,
        boolean forcePathStyle,
        String keyPrefix) {

    public S3Config {
        // SFTPGo writes an unset secret as {} (and its clients send it back): no secret.
        if (accessSecret != null
                && accessSecret.status() == null
                && (accessSecret.payload() == null || accessSecret.payload().isEmpty())) {
            accessSecret = null;
        }
    }

    public static S3Config empty() {
        return new S3Config(null, null, null, null, null, null, 0, 0, false, null);
    }

    public S3Config withAccessSecret(Secret secret) {
        return new S3Config(
                bucket,
                region,
                accessKey,
                secret,
                endpoint,
                storageClass,
                uploadPartSize,
                uploadConcurrency,
                forcePathStyle,
                keyPrefix);
    }

    public S3Config withKeyPrefix(String prefix) {
        return new S3Config(
                bucket,
                region,
                accessKey,
                accessSecret,
                endpoint,
                storageClass,
                uploadPartSize,
                uploadConcurrency,
                forcePathStyle,
                prefix);
    }

    public S3Config withStorageClass(String storage) {
        return new S3Config(
                bucket,
                region,
                accessKey,
                accessSecret,
                endpoint,
                storage,
                uploadPartSize,
                uploadConcurrency,
                forcePathStyle,
                keyPrefix);
    }
}
