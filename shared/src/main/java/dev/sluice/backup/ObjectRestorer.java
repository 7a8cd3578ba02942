package dev.sluice.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminPermission;
import dev.sluice.admins.AdminService;
import dev.sluice.admins.AdminValidator;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.backup.RestoreReport.Note;
import dev.sluice.backup.RestoreReport.Outcome;
import dev.sluice.connections.Connection;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.folders.FolderValidator;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.json.Json;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.paths.VirtualPath;
import dev.sluice.quota.QuotaScans;
import dev.sluice.quota.QuotaScope;
import dev.sluice.retention.PolicySchedules;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.retention.RetentionPolicyValidator;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.users.User;
import dev.sluice.users.UserValidator;
import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Restores one object of a dump, atomically (one conditional write through the service that owns
 * it) and idempotently: an object equal to what is stored is not written again, so loading a dump
 * twice leaves the same state and a cut-short restore sent again only writes what is missing.
 *
 * <p>SFTPGo's objects are mapped where Sluice has an equivalent (local-disk homes and folders
 * become the installation's bucket) and skipped, with the reason, where it has none (other storage
 * providers, secrets sealed by SFTPGo's key management, hash formats it cannot verify).
 */
final class ObjectRestorer {

    /** What one object's restore did, and the notes it left. */
    record Applied(Outcome outcome, List<Note> notes) {}

    private static final Map<Integer, String> PROVIDERS =
            Map.of(
                    2, "Google Cloud Storage",
                    3, "Azure Blob Storage",
                    4, "encrypted local filesystem",
                    5, "SFTP",
                    6, "HTTP");

    private final RestoreServices services;
    private final PasswordHasher hasher;
    private final Clock clock;

    /**
     * Refuses (a skip with the reason) unless {@code actor} holds one of {@code anyOf}: a restore
     * writes each object with the permission its own route needs, so {@code manage_system} alone
     * reaches no further than the API would let the restorer reach.
     */
    private static void require(Admin actor, String what, AdminPermission... anyOf) {
        for (AdminPermission p : anyOf) {
            if (actor.has(p)) {
                return;
            }
        }
        throw new Skip(
                null,
                "restoring it means to "
                        + what
                        + ", which needs the admin permission "
                        + java.util.Arrays.stream(anyOf)
                                .map(p -> "\"" + p.json() + "\"")
                                .collect(Collectors.joining(" or "))
                        + " that the restoring admin does not hold");
    }

