package dev.sluice.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a user may do in a directory, with SFTPGo's permission names.
 *
 * <p>{@link #COPY} is SFTPGo 2.6+'s server-side copy. Sluice has no server-side copy (an SFTP
 * client copies by downloading and uploading, which needs {@code download} and {@code upload}), so
 * {@code copy} is accepted, kept and returned, and allows nothing more.
 */
public enum Permission {
    ALL("*"),
    LIST("list"),
    DOWNLOAD("download"),
    UPLOAD("upload"),
    OVERWRITE("overwrite"),
    DELETE("delete"),
    DELETE_FILES("delete_files"),
    DELETE_DIRS("delete_dirs"),
    RENAME("rename"),
    RENAME_FILES("rename_files"),
    RENAME_DIRS("rename_dirs"),
    CREATE_DIRS("create_dirs"),
    CREATE_SYMLINKS("create_symlinks"),
    CHMOD("chmod"),
    CHOWN("chown"),
    CHTIMES("chtimes"),
    COPY("copy");

    private final String json;

    Permission(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<Permission> parse(String name) {
        return Arrays.stream(values()).filter(p -> p.json.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Permission::json).toList();
    }
}
