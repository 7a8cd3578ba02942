package dev.sluice.cli.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.PathValues;
import dev.sluice.cli.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The user fields as options, named as in SFTPGo's CLI. Each given option sets its field of the
 * user document; an empty value ({@code --allowed-ip ""}) clears a list, as in SFTPGo's CLI.
 */
public final class UserFields {

    @Option(names = "--password", description = "The user's password (8-1024 characters).")
    String password;

    @Option(
            names = "--public-key",
            arity = "1..*",
            paramLabel = "KEY",
            description = "An OpenSSH public key line; repeatable.")
    List<String> publicKeys;

    @Option(names = "--home-dir", description = "SFTPGo's home_dir (kept; the home is in S3).")
    String homeDir;

    @Option(names = "--email", description = "The user's e-mail address.")
    String email;

    @Option(names = "--description", description = "Free text.")
    String description;

    @Option(names = "--max-sessions", description = "Concurrent sessions, 0 unlimited.")
    Integer maxSessions;

    @Option(names = "--quota-size", description = "Quota in bytes, 0 unlimited.")
    Long quotaSize;

    @Option(names = "--quota-files", description = "Quota in files, 0 unlimited.")
    Integer quotaFiles;

    @Option(
            names = "--permissions",
            arity = "1..*",
            split = ",",
            paramLabel = "PERM",
            description = "Permissions on / (list, download, upload, ..., *).")
    List<String> permissions;

    @Option(
            names = "--subdirs-permissions",
            arity = "1..*",
            paramLabel = "/DIR::PERMS",
            description =
                    "Per-directory permissions, e.g. \"/dir1::list,download\"; replaces them.")
    List<String> subdirsPermissions;

    @Option(names = "--upload-bandwidth", description = "KB/s, 0 unlimited.")
    Integer uploadBandwidth;

    @Option(names = "--download-bandwidth", description = "KB/s, 0 unlimited.")
    Integer downloadBandwidth;

    @Option(names = "--status", description = "1 enabled, 0 disabled.")
    Integer status;

    @Option(
            names = "--expiration-date",
            paramLabel = "YYYY-MM-DD",
            description = "The account expires at this date's start (UTC); \"\" never.")
    String expirationDate;

    @Option(
            names = "--allowed-ip",
            arity = "1..*",
            split = ",",
            paramLabel = "CIDR",
            description = "Logins only from these networks; \"\" clears.")
    List<String> allowedIp;

    @Option(
            names = "--denied-ip",
            arity = "1..*",
            split = ",",
            paramLabel = "CIDR",
            description = "No logins from these networks; \"\" clears.")
    List<String> deniedIp;

    @Option(
            names = "--denied-login-methods",
            arity = "1..*",
            split = ",",
            paramLabel = "METHOD",
            description = "publickey, password, keyboard-interactive, ...; \"\" clears.")
    List<String> deniedLoginMethods;

    @Option(names = "--s3-bucket", description = "Store the files in this bucket (provider 1).")
    String s3Bucket;

    @Option(names = "--s3-region", description = "The bucket's region.")
    String s3Region;

    @Option(names = "--s3-key-prefix", description = "Key prefix in the bucket, e.g. alice/.")
    String s3KeyPrefix;

    @Option(names = "--s3-endpoint", description = "An S3-compatible endpoint URL.")
    String s3Endpoint;

    @Option(names = "--s3-storage-class", description = "STANDARD, STANDARD_IA, ...")
    String s3StorageClass;

    @Option(names = "--s3-access-key", description = "Access key id (with a secret).")
    String s3AccessKey;

    @Option(
            names = "--s3-access-secret-file",
            paramLabel = "FILE",
            description = "Read the secret access key from FILE's first line.")
    Path s3AccessSecretFile;

    @Option(
            names = "--s3-access-secret",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "SECRET",
            description = "Without a value: ask for the secret access key (no echo).")
    String s3AccessSecret;

    @Option(
            names = "--virtual-folders",
            arity = "1..*",
            paramLabel = "/VDIR::FOLDER",
            description = "Mount folders, e.g. \"/shared::reports\"; replaces them; \"\" clears.")
    List<String> virtualFolders;

    @Option(
            names = "--allowed-patterns",
            arity = "1..*",
            paramLabel = "/DIR::PATTERNS",
            description = "Allowed file names, e.g. \"/in::*.csv,*.zip\".")
    List<String> allowedPatterns;

    @Option(
            names = "--denied-patterns",
            arity = "1..*",
            paramLabel = "/DIR::PATTERNS",
            description = "Denied file names, e.g. \"/in::*.exe\".")
    List<String> deniedPatterns;

    /** Creates the options (picocli fills them). */
    public UserFields() {}

    /**
     * Sets the given fields on a user document.
     *
     * @param user the document (a new user, or the current one for an update)
     * @param session warns and prompts
     */
    public void applyTo(ObjectNode user, Session session) {
        set(user, "password", password);
        if (publicKeys != null) {
            user.set("public_keys", strings(user, publicKeys));
        }
        set(user, "home_dir", homeDir);
        set(user, "email", email);
        set(user, "description", description);
        number(user, "max_sessions", maxSessions);
        number(user, "quota_size", quotaSize);
        number(user, "quota_files", quotaFiles);
        number(user, "upload_bandwidth", uploadBandwidth);
        number(user, "download_bandwidth", downloadBandwidth);
        number(user, "status", status);
        if (expirationDate != null) {
            user.put("expiration_date", expiration(expirationDate));
        }
        permissions(user);
        boolean hadFilters = user.has("filters");
        ObjectNode filters = objectAt(user, "filters");
        if (allowedIp != null) {
            filters.set("allowed_ip", strings(user, allowedIp));
        }
        if (deniedIp != null) {
            filters.set("denied_ip", strings(user, deniedIp));
        }
        if (deniedLoginMethods != null) {
            filters.set("denied_login_methods", strings(user, deniedLoginMethods));
        }
        if (allowedPatterns != null || deniedPatterns != null) {
            filters.set("file_patterns", patterns(user));
        }
        if (filters.isEmpty() && !hadFilters) {
            user.remove("filters");
        }
        s3(user, session);
        if (virtualFolders != null) {
            ArrayNode folders = user.arrayNode();
            if (!PathValues.clears(virtualFolders)) {
                for (String text : virtualFolders) {
                    PathValues.PathValue value = PathValues.parse("--virtual-folders", text);
                    if (value.values().size() != 1) {
                        throw CliFailure.usage(
                                "--virtual-folders: expected /vdir::folder-name, got \""
                                        + text
                                        + "\"");
                    }
                    folders.addObject()
                            .put("name", value.values().get(0))
                            .put("virtual_path", value.path());
                }
            }
            user.set("virtual_folders", folders);
        }
    }

