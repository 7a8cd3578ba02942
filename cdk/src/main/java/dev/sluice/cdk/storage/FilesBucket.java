package dev.sluice.cdk.storage;

import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.nag.Nag;
import dev.sluice.cdk.nag.Suppression;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The default bucket users' files land in, and the bucket its server access logs go to.
 *
 * <p>Versioning is on, with noncurrent versions expiring after {@code noncurrentVersionDays} (30 by
 * default): an SFTP overwrite, delete or rename (copy + delete) is then recoverable for a month,
 * which protects against a mistaken {@code rm -r} or a client that overwrites good data, while the
 * lifecycle rule bounds what the hidden copies cost. Quotas count current objects only, as users
 * see them.
 */
public final class FilesBucket extends Construct {

    private final Bucket bucket;

    public FilesBucket(Construct scope, String id, SluiceConfig config) {
        super(scope, id);
        boolean destroy = config.removal().destroys();
        Bucket accessLogs =
                Bucket.Builder.create(this, "AccessLogs")
                        .encryption(
                                BucketEncryption
                                        .S3_MANAGED) // server access log delivery cannot write to
                        // SSE-KMS buckets
                        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                        .enforceSsl(true)
                        .minimumTlsVersion(1.2)
                        .lifecycleRules(
                                List.of(
                                        LifecycleRule.builder()
                                                .id("expire-access-logs")
                                                .expiration(Duration.days(365))
                                                .build()))
                        .removalPolicy(config.removal().policy())
                        .autoDeleteObjects(destroy)
                        .build();
        Nag.suppress(
                accessLogs,
                Suppression.of(
                        "S1",
                        "This is the access-log bucket of the files bucket; logging its own accesses would log log deliveries into itself."));

        this.bucket =
                Bucket.Builder.create(this, "Files")
                        .bucketName(config.bucketName().orElse(null))
                        .encryption(BucketEncryption.S3_MANAGED)
                        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                        .enforceSsl(true)
                        .minimumTlsVersion(1.2)
                        .versioned(true)
                        .serverAccessLogsBucket(accessLogs)
                        .serverAccessLogsPrefix("files/")
                        .lifecycleRules(
                                List.of(
                                        // Uploads are multipart: a transfer cut off mid-way must
                                        // not leave billed parts behind.
                                        LifecycleRule.builder()
                                                .id("abort-incomplete-multipart-uploads")
                                                .abortIncompleteMultipartUploadAfter(
                                                        Duration.days(1))
                                                .build(),
                                        LifecycleRule.builder()
                                                .id("expire-noncurrent-versions")
                                                .noncurrentVersionExpiration(
                                                        Duration.days(
                                                                config.noncurrentVersionDays()))
                                                .expiredObjectDeleteMarker(true)
                                                .build()))
                        .removalPolicy(config.removal().policy())
                        .autoDeleteObjects(destroy)
                        .build();
    }

    public IBucket bucket() {
        return bucket;
    }
}
