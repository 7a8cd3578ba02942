package dev.sluice.sftp.fs;

import java.time.Instant;

/**
 * What the tree knows about one entry: a file (an S3 object) or a directory (a marker object, a
 * common prefix, a mount point or the root).
 *
 * @param etag the object's ETag for files (pins downloads to one version); null for directories
 */
public record FileInfo(
        String name, boolean directory, long size, Instant lastModified, String etag) {

    public static FileInfo directory(String name, Instant lastModified) {
        return new FileInfo(
                name, true, 0, lastModified == null ? Instant.EPOCH : lastModified, null);
    }

    public static FileInfo file(String name, long size, Instant lastModified, String etag) {
        return new FileInfo(
                name, false, size, lastModified == null ? Instant.EPOCH : lastModified, etag);
    }

    public FileInfo named(String newName) {
        return new FileInfo(newName, directory, size, lastModified, etag);
    }
}
