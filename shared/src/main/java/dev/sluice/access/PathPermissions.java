package dev.sluice.access;

import dev.sluice.paths.VirtualPath;
import dev.sluice.users.Permission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's per-directory permissions, evaluated as SFTPGo does: the entry for the most specific
 * directory at or above the one asked about wins outright (permissions are not merged with the
 * parents'), and "/" is the fallback. The SFTP server and the REST API ask this class, so a rule
 * means the same thing over both.
 *
 * <p>For an operation on a file, ask about the directory that holds it; for an operation on a
 * directory itself (create, remove, rename, list), ask about the directory's parent for create/
 * remove/rename and about the directory for list, as SFTPGo does.
 */
public final class PathPermissions {

    private final Map<String, Set<Permission>> byDirectory;

    private PathPermissions(Map<String, Set<Permission>> byDirectory) {
        this.byDirectory = byDirectory;
    }

    /** From a user's {@code permissions} map; keys are cleaned, unknown names are ignored. */
    public static PathPermissions of(Map<String, List<String>> permissions) {
        Map<String, Set<Permission>> out = new java.util.HashMap<>();
        permissions.forEach(
                (path, names) ->
                        VirtualPath.clean(path)
                                .ifPresent(
                                        clean -> {
                                            Set<Permission> set = EnumSet.noneOf(Permission.class);
                                            for (String name : names) {
                                                Permission.parse(name).ifPresent(set::add);
                                            }
                                            out.put(clean, set);
                                        }));
        return new PathPermissions(Map.copyOf(out));
    }

    /** The permissions in force in {@code directory} (a clean absolute path). */
    public Set<Permission> in(String directory) {
        String dir = directory;
        while (true) {
            Set<Permission> found = byDirectory.get(dir);
            if (found != null) {
                return found;
            }
            if (dir.equals("/")) {
                return Set.of();
            }
            dir = VirtualPath.parent(dir);
        }
    }

    /**
     * Whether {@code permission} is granted in {@code directory}. "*" grants everything; the
     * umbrella names grant their specific forms ({@code delete} grants {@code delete_files} and
     * {@code delete_dirs}; {@code rename} grants {@code rename_files} and {@code rename_dirs}).
     */
    public boolean allows(String directory, Permission permission) {
        Set<Permission> granted = in(directory);
        if (granted.contains(Permission.ALL) || granted.contains(permission)) {
            return true;
        }
        return umbrella(permission).map(granted::contains).orElse(false);
    }

    private static Optional<Permission> umbrella(Permission specific) {
        return switch (specific) {
            case DELETE_FILES, DELETE_DIRS -> Optional.of(Permission.DELETE);
            case RENAME_FILES, RENAME_DIRS -> Optional.of(Permission.RENAME);
            default -> Optional.empty();
        };
    }
}
