package dev.sluice.users;

import dev.sluice.fs.FilesystemValidator;
import dev.sluice.fs.StorageLocation;
import dev.sluice.paths.VirtualPath;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules for a {@link User}: one place, called by the REST API and by backup restore alike.
 * {@link #validate} returns the normalised user (clean paths, canonical names) or throws a {@link
 * dev.sluice.validation.ValidationException} listing every problem.
 */
public final class UserValidator {

    public static final int MAX_PUBLIC_KEYS = 100;
    public static final int MAX_PERMISSION_PATHS = 500;
    public static final int MAX_TEXT = 4096;
    public static final int MAX_ADDITIONAL_EMAILS = 100;

    private final String installationBucket;

    /**
     * @param installationBucket the installation's bucket, for the tenant rule of {@code
     *     filesystem}
     */
    public UserValidator(String installationBucket) {
        this.installationBucket = installationBucket;
    }

    public User validate(User user) {
        Problems problems = new Problems();
        FieldRules.name(problems, "username", user.username());
        FieldRules.status(problems, "status", user.status());
        FieldRules.email(problems, "email", user.email());
        FieldRules.maxLength(problems, "description", user.description(), MAX_TEXT);
        FieldRules.maxLength(problems, "additional_info", user.additionalInfo(), MAX_TEXT);
        FieldRules.nonNegative(
                problems,
                "expiration_date",
                user.expirationDate(),
                "ms since epoch; 0 never expires");
        FieldRules.nonNegative(problems, "uid", user.uid(), "a numeric user id");
        FieldRules.nonNegative(problems, "gid", user.gid(), "a numeric group id");
        FieldRules.nonNegative(problems, "max_sessions", user.maxSessions(), "0 means unlimited");
        FieldRules.nonNegative(
                problems, "quota_size", user.quotaSize(), "bytes; 0 means unlimited");
        FieldRules.nonNegative(
                problems, "quota_files", user.quotaFiles(), "files; 0 means unlimited");
        FieldRules.nonNegative(problems, "used_quota_size", user.usedQuotaSize(), "bytes");
        FieldRules.nonNegative(problems, "used_quota_files", user.usedQuotaFiles(), "files");
        FieldRules.nonNegative(
                problems, "upload_bandwidth", user.uploadBandwidth(), "KB/s; 0 means unlimited");
        FieldRules.nonNegative(
                problems,
                "download_bandwidth",
                user.downloadBandwidth(),
                "KB/s; 0 means unlimited");
        if (user.homeDir() != null
                && !user.homeDir().isEmpty()
                && VirtualPath.clean(user.homeDir()).isEmpty()) {
            problems.add(
                    "home_dir", user.homeDir(), "must be an absolute path without \"..\" segments");
        }
        FieldRules.password(problems, "password", user.password());
        List<String> publicKeys = checkPublicKeys(problems, user.publicKeys());
        boolean hasCredential =
                (user.password() != null && !user.password().isEmpty())
                        || Boolean.TRUE.equals(user.hasPassword())
                        || !user.publicKeys().isEmpty();
        if (!hasCredential) {
            problems.add("password", null, "a password or at least one public key is required");
        }
        Map<String, List<String>> permissions = normalisePermissions(problems, user.permissions());
        List<VirtualFolderMapping> folders = normaliseFolders(problems, user.virtualFolders());
        UserFilters filters = normaliseFilters(problems.at("filters"), user.filters());
        var filesystem =
                FilesystemValidator.validate(
                        user.filesystem(),
                        problems.at("filesystem"),
                        new StorageLocation.Home(user.username()),
                        installationBucket);
        problems.throwIfAny();
        return user.toBuilder()
                .publicKeys(publicKeys)
                .permissions(permissions)
                .virtualFolders(folders)
                .filters(filters)
                .filesystem(filesystem)
                .build();
    }

