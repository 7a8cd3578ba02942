package dev.sluice.fs;

import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.util.Optional;

/**
 * Where a user's home or a virtual folder lives in S3: a bucket, a key prefix, and the tenant's own
 * S3 settings when it named a bucket (provider 1). The one place that turns a tenant into keys.
 *
 * <p>The installation's bucket has three top-level areas that no legal name can cross (names are
 * single segments of {@code [A-Za-z0-9._~-]}, never "/"):
 *
 * <ul>
 *   <li>{@code users/<username>/}: a user's home (provider 0);
 *   <li>{@code folders/<name>/}: a virtual folder (provider 0);
 *   <li>{@code sluice/}: Sluice's own objects (backups, reports), never a tenant's.
 * </ul>
 *
 * A tenant with provider 1 on the installation's bucket (its {@code bucket} empty or equal to it)
 * must keep its {@code key_prefix} inside its own area above, or it would reach other tenants'
 * files; other buckets are the operator's explicit choice and are not policed.
 *
 * @param custom the S3 settings to reach the bucket with; empty: the installation's bucket and role
 */
public record StorageLocation(String bucket, String prefix, Optional<S3Config> custom) {

    /** Users' homes in the installation's bucket: {@code users/<username>/}. */
    public static final String HOMES = "users/";

    /** Virtual folders in the installation's bucket: {@code folders/<name>/}. */
    public static final String FOLDERS = "folders/";

    /**
     * Sluice's own objects in the installation's bucket (backups, reports): no tenant's root is
     * here.
     */
    public static final String INTERNAL = "sluice/";

    /** Dumps written and read by {@code dumpdata}/{@code loaddata}: {@code sluice/backups/}. */
    public static final String BACKUPS = INTERNAL + "backups/";

    /**
     * Whose location: a user's home or a virtual folder, each with its own area of the
     * installation's bucket.
     */
    public sealed interface Tenant permits Home, Folder {
        String name();

        /** The tenant's own area of the installation's bucket, e.g. {@code users/alice/}. */
        String root();

        /** For messages and logs: "user alice", "folder shared". */
        String describe();
    }

    public record Home(String name) implements Tenant {
        @Override
        public String root() {
            return HOMES + name + "/";
        }

        @Override
        public String describe() {
            return "user " + name;
        }
    }

    public record Folder(String name) implements Tenant {
        @Override
        public String root() {
            return FOLDERS + name + "/";
        }

        @Override
        public String describe() {
            return "folder " + name;
        }
    }

    /**
     * Where a tenant's files are, or why it has no place (a mapping that would reach another
     * tenant's files).
     */
    public sealed interface Resolution permits Located, Refused {}

    public record Located(StorageLocation location) implements Resolution {}

    /**
     * @param reason what is wrong and what is allowed, for a log line or a field error
     */
    public record Refused(String reason) implements Resolution {}

    /** A user's home: provider 0 is the installation's bucket under {@code users/<username>/}. */
    public static Resolution home(String username, FilesystemConfig fs, String installationBucket) {
        return locate(new Home(username), fs, installationBucket);
    }

    /** A virtual folder: provider 0 is the installation's bucket under {@code folders/<name>/}. */
    public static Resolution folder(String name, FilesystemConfig fs, String installationBucket) {
        return locate(new Folder(name), fs, installationBucket);
    }

    public static Resolution locate(Tenant tenant, FilesystemConfig fs, String installationBucket) {
        if (!isLegalName(tenant.name())) {
            // A name with "/" or ".." would turn into someone else's prefix; validation refuses
            // such names.
            return new Refused(
                    tenant.describe() + ": not a legal name, so it has no storage location");
        }
        if (fs.provider() != FilesystemConfig.S3) {
            return new Located(
                    new StorageLocation(installationBucket, tenant.root(), Optional.empty()));
        }
        S3Config s3 = fs.s3config();
        String bucket =
                s3.bucket() == null || s3.bucket().isBlank() ? installationBucket : s3.bucket();
        String prefix = s3.keyPrefix() == null ? "" : s3.keyPrefix();
        if (bucket.equals(installationBucket) && !prefix.startsWith(tenant.root())) {
            return new Refused(
                    tenant.describe()
                            + ": on the installation's bucket (\""
                            + installationBucket
                            + "\") the key_prefix must start with the "
                            + (tenant instanceof Home ? "user's" : "folder's")
                            + " own area \""
                            + tenant.root()
                            + "\" (other tenants' files are elsewhere in it): use provider 0,"
                            + " a key_prefix below \""
                            + tenant.root()
                            + "\", or another bucket");
        }
        return new Located(new StorageLocation(bucket, prefix, Optional.of(s3)));
    }

    /**
     * Whether the two locations can name a common key: same bucket, and one prefix starts with the
     * other.
     */
    public boolean overlaps(StorageLocation other) {
        return bucket.equals(other.bucket)
                && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
    }

    /**
     * The shared name rule (one path segment, see {@link FieldRules#name}): only such names get a
     * prefix.
     */
    static boolean isLegalName(String name) {
        Problems problems = new Problems();
        FieldRules.name(problems, "name", name);
        return problems.isEmpty();
    }
}