    ObjectRestorer(RestoreServices services, PasswordHasher hasher, Clock clock) {
        this.services = services;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Restores {@code entry} (the {@code index}th of its dump) on behalf of {@code actor}. */
    Applied apply(DumpReader.Entry entry, int index, RestoreOptions options, Admin actor) {
        List<Note> notes = new ArrayList<>();
        String name = entry.name(index);
        String type = entry.type();
        try {
            if (!entry.node().isObject()) {
                throw new Skip(null, "is not a JSON object");
            }
            ObjectNode node = entry.node().deepCopy();
            Outcome outcome =
                    switch (type) {
                        case "folder" -> folder(node, name, options, actor, notes);
                        case "user" -> user(node, name, options, actor, notes);
                        case "admin" -> admin(node, name, options, actor, notes);
                        case "api_key" -> apiKey(node, options, actor);
                        case "retention_policy" -> policy(node, name, options, actor);
                        default -> throw new IllegalArgumentException(type);
                    };
            return new Applied(outcome, notes);
        } catch (Skip skip) {
            notes.add(new Note(type, name, skip.field(), "skipped", skip.getMessage()));
        } catch (ValidationException invalid) {
            notes.add(
                    new Note(
                            type,
                            name,
                            null,
                            "skipped",
                            invalid.errors().stream()
                                    .map(FieldError::describe)
                                    .collect(Collectors.joining("; "))));
        } catch (AdminService.Refused refused) {
            notes.add(new Note(type, name, null, "skipped", refused.getMessage()));
        } catch (PolicySchedules.ScheduleException refused) {
            notes.add(
                    new Note(
                            type,
                            name,
                            "schedule",
                            "skipped",
                            "the scheduler refused it: " + refused.getMessage()));
        }
        return new Applied(Outcome.SKIPPED, notes);
    }

    private Outcome folder(
            ObjectNode node, String name, RestoreOptions options, Admin actor, List<Note> notes) {
        node.remove("id");
        node.remove("users"); // output only: the users that mount it are restored with them
        filesystem(node, "folder", name, MasterKeys.folderS3SecretContext(name), notes);
        VirtualFolder input = Json.read(node.toString(), VirtualFolder.class);
        VirtualFolder valid = FolderValidator.validate(input, services.installationBucket());
        ignored("folder", name, node, input, notes);
        Optional<VirtualFolder> current = services.folderStore().find(valid.name());
        if (current.isPresent()) {
            if (options.mode() == RestoreOptions.Mode.ADD_ONLY) {
                return Outcome.KEPT;
            }
            VirtualFolder stored = current.get();
            boolean same =
                    Objects.equals(valid.mappedPath(), stored.mappedPath())
                            && Objects.equals(valid.description(), stored.description())
                            && sameFilesystem(
                                    valid.filesystem(),
                                    stored.filesystem(),
                                    MasterKeys.folderS3SecretContext(name));
            Outcome outcome = Outcome.UNCHANGED;
            if (!same) {
                require(
                        actor,
                        "change a folder",
                        AdminPermission.EDIT_USERS,
                        AdminPermission.MANAGE_FOLDERS);
                written(services.folders().update(valid.name(), input));
                outcome = Outcome.UPDATED;
            }
            scanFolder(valid.name(), options, actor, notes);
            return outcome;
        }
        require(
                actor,
                "create a folder",
                AdminPermission.ADD_USERS,
                AdminPermission.MANAGE_FOLDERS);
        written(services.folders().create(input, true));
        scanFolder(valid.name(), options, actor, notes);
        return Outcome.CREATED;
    }

    /** SFTPGo scans a restored folder for any {@code scan-quota} but 0 (folders have no limit). */
    private void scanFolder(String name, RestoreOptions options, Admin actor, List<Note> notes) {
        if (options.scanQuota() == RestoreOptions.ScanQuota.NONE
                || !actor.has(AdminPermission.QUOTA_SCANS)) {
            return;
        }
        if (services.quotaScans().start(QuotaScope.Owner.FOLDER, name, actor.username())
                instanceof QuotaScans.NotQueued refused) {
            notes.add(
                    new Note(
                            "folder",
                            name,
                            null,
                            "skipped",
                            "restored, but its quota scan was not started: "
                                    + refused.reason()
                                    + "; start it with POST /api/v2/quotas/folders/"
                                    + name
                                    + "/scan"));
        }
    }

    private Outcome user(
            ObjectNode node, String name, RestoreOptions options, Admin actor, List<Note> notes) {
        node.remove("id");
        JsonNode groups = node.path("groups");
        if (groups.isArray() && !groups.isEmpty()) {
            notes.add(
                    new Note(
                            "user",
                            name,
                            "groups",
                            "ignored",
                            "groups are not supported: settings the user inherited from "
                                    + groups.size()
                                    + " group(s) are not applied; set them on the user"));
        }
        filesystem(node, "user", name, MasterKeys.userS3SecretContext(name), notes);
        password(node, "users", name);
        User input = Json.read(node.toString(), User.class);
        User valid = new UserValidator(services.installationBucket()).validate(input);
        ignored("user", name, node, input, notes, "groups");
        Optional<User> current = services.userStore().find(valid.username());
        Outcome outcome;
        if (current.isPresent()) {
            if (options.mode() == RestoreOptions.Mode.ADD_ONLY) {
                return Outcome.KEPT;
            }
            User stored = current.get();
            boolean same =
                    comparable(valid).equals(comparable(stored))
                            && samePassword(valid.password(), stored.password())
                            && sameFilesystem(
                                    valid.filesystem(),
                                    stored.filesystem(),
                                    MasterKeys.userS3SecretContext(name));
            if (same) {
                outcome = Outcome.UNCHANGED;
            } else {
                require(actor, "change a user", AdminPermission.EDIT_USERS);
                written(services.users().update(valid.username(), input));
                outcome = Outcome.UPDATED;
                if (options.mode() == RestoreOptions.Mode.ADD_UPDATE_AND_DISCONNECT) {
                    if (actor.has(AdminPermission.CLOSE_CONNS)) {
                        disconnect(valid.username(), notes);
                    } else {
                        notes.add(
                                new Note(
                                        "user",
                                        name,
                                        null,
                                        "skipped",
                                        "updated, but its sessions were not closed (mode 2): that"
                                                + " needs the admin permission \"close_conns\""));
                    }
                }
            }
        } else {
            require(actor, "create a user", AdminPermission.ADD_USERS);
            written(services.users().create(input, true));
            outcome = Outcome.CREATED;
        }
        scan(valid, options, actor, notes);
        return outcome;
    }

    private Outcome admin(
            ObjectNode node, String name, RestoreOptions options, Admin actor, List<Note> notes) {
        node.remove("id");
        password(node, "admins", name);
        Admin input = Json.read(node.toString(), Admin.class);
        ignored("admin", name, node, input, notes);
        Optional<Admin> current = services.adminStore().find(input.username());
        if (current.isEmpty()) {
            require(actor, "create an admin", AdminPermission.MANAGE_ADMINS);
            written(services.admins().create(input, actor));
            return Outcome.CREATED;
        }
        if (options.mode() == RestoreOptions.Mode.ADD_ONLY) {
            return Outcome.KEPT;
        }
        Admin stored = current.get();
        Admin valid = AdminValidator.validate(input, false);
        boolean same =
                comparable(valid).equals(comparable(stored))
                        && samePassword(valid.password(), stored.password());
        if (same) {
            return Outcome.UNCHANGED;
        }
        if (stored.username().equals(actor.username())) {
            // Changing the admin who restores would revoke its token halfway (and could lock it
            // out): it changes itself through /api/v2/admins, knowingly.
            notes.add(
                    new Note(
                            "admin",
                            name,
                            null,
                            "kept",
                            "is the admin restoring the dump, which a restore does not change;"
                                    + " another admin may restore it, or change it with PUT"
                                    + " /api/v2/admins/"
                                    + name));
            return Outcome.KEPT;
        }
        require(actor, "change an admin", AdminPermission.MANAGE_ADMINS);
        written(services.admins().update(input.username(), input, actor));
        return Outcome.UPDATED;
    }

    private Outcome apiKey(ObjectNode node, RestoreOptions options, Admin actor) {
        ApiKey input = Json.read(node.toString(), ApiKey.class);
        require(actor, "create or change an API key", AdminPermission.MANAGE_APIKEYS);
        return switch (services.apiKeys()
                .restore(input, actor, options.mode() == RestoreOptions.Mode.ADD_ONLY)) {
            case CREATED -> Outcome.CREATED;
            case UPDATED -> Outcome.UPDATED;
            case UNCHANGED -> Outcome.UNCHANGED;
            case KEPT -> Outcome.KEPT;
        };
    }

    private Outcome policy(ObjectNode node, String name, RestoreOptions options, Admin actor) {
        RetentionPolicy input = Json.read(node.toString(), RetentionPolicy.class);
        require(actor, "schedule retention", AdminPermission.RETENTION_CHECKS);
        RetentionPolicy valid = RetentionPolicyValidator.validate(input);
        Optional<RetentionPolicy> current = services.policies().find(valid.name());
        if (current.isEmpty()) {
            written(services.policies().create(input));
            return Outcome.CREATED;
        }
        if (options.mode() == RestoreOptions.Mode.ADD_ONLY) {
            return Outcome.KEPT;
        }
        if (valid.stamped(0, 0).equals(current.get().stamped(0, 0))) {
            return Outcome.UNCHANGED;
        }
        written(services.policies().update(name, input));
        return Outcome.UPDATED;
    }

    /**
     * Notes the fields {@code node} set that {@code parsed} does not keep (SFTPGo features Sluice
     * lacks), except those already noted ({@code alreadyNoted}).
     */
    private static void ignored(
            String type,
            String name,
            JsonNode node,
            Object parsed,
            List<Note> notes,
            String... alreadyNoted) {
        List<String> fields =
                IgnoredFields.of(node, Json.mapper().valueToTree(parsed)).stream()
                        .filter(f -> !List.of(alreadyNoted).contains(f))
                        .toList();
        if (!fields.isEmpty()) {
            notes.add(
                    new Note(
                            type,
                            name,
                            String.join(", ", fields),
                            "ignored",
                            "SFTPGo settings Sluice has no feature for: not applied (see the"
                                    + " list of accepted and ignored fields in the REST API docs)"));
        }
    }

    /**
     * SFTPGo's storage, as Sluice stores it: local disk (provider 0) becomes the installation's
     * bucket in the owner's area, S3 stays S3, anything else cannot be served.
     */
    private void filesystem(
            ObjectNode node, String type, String name, String context, List<Note> notes) {
        JsonNode fs = node.path("filesystem");
        int provider = fs.path("provider").asInt(0);
        if (provider == FilesystemConfig.DEFAULT) {
            String field = type.equals("user") ? "home_dir" : "mapped_path";
            String local = node.path(field).asText("");
            if (!local.isEmpty()) {
                String area = (type.equals("user") ? "users/" : "folders/") + name + "/";
                notes.add(
                        new Note(
                                type,
                                name,
                                field,
                                "mapped",
                                "SFTPGo's local disk ("
                                        + local
                                        + ") is s3://"
                                        + services.installationBucket()
                                        + "/"
                                        + area
                                        + " here; copy the files there (see the migration guide)"));
                if (VirtualPath.clean(local).isEmpty()) {
                    // A Windows path, say: informational in Sluice, and not a valid one.
                    node.remove(field);
                }
            }
            if (fs.isObject()) {
                ((ObjectNode) fs).remove("s3config");
            }
            return;
        }
        if (provider != FilesystemConfig.S3) {
            throw new Skip(
                    "filesystem.provider",
                    "storage provider "
                            + provider
                            + " ("
                            + PROVIDERS.getOrDefault(provider, "unknown")
                            + ") is not supported: Sluice serves files from S3 (provider 1) or"
                            + " the installation's bucket (provider 0)");
        }
        JsonNode s3 = fs.path("s3config");
        if (s3.isObject()) {
            secret((ObjectNode) s3, context, type.equals("user") ? name : "folder_" + name);
        }
    }

    /**
     * A dump's S3 secret, as Plain: opened when sealed for a dump (with the master key) or by
     * SFTPGo's default KMS (the dump holds its key); other sealing cannot be opened here.
     *
     * @param sftpgoOwner the {@code additional_data} SFTPGo binds the owner's secrets to
     */
    private void secret(ObjectNode s3config, String context, String sftpgoOwner) {
        JsonNode node = s3config.get("access_secret");
        if (node == null || !node.isObject()) {
            return;
        }
        String status = node.path("status").asText("");
        String payload = node.path("payload").asText("");
        if (status.isEmpty() && payload.isEmpty()) {
            s3config.remove("access_secret"); // SFTPGo writes {} for "no secret"
            return;
        }
        if (status.equals("Plain") || status.equals("Redacted")) {
            return;
        }
        Secret secret = Json.read(node.toString(), Secret.class);
        String plain;
        if (DumpSeal.isSealedForDump(secret)) {
            try {
                plain = services.seal().open(secret, context);
            } catch (IllegalArgumentException e) {
                throw new Skip(
                        "filesystem.s3config.access_secret",
                        "the sealed S3 secret does not open: " + e.getMessage());
            }
        } else {
            if (secret.additionalData() != null
                    && !secret.additionalData().isEmpty()
                    && !secret.additionalData().equals(sftpgoOwner)) {
                throw new Skip(
                        "filesystem.s3config.access_secret",
                        "the S3 secret was sealed for \""
                                + secret.additionalData()
                                + "\", not for this account (\""
                                + sftpgoOwner
                                + "\"): was it copied from another one?");
            }
            plain =
                    switch (SftpgoSecrets.open(secret)) {
                        case SftpgoSecrets.Opened.Plain opened -> opened.value();
                        case SftpgoSecrets.Opened.Refused refused ->
                                throw new Skip(
                                        "filesystem.s3config.access_secret",
                                        "the S3 secret " + refused.reason());
                    };
        }
        s3config.set("access_secret", Json.mapper().valueToTree(Secret.plain(plain)));
    }

    /** Opens a sealed hash; refuses a hash Sluice cannot verify (it would become a password). */
    private void password(ObjectNode node, String kind, String name) {
        JsonNode field = node.get("password");
        if (field == null || !field.isTextual() || field.asText().isEmpty()) {
            return;
        }
        String value = field.asText();
        if (DumpSeal.isSealedPassword(value)) {
            try {
                value = services.seal().openPassword(value, DumpSeal.passwordContext(kind, name));
            } catch (IllegalArgumentException e) {
                throw new Skip(
                        "password", "the sealed password hash does not open: " + e.getMessage());
            }
            node.put("password", value);
        }
        if ((value.startsWith("$") || value.startsWith("{"))
                && !PasswordHasher.isSupportedHash(value)) {
            throw new Skip(
                    "password",
                    "the password hash cannot be verified by Sluice ("
                            + PasswordHasher.problemWith(value)
                                    .orElse("format " + PasswordHasher.detect(value))
                            + "); supported: bcrypt, argon2, PBKDF2 ($pbkdf2-...), sha-crypt,"
                            + " md5-crypt, yescrypt, {MD5}, {SHA256}, {SHA512}. Set a new"
                            + " password in the dump or after the restore");
        }
    }

    private boolean samePassword(String candidate, String stored) {
        if (candidate == null || candidate.isEmpty()) {
            return true; // keeps the stored one
        }
        if (candidate.equals(stored)) {
            return true;
        }
        if (PasswordHasher.isSupportedHash(candidate)
                && hasher.needsRehash(candidate)
                && stored != null
                && !hasher.needsRehash(stored)) {
            // The dump's hash is of a form Sluice replaces at the first login (bcrypt, PBKDF2,
            // crypt...) and the stored one is of the form it replaces them with: the account was
            // used or its password set since the dump was taken. The dump's hash is the older
            // one; it does not replace the newer (a reset goes through the API).
            return true;
        }
        // A plain password in a hand-written dump: the same if the stored hash verifies it.
        return !PasswordHasher.isSupportedHash(candidate) && hasher.verify(candidate, stored);
    }

    private boolean sameFilesystem(
            FilesystemConfig candidate, FilesystemConfig stored, String context) {
        if (!withoutSecret(candidate).equals(withoutSecret(stored))) {
            return false;
        }
        Secret wanted = candidate.s3config().accessSecret();
        Secret have = stored.s3config().accessSecret();
        if (wanted == null) {
            return have == null;
        }
        if (have == null) {
            return false;
        }
        if (wanted.status() == dev.sluice.secrets.SecretStatus.REDACTED) {
            return true;
        }
        try {
            return Objects.equals(wanted.payload(), services.cipher().decrypt(have, context));
        } catch (IllegalArgumentException stranded) {
            return false;
        }
    }

    private static FilesystemConfig withoutSecret(FilesystemConfig fs) {
        return fs.withS3config(fs.s3config().withAccessSecret(null));
    }

    private static User comparable(User u) {
        return u.toBuilder()
                .id(0)
                .password(null)
                .hasPassword(null)
                .filesystem(withoutSecret(u.filesystem()))
                .usedQuotaSize(0)
                .usedQuotaFiles(0)
                .lastQuotaUpdate(0)
                .createdAt(0)
                .updatedAt(0)
                .lastLogin(0)
                .build();
    }

    private static Admin comparable(Admin a) {
        return a.withPassword(null).withId(0).withTimestamps(0, 0).withLastLogin(0);
    }

    private void disconnect(String username, List<Note> notes) {
        long now = clock.millis();
        int closed = 0;
        for (Connection c : services.connections().liveFor(username, now)) {
            if (services.connections().requestClose(username, c.connectionId(), now)) {
                closed++;
            }
        }
        if (closed > 0) {
            notes.add(
                    new Note(
                            "user",
                            username,
                            null,
                            "disconnected",
                            closed + " session(s) closed: the account changed (mode 2)"));
        }
    }

    private void scan(User user, RestoreOptions options, Admin actor, List<Note> notes) {
        boolean wanted =
                switch (options.scanQuota()) {
                    case NONE -> false;
                    case ALL -> true;
                    case WITH_LIMITS -> user.quotaSize() > 0 || user.quotaFiles() > 0;
                };
        if (!wanted) {
            return;
        }
        if (!actor.has(AdminPermission.QUOTA_SCANS)) {
            notes.add(
                    new Note(
                            "user",
                            user.username(),
                            null,
                            "skipped",
                            "restored, but not scanned: a quota scan needs the admin permission"
                                    + " \"quota_scans\""));
            return;
        }
        if (services.quotaScans().start(QuotaScope.Owner.USER, user.username(), actor.username())
                instanceof QuotaScans.NotQueued refused) {
            notes.add(
                    new Note(
                            "user",
                            user.username(),
                            null,
                            "skipped",
                            "restored, but its quota scan was not started: "
                                    + refused.reason()
                                    + "; start it with POST /api/v2/quotas/users/"
                                    + user.username()
                                    + "/scan"));
        }
    }

    private static <T> T written(WriteResult<T> result) {
        return switch (result) {
            case WriteResult.Written<T> w -> w.value();
            case WriteResult.AlreadyExists<T> exists ->
                    throw new Skip(
                            null,
                            "was created by another request during the restore; send the dump"
                                    + " again to update it");
            case WriteResult.NotFound<T> missing ->
                    throw new Skip(
                            null,
                            "was deleted by another request during the restore; send the dump"
                                    + " again to create it");
            case WriteResult.VersionConflict<T> conflict ->
                    throw new Skip(
                            null,
                            "was changed by another request during the restore; send the dump"
                                    + " again");
        };
    }
}
