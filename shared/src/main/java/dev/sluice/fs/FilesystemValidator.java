package dev.sluice.fs;

import dev.sluice.validation.Problems;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@code filesystem} object and returns its normalised form, including the tenant rule of
 * {@link StorageLocation}: on the installation's bucket a tenant stays inside its own area.
 */
public final class FilesystemValidator {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    /** S3 storage classes whose objects can be read back at once (no restore step). */
    public static final List<String> STORAGE_CLASSES =
            List.of(
                    "STANDARD",
                    "STANDARD_IA",
                    "ONEZONE_IA",
                    "INTELLIGENT_TIERING",
                    "GLACIER_IR",
                    "REDUCED_REDUNDANCY",
                    "EXPRESS_ONEZONE");

    public static final int MAX_PART_SIZE_MB = 5120;
    public static final int MAX_UPLOAD_CONCURRENCY = 64;

    private FilesystemValidator() {}

    /**
     * @param tenant whose filesystem it is (its own area of the installation's bucket)
     * @param installationBucket the installation's bucket ({@code SLUICE_BUCKET}), passed in by the
     *     service
     */
    public static FilesystemConfig validate(
            FilesystemConfig fs,
            Problems problems,
            StorageLocation.Tenant tenant,
            String installationBucket) {
        if (fs.provider() == FilesystemConfig.DEFAULT) {
            // Like SFTPGo: settings for another provider are dropped, not kept half-applied.
            return FilesystemConfig.defaultBucket();
        }
        if (fs.provider() != FilesystemConfig.S3) {
            problems.add(
                    "provider",
                    fs.provider(),
                    "Sluice stores files in S3; allowed: 0 (the installation's bucket) or 1 (S3 with s3config)");
            return fs;
        }
        Problems s3problems = problems.at("s3config");
        int before = problems.errors().size();
        FilesystemConfig out = fs.withS3config(validateS3(fs.s3config(), s3problems));
        // The tenant rule, once the fields are well formed (and the name: a bad name is reported on
        // its own field).
        if (problems.errors().size() == before
                && StorageLocation.isLegalName(tenant.name())
                && StorageLocation.locate(tenant, out, installationBucket)
                        instanceof StorageLocation.Refused refused) {
            s3problems.add("key_prefix", out.s3config().keyPrefix(), refused.reason());
        }
        return out;
    }

    private static S3Config validateS3(S3Config s3, Problems problems) {
        if (s3.bucket() == null || s3.bucket().isEmpty()) {
            problems.add("bucket", null, "is required when provider is 1 (S3)");
        } else if (!BUCKET.matcher(s3.bucket()).matches() || s3.bucket().contains("..")) {
            problems.add(
                    "bucket",
                    s3.bucket(),
                    "must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit");
        }
        if (s3.region() != null
                && !s3.region().isEmpty()
                && !REGION.matcher(s3.region()).matches()) {
            problems.add("region", s3.region(), "must be an AWS region such as eu-west-1");
        }
        if (s3.endpoint() != null && !s3.endpoint().isEmpty()) {
            try {
                URI uri = URI.create(s3.endpoint());
                if (uri.getHost() == null
                        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                    problems.add(
                            "endpoint",
                            s3.endpoint(),
                            "must be an http(s) URL such as https://s3.example.com");
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(
                        "endpoint",
                        s3.endpoint(),
                        "must be an http(s) URL such as https://s3.example.com");
            }
        }
        S3Config out = s3;
        if (s3.storageClass() != null && !s3.storageClass().isEmpty()) {
            String canonical = s3.storageClass().toUpperCase(Locale.ROOT);
            if (!STORAGE_CLASSES.contains(canonical)) {
                problems.add(
                        "storage_class",
                        s3.storageClass(),
                        "must be one of "
                                + STORAGE_CLASSES
                                + " (GLACIER and DEEP_ARCHIVE objects cannot be downloaded without a restore)");
            } else {
                out = out.withStorageClass(canonical);
            }
        }
        if (s3.uploadPartSize() != 0
                && (s3.uploadPartSize() < 5 || s3.uploadPartSize() > MAX_PART_SIZE_MB)) {
            problems.add(
                    "upload_part_size",
                    s3.uploadPartSize(),
                    "must be 0 (automatic) or between 5 and " + MAX_PART_SIZE_MB + " (MB)");
        }
        if (s3.uploadConcurrency() < 0 || s3.uploadConcurrency() > MAX_UPLOAD_CONCURRENCY) {
            problems.add(
                    "upload_concurrency",
                    s3.uploadConcurrency(),
                    "must be between 0 (server default) and " + MAX_UPLOAD_CONCURRENCY);
        }
        String prefix = s3.keyPrefix();
        if (prefix != null && !prefix.isEmpty()) {
            if (prefix.startsWith("/")
                    || !prefix.endsWith("/")
                    || prefix.contains("//")
                    || ("/" + prefix).contains("/../")
                    || ("/" + prefix).contains("/./")
                    || prefix.length() > 512) {
                problems.add(
                        "key_prefix",
                        prefix,
                        "must be empty or like \"folder/subfolder/\": no leading \"/\", a trailing \"/\", no empty, \".\" or \"..\" segments");
            }
        }
        boolean hasKey = s3.accessKey() != null && !s3.accessKey().isEmpty();
        boolean hasSecret = s3.accessSecret() != null;
        if (hasKey != hasSecret) {
            problems.add(
                    hasKey ? "access_secret" : "access_key",
                    null,
                    "access_key and access_secret go together: give both, or neither to use the service's IAM role");
        }
        if (hasSecret && s3.accessSecret().status() == null) {
            problems.add(
                    "access_secret.status",
                    null,
                    "is required: Plain (to set a value) or Redacted (to keep the stored one)");
        } else if (hasSecret) {
            var secret = s3.accessSecret();
            switch (secret.status()) {
                case PLAIN -> {
                    if (secret.payload() == null || secret.payload().isEmpty()) {
                        problems.add(
                                "access_secret.payload", null, "is required when status is Plain");
                    }
                }
                case REDACTED, AES_256_GCM -> {
                    // Redacted keeps the stored value; AES-256-GCM is our own stored form.
                }
                default ->
                        problems.add(
                                "access_secret.status",
                                secret.status().json(),
                                "must be Plain (to set a value) or Redacted (to keep the stored one)");
            }
        }
        return out;
    }
}
