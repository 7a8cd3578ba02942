package dev.sluice.folders;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.sluice.fs.FilesystemConfig;
import java.util.List;

/**
 * A virtual folder (SFTPGo's {@code BaseVirtualFolder}): an S3 location that can be mounted into
 * one or more users' trees, with its own usage counters.
 *
 * @param mappedPath kept for SFTPGo compatibility; Sluice locates the folder through {@code
 *     filesystem} (provider 0: the default bucket under {@code folders/<name>/})
 * @param users output only: the users that mount this folder
 */
@JsonIgnoreProperties({"id", "groups"})
public record VirtualFolder(
        String name,
        String mappedPath,
        String description,
        long usedQuotaSize,
        int usedQuotaFiles,
        long lastQuotaUpdate,
        List<String> users,
        FilesystemConfig filesystem) {

    public VirtualFolder {
        users = users == null ? List.of() : List.copyOf(users);
        filesystem = filesystem == null ? FilesystemConfig.defaultBucket() : filesystem;
    }

    public VirtualFolder redacted() {
        var s3 = filesystem.s3config();
        var fs =
                s3.accessSecret() == null
                        ? filesystem
                        : filesystem.withS3config(s3.withAccessSecret(s3.accessSecret().hidden()));
        return new VirtualFolder(
                name,
                mappedPath,
                description,
                usedQuotaSize,
                usedQuotaFiles,
                lastQuotaUpdate,
                users,
                fs);
    }

    public VirtualFolder withFilesystem(FilesystemConfig fs) {
        return new VirtualFolder(
                name,
                mappedPath,
                description,
                usedQuotaSize,
                usedQuotaFiles,
                lastQuotaUpdate,
                users,
                fs);
    }

    public VirtualFolder withUsage(long size, int files, long updated) {
        return new VirtualFolder(
                name, mappedPath, description, size, files, updated, users, filesystem);
    }

    public VirtualFolder withUsers(List<String> value) {
        return new VirtualFolder(
                name,
                mappedPath,
                description,
                usedQuotaSize,
                usedQuotaFiles,
                lastQuotaUpdate,
                value,
                filesystem);
    }
}