    /**
     * Checks each key fully; returns them in canonical form ("type base64 comment"), the form
     * stored.
     */
    private static List<String> checkPublicKeys(Problems problems, List<String> keys) {
        if (keys.size() > MAX_PUBLIC_KEYS) {
            problems.add(
                    "public_keys",
                    keys.size() + " keys",
                    "at most " + MAX_PUBLIC_KEYS + " keys are allowed");
            return keys;
        }
        List<AuthorizedKey> seen = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            switch (AuthorizedKey.parse(keys.get(i))) {
                case AuthorizedKey.Invalid invalid ->
                        problems.add("public_keys[" + i + "]", keys.get(i), invalid.problem());
                case AuthorizedKey.Valid valid -> {
                    if (seen.stream().anyMatch(k -> k.sameKeyAs(valid.key()))) {
                        problems.add("public_keys[" + i + "]", keys.get(i), "is listed twice");
                    } else {
                        seen.add(valid.key());
                    }
                }
            }
        }
        return seen.stream().map(AuthorizedKey::toString).toList();
    }

    private static Map<String, List<String>> normalisePermissions(
            Problems problems, Map<String, List<String>> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        if (in.size() > MAX_PERMISSION_PATHS) {
            problems.add(
                    "permissions",
                    in.size() + " paths",
                    "at most " + MAX_PERMISSION_PATHS + " paths are allowed");
            return in;
        }
        for (var entry : in.entrySet()) {
            String field = "permissions[\"" + entry.getKey() + "\"]";
            var clean = VirtualPath.clean(entry.getKey());
            if (clean.isEmpty()) {
                problems.add(
                        field,
                        entry.getKey(),
                        "the key must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\"");
                continue;
            }
            if (!seen.add(clean.get())) {
                problems.add(
                        field,
                        entry.getKey(),
                        "names the same directory as \"" + clean.get() + "\"");
                continue;
            }
            List<String> names = entry.getValue();
            if (names.isEmpty()) {
                problems.add(
                        field,
                        "[]",
                        "must list at least one permission; allowed: " + Permission.names());
                continue;
            }
            Set<String> unique = new LinkedHashSet<>();
            for (String name : names) {
                if (Permission.parse(name).isEmpty()) {
                    problems.add(field, name, "unknown permission; allowed: " + Permission.names());
                } else {
                    unique.add(name);
                }
            }
            out.put(clean.get(), unique.contains("*") ? List.of("*") : List.copyOf(unique));
        }
        if (!seen.contains("/") && !in.isEmpty()) {
            problems.add("permissions", null, "must include the root directory \"/\"");
        } else if (in.isEmpty()) {
            problems.add(
                    "permissions",
                    null,
                    "is required and must include the root directory \"/\", e.g. {\"/\": [\"*\"]}");
        }
        return out;
    }

    private static List<VirtualFolderMapping> normaliseFolders(
            Problems problems, List<VirtualFolderMapping> in) {
        List<VirtualFolderMapping> out = new ArrayList<>();
        List<VirtualFolderMapping> mounted = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            VirtualFolderMapping folder = in.get(i);
            String field = "virtual_folders[" + i + "]";
            Problems at = problems.at(field);
            FieldRules.name(at, "name", folder.name());
            var clean = VirtualPath.clean(folder.virtualPath());
            if (clean.isEmpty() || clean.get().equals("/")) {
                at.add(
                        "virtual_path",
                        folder.virtualPath(),
                        "must be an absolute path below \"/\" such as \"/shared\", without \"..\"");
            } else {
                for (VirtualFolderMapping other : mounted) {
                    if (VirtualPath.isWithin(clean.get(), other.virtualPath())
                            || VirtualPath.isWithin(other.virtualPath(), clean.get())) {
                        at.add(
                                "virtual_path",
                                folder.virtualPath(),
                                "overlaps \"" + other.virtualPath() + "\"");
                    }
                    if (other.name() != null && other.name().equals(folder.name())) {
                        at.add("name", folder.name(), "is mounted twice");
                    }
                }
            }
            FieldRules.atLeast(
                    at,
                    "quota_size",
                    folder.quotaSize(),
                    -1,
                    "bytes; 0 unlimited, -1 counted in the user's quota");
            if (folder.subpath() != null && !folder.subpath().isEmpty()) {
                at.add(
                        "subpath",
                        folder.subpath(),
                        "is not supported: Sluice mounts a whole folder; leave it empty");
            }
            FieldRules.atLeast(
                    at,
                    "quota_files",
                    folder.quotaFiles(),
                    -1,
                    "files; 0 unlimited, -1 counted in the user's quota");
            var normalised =
                    new VirtualFolderMapping(
                            folder.name(),
                            clean.orElse(folder.virtualPath()),
                            folder.quotaSize(),
                            folder.quotaFiles());
            if (clean.isPresent() && !clean.get().equals("/")) {
                mounted.add(normalised);
            }
            out.add(normalised);
        }
        return out;
    }

    private static UserFilters normaliseFilters(Problems problems, UserFilters filters) {
        List<String> allowedIp = FieldRules.cidrs(problems, "allowed_ip", filters.allowedIp());
        List<String> deniedIp = FieldRules.cidrs(problems, "denied_ip", filters.deniedIp());
        for (int i = 0; i < filters.deniedLoginMethods().size(); i++) {
            String method = filters.deniedLoginMethods().get(i);
            if (LoginMethod.parse(method).isEmpty()) {
                problems.add(
                        "denied_login_methods[" + i + "]",
                        method,
                        "unknown login method; allowed: " + LoginMethod.names());
            }
        }
        for (int i = 0; i < filters.deniedProtocols().size(); i++) {
            String protocol = filters.deniedProtocols().get(i);
            if (Protocol.parse(protocol).isEmpty()) {
                problems.add(
                        "denied_protocols[" + i + "]",
                        protocol,
                        "unknown protocol; allowed: " + Protocol.names());
            }
        }
        FieldRules.nonNegative(
                problems,
                "max_upload_file_size",
                filters.maxUploadFileSize(),
                "bytes; 0 means no limit");
        List<PatternsFilter> patterns = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < filters.filePatterns().size(); i++) {
            PatternsFilter filter = filters.filePatterns().get(i);
            Problems at = problems.at("file_patterns[" + i + "]");
            var clean = VirtualPath.clean(filter.path());
            if (clean.isEmpty()) {
                at.add(
                        "path",
                        filter.path(),
                        "must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\"");
            } else if (!paths.add(clean.get())) {
                at.add("path", filter.path(), "has more than one file_patterns entry");
            }
            if (filter.allowedPatterns().isEmpty() && filter.deniedPatterns().isEmpty()) {
                at.add("allowed_patterns", null, "give allowed_patterns, denied_patterns or both");
            }
            checkPatterns(at, "allowed_patterns", filter.allowedPatterns());
            checkPatterns(at, "denied_patterns", filter.deniedPatterns());
            patterns.add(
                    new PatternsFilter(
                            clean.orElse(filter.path()),
                            filter.allowedPatterns(),
                            filter.deniedPatterns()));
        }
        checkAdditionalEmails(problems, filters.additionalEmails());
        return new UserFilters(
                allowedIp,
                deniedIp,
                filters.deniedLoginMethods(),
                filters.deniedProtocols(),
                patterns,
                filters.maxUploadFileSize(),
                filters.allowApiKeyAuth(),
                filters.additionalEmails());
    }

    /** Each entry an address as {@code email} is (but not empty), each once. */
    private static void checkAdditionalEmails(Problems problems, List<String> emails) {
        if (emails.size() > MAX_ADDITIONAL_EMAILS) {
            problems.add(
                    "additional_emails",
                    emails.size() + " addresses",
                    "at most " + MAX_ADDITIONAL_EMAILS + " addresses are allowed");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < emails.size(); i++) {
            String field = "additional_emails[" + i + "]";
            String email = emails.get(i);
            if (email == null || email.isEmpty()) {
                problems.add(field, email, "must be an e-mail address such as user@example.com");
            } else if (!seen.add(email.toLowerCase(java.util.Locale.ROOT))) {
                problems.add(field, email, "is listed twice");
            } else {
                FieldRules.email(problems, field, email);
            }
        }
    }

    private static void checkPatterns(Problems problems, String field, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            if (FilePattern.compile(patterns.get(i)).isEmpty()) {
                problems.add(
                        field + "[" + i + "]",
                        patterns.get(i),
                        "must be a file name pattern such as \"*.jpg\" or \"report-??.csv\" (no \"/\", balanced [ ])");
            }
        }
    }
}
