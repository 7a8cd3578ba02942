package dev.sluice.sftp.fs;

import dev.sluice.paths.VirtualPath;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 location in a user's tree: the home at "/" or a virtual folder at its mount point.
 *
 * @param mountPoint clean virtual path where it appears ("/" for the home)
 * @param prefix key prefix, "" or ending in "/"
 * @param folder the virtual folder's name; empty for the home
 * @param storageClass S3 storage class for new objects; null for the bucket's default
 */
public record Mount(
        String mountPoint,
        S3Client s3,
        String bucket,
        String prefix,
        Optional<String> folder,
        String storageClass) {

    /**
     * The object key of a virtual path at or below the mount point ("" + prefix for the mount
     * root).
     */
    public String key(String virtualPath) {
        if (!VirtualPath.isWithin(virtualPath, mountPoint)) {
            throw new IllegalArgumentException(virtualPath + " is not below " + mountPoint);
        }
        String relative =
                mountPoint.equals("/")
                        ? virtualPath.substring(1)
                        : virtualPath.length() == mountPoint.length()
                                ? ""
                                : virtualPath.substring(mountPoint.length() + 1);
        return prefix + relative;
    }

    /**
     * The key prefix of a directory's contents: its key plus "/" (or the mount's prefix at its
     * root).
     */
    public String directoryPrefix(String virtualPath) {
        String key = key(virtualPath);
        return key.isEmpty() || key.equals(prefix) ? prefix : key + "/";
    }

    /**
     * Whether two mounts store in the same bucket through the same credentials (server-side copy
     * works).
     */
    public boolean sameStoreAs(Mount other) {
        return s3 == other.s3 && bucket.equals(other.bucket);
    }
}
