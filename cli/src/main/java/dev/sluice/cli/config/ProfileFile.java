package dev.sluice.cli.config;

import dev.sluice.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code ~/.config/sluice/config}: INI-style sections, one per profile.
 *
 * <pre>
 * [default]
 * url = http://127.0.0.1:8080
 * user = admin
 * password_file = ~/.config/sluice/admin.password
 *
 * [prod]
 * url = https://abc.execute-api.eu-west-1.amazonaws.com
 * api_key = ...
 * </pre>
 *
 * The file may hold passwords and keys, so it is refused when group or others may read or write it:
 * the message says how to fix that ({@code chmod 600}).
 */
public final class ProfileFile {

    private ProfileFile() {}

    /** Where the file lives under a home directory. */
    public static Path location(Path home) {
        return home.resolve(".config").resolve("sluice").resolve("config");
    }

    /**
     * Reads the profiles.
     *
     * @param file the file; missing means no profiles
     * @return the profiles by name, in file order
     * @throws CliFailure (usage) when the file is open to others or malformed
     */
    public static Map<String, Profile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        checkPrivate(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + " line " + (i + 1) + ": ";
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (name.isEmpty()) {
                    throw CliFailure.usage(where + "a profile needs a name: [name]");
                }
                current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw CliFailure.usage(where + "expected [profile] or key = value");
            }
            if (current == null) {
                throw CliFailure.usage(where + "a key before the first [profile] section");
            }
            String key = line.substring(0, equals).strip();
            if (!Profile.KEYS.contains(key)) {
                throw CliFailure.usage(
                        where + "unknown key \"" + key + "\"; allowed: " + Profile.KEYS);
            }
            current.put(key, line.substring(equals + 1).strip());
        }
        Map<String, Profile> profiles = new LinkedHashMap<>();
        sections.forEach((name, values) -> profiles.put(name, new Profile(name, values)));
        return profiles;
    }

    private static void checkPrivate(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the permissions of " + file + ": " + e);
        }
        boolean open =
                permissions.stream()
                        .anyMatch(
                                p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        if (open) {
            throw CliFailure.usage(
                    file
                            + " may hold passwords and API keys but group or others can access it"
                            + " (mode "
                            + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                            + "); fix it with: chmod 600 "
                            + file);
        }
    }
}
