package dev.sluice.cdk.storage;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * What a role may do to the files in a bucket, named action by action rather than with CDK's {@code
 * grantReadWrite}/{@code grantDelete}, whose {@code s3:DeleteObject*} includes {@code
 * s3:DeleteObjectVersion}: with it, a compromised task could erase the noncurrent versions that
 * make an overwrite or delete recoverable for {@code noncurrentVersionDays}. Nothing here touches
 * versions, lifecycle rules, versioning, bucket policies or object locks.
 */
public final class FileAccess {

    /** Listing a directory and finding leftover uploads. */
    public static final List<String> SFTP_BUCKET_ACTIONS =
            List.of("s3:ListBucket", "s3:ListBucketMultipartUploads");

    /**
     * Reading, writing (single and multipart, copy for renames: tags travel with a copy), deleting
     * the current version (which leaves a noncurrent one behind) and aborting uploads.
     */
    public static final List<String> SFTP_OBJECT_ACTIONS =
            List.of(
                    "s3:GetObject",
                    "s3:GetObjectTagging",
                    "s3:PutObject",
                    "s3:PutObjectTagging",
                    "s3:DeleteObject",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts");

    /** The quota scan only counts: ListObjectsV2. */
    public static final List<String> SCAN_BUCKET_ACTIONS = List.of("s3:ListBucket");

    /**
     * The retention job deletes expired files with DeleteObjects, which S3 authorizes key by key as
     * {@code s3:DeleteObject}: the current version only (a delete marker on a versioned bucket).
     */
    public static final List<String> RETENTION_OBJECT_ACTIONS = List.of("s3:DeleteObject");

    /** {@code dumpdata}/{@code loaddata} write and read dump files (HeadObject is GetObject). */
    public static final List<String> BACKUP_OBJECT_ACTIONS =
            List.of("s3:GetObject", "s3:PutObject");

    private FileAccess() {}

    /**
     * The backup routes' access to dump files: reading and writing objects under {@code keyPrefix}
     * of the installation's bucket, and nothing of any tenant's area.
     */
    public static void grantBackups(IGrantable grantee, IBucket bucket, String keyPrefix) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(
                        statement(
                                BACKUP_OBJECT_ACTIONS,
                                List.of(bucket.arnForObjects(keyPrefix + "*"))));
    }

    /**
     * The operator's extra buckets ({@code extraBuckets}), referenced by name in {@code scope}'s
     * stack. Sluice creates nothing in them and changes none of their settings.
     */
    public static List<IBucket> extraBuckets(Construct scope, List<String> names) {
        return names.stream()
                .map(name -> Bucket.fromBucketName(scope, "ExtraBucket-" + name, name))
                .toList();
    }

    /** The SFTP server's access to users' files in these buckets. */
    public static void grantSftp(IGrantable grantee, List<IBucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        List<String> bucketArns = new ArrayList<>();
        List<String> objectArns = new ArrayList<>();
        for (IBucket bucket : buckets) {
            bucketArns.add(bucket.getBucketArn());
            objectArns.add(bucket.arnForObjects("*"));
        }
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(statement(SFTP_BUCKET_ACTIONS, bucketArns));
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(statement(SFTP_OBJECT_ACTIONS, objectArns));
    }

    /** The quota scan's access: listing keys and sizes, nothing else. */
    public static void grantScan(IGrantable grantee, List<IBucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(
                        statement(
                                SCAN_BUCKET_ACTIONS,
                                buckets.stream().map(IBucket::getBucketArn).toList()));
    }

    /**
     * The retention job's right to delete the files of these buckets ({@link
     * #RETENTION_OBJECT_ACTIONS} on their objects); listing them comes with {@link #grantScan} or a
     * bucket's own read grant.
     */
    public static void grantDelete(IGrantable grantee, List<IBucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(
                        statement(
                                RETENTION_OBJECT_ACTIONS,
                                buckets.stream().map(b -> b.arnForObjects("*")).toList()));
    }

    private static PolicyStatement statement(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(resources)
                .build();
    }
}
