package dev.sluice.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A virtual folder mounted into a user's tree (SFTPGo's user {@code virtual_folders} item). The
 * folder itself (its S3 location and usage) is defined once under {@code /api/v2/folders}.
 *
 * @param quotaSize bytes; 0 unlimited, -1 counted in the user's quota
 * @param quotaFiles files; 0 unlimited, -1 counted in the user's quota
 */
@JsonIgnoreProperties({
    "id",
    "mapped_path",
    "description",
    "used_quota_size",
    "used_quota_files",
    "last_quota_update",
    "users",
    "filesystem"
})
public record VirtualFolderMapping(
        String name, String virtualPath, long quotaSize, int quotaFiles) {}