    private void permissions(ObjectNode user) {
        if (permissions == null && subdirsPermissions == null) {
            return;
        }
        ObjectNode current = objectAt(user, "permissions");
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (permissions != null) {
            result.put("/", nonEmpty(permissions));
        } else if (current.has("/")) {
            List<String> root = new ArrayList<>();
            current.get("/").forEach(p -> root.add(p.asText()));
            result.put("/", root);
        }
        if (subdirsPermissions == null) {
            current.properties().stream()
                    .filter(e -> !e.getKey().equals("/"))
                    .forEach(
                            e -> {
                                List<String> values = new ArrayList<>();
                                e.getValue().forEach(p -> values.add(p.asText()));
                                result.put(e.getKey(), values);
                            });
        } else if (!PathValues.clears(subdirsPermissions)) {
            for (String text : subdirsPermissions) {
                PathValues.PathValue value = PathValues.parse("--subdirs-permissions", text);
                result.put(value.path(), value.values());
            }
        }
        ObjectNode replaced = user.objectNode();
        result.forEach((path, values) -> replaced.set(path, strings(user, values)));
        user.set("permissions", replaced);
    }

    private ArrayNode patterns(ObjectNode user) {
        Map<String, ObjectNode> byPath = new LinkedHashMap<>();
        add(user, byPath, allowedPatterns, "--allowed-patterns", "allowed_patterns");
        add(user, byPath, deniedPatterns, "--denied-patterns", "denied_patterns");
        ArrayNode array = user.arrayNode();
        byPath.values().forEach(array::add);
        return array;
    }

    private static void add(
            ObjectNode user,
            Map<String, ObjectNode> byPath,
            List<String> given,
            String option,
            String field) {
        if (given == null || PathValues.clears(given)) {
            return;
        }
        for (String text : given) {
            PathValues.PathValue value = PathValues.parse(option, text);
            ObjectNode entry =
                    byPath.computeIfAbsent(value.path(), p -> user.objectNode().put("path", p));
            entry.set(field, strings(user, value.values()));
        }
    }

    private void s3(ObjectNode user, Session session) {
        String secret = s3Secret(session);
        if (s3Bucket == null
                && s3Region == null
                && s3KeyPrefix == null
                && s3Endpoint == null
                && s3StorageClass == null
                && s3AccessKey == null
                && secret == null) {
            return;
        }
        ObjectNode filesystem = objectAt(user, "filesystem");
        filesystem.put("provider", 1);
        ObjectNode s3 = objectAt(filesystem, "s3config");
        set(s3, "bucket", s3Bucket);
        set(s3, "region", s3Region);
        set(s3, "key_prefix", s3KeyPrefix);
        set(s3, "endpoint", s3Endpoint);
        set(s3, "storage_class", s3StorageClass);
        set(s3, "access_key", s3AccessKey);
        if (secret != null) {
            s3.putObject("access_secret").put("status", "Plain").put("payload", secret);
        }
    }

    private String s3Secret(Session session) {
        if (s3AccessSecretFile != null) {
            try {
                String text = Files.readString(s3AccessSecretFile, StandardCharsets.UTF_8);
                return text.lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw CliFailure.usage(
                        "--s3-access-secret-file: cannot read " + s3AccessSecretFile + ": " + e);
            }
        }
        if (s3AccessSecret == null) {
            return null;
        }
        if (!s3AccessSecret.isEmpty()) {
            session.errors()
                    .warning(
                            "--s3-access-secret with a value is visible to other users of this"
                                    + " machine; prefer --s3-access-secret-file or the prompt");
            return s3AccessSecret;
        }
        return session.env()
                .prompt()
                .ask("S3 secret access key: ")
                .orElseThrow(
                        () ->
                                CliFailure.usage(
                                        "--s3-access-secret: no terminal to ask on; use"
                                                + " --s3-access-secret-file"));
    }

    static long expiration(String date) {
        if (date.isBlank()) {
            return 0;
        }
        try {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw CliFailure.usage(
                    "--expiration-date: expected YYYY-MM-DD or \"\", got \"" + date + "\"");
        }
    }

    private static List<String> nonEmpty(List<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    static ArrayNode strings(ObjectNode factory, List<String> values) {
        ArrayNode array = factory.arrayNode();
        nonEmpty(values).forEach(array::add);
        return array;
    }

    static ObjectNode objectAt(ObjectNode parent, String field) {
        if (parent.get(field) instanceof ObjectNode existing) {
            return existing;
        }
        return parent.putObject(field);
    }

    static void set(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static void number(ObjectNode node, String field, Number value) {
        if (value instanceof Long l) {
            node.put(field, l);
        } else if (value instanceof Integer i) {
            node.put(field, i);
        }
    }
}
