package dev.sluice.sftp.fs;

import dev.sluice.access.FileNameRules;
import dev.sluice.access.PathPermissions;
import dev.sluice.users.Permission;
import dev.sluice.users.User;
import java.nio.file.AccessDeniedException;
import java.util.Arrays;

/**
 * A session's rules about what the user may do where: the user's permissions and file name
 * patterns, evaluated by {@code shared} so the REST API applies the same ones.
 */
public final class Access {

    private final PathPermissions permissions;
    private final FileNameRules names;

    public Access(User user) {
        this.permissions = PathPermissions.of(user.permissions());
        this.names = FileNameRules.of(user.filters().filePatterns());
    }

    /** Throws unless every one of {@code needed} is granted in {@code directory}. */
    public void require(String directory, String path, Permission... needed)
            throws AccessDeniedException {
        for (Permission p : needed) {
            if (!permissions.allows(directory, p)) {
                throw new AccessDeniedException(
                        path,
                        null,
                        "permission denied: \""
                                + p.json()
                                + "\" is not granted in "
                                + directory
                                + " (needs "
                                + Arrays.stream(needed).map(Permission::json).toList()
                                + ")");
            }
        }
    }

    public boolean allows(String directory, Permission p) {
        return permissions.allows(directory, p);
    }

    /** Whether a file name may be seen and used at {@code path}. */
    public boolean fileNameAllowed(String path) {
        return names.allowsFile(path);
    }

    public void requireFileName(String path) throws AccessDeniedException {
        if (!fileNameAllowed(path)) {
            throw new AccessDeniedException(
                    path,
                    null,
                    "permission denied: this file name is not allowed here (file_patterns)");
        }
    }
}
