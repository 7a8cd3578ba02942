package dev.sluice.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A virtual folder mounted into a user's tree (SFTPGo's user {@code virtual_folders} item). The
 * folder itself (its S3 location and usage) is defined once under {@code /api/v2/folders}.
 *
 * @param quotaSize bytes; 0 unlimited, -1 counted in the user's quota
 * @param quotaFiles files; 0 unlimited, -1 counted in the user's quota
 * @param subpath SFTPGo 2.7's sub-directory of the folder to mount instead of the whole folder:
 *     accepted when empty only, since ignoring a non-empty one would expose the whole folder
 */
@JsonIgnoreProperties({
    "id",
    "mapped_path",
    "description",
    "used_quota_size",
    "used_quota_files",
    "last_quota_update",
    "users",
    "groups",
    "filesystem"
})
public record VirtualFolderMapping(
        String name, String virtualPath, long quotaSize, int quotaFiles, String subpath) {

    /** A mapping of the whole folder (no {@code subpath}). */
    public VirtualFolderMapping(String name, String virtualPath, long quotaSize, int quotaFiles) {
        this(name, virtualPath, quotaSize, quotaFiles, null);
    }
}
