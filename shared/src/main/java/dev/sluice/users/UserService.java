package dev.sluice.users;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import dev.sluice.identity.Identities;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretSealer;
import dev.sluice.validation.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Managing users: the rules every entry point (REST API, backup restore, local mode) shares.
 * Validates, hashes plain passwords, encrypts secrets, checks referenced folders exist, keeps
 * server-owned fields (usage counters, creation time, last login) out of clients' hands.
 */
public final class UserService {

    private final UserStore users;
    private final FolderStore folders;
    private final UserValidator validator;
    private final PasswordHasher hasher;
    private final SecretSealer cipher;
    private final Clock clock;

    /**
     * @param installationBucket the installation's bucket ({@code SLUICE_BUCKET}): where provider-0
     *     homes live
     */
    public UserService(
            UserStore users,
            FolderStore folders,
            PasswordHasher hasher,
            SecretSealer cipher,
            Clock clock,
            String installationBucket) {
        this.users = users;
        this.folders = folders;
        this.hasher = hasher;
        this.validator = new UserValidator(installationBucket);
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * Creates a user. Usage counters start at zero unless {@code keepUsage} (a restore, where the
     * backup's counters are the best knowledge until a quota scan).
     */
    public WriteResult<User> create(User input, boolean keepUsage) {
        User user = validator.validate(input);
        checkFoldersExist(user);
        long now = clock.millis();
        User.Builder stored =
                user.toBuilder()
                        .id(Identities.next())
                        .password(hasher.toStored(user.password()))
                        .hasPassword(null)
                        .filesystem(sealSecret(user.filesystem(), null, user.username()))
                        .createdAt(now)
                        .updatedAt(now)
                        .lastLogin(0);
        if (!keepUsage) {
            stored.usedQuotaSize(0).usedQuotaFiles(0).lastQuotaUpdate(0);
        }
        return users.create(stored.build()).map(User::redacted);
    }

    /**
     * Replaces a user, as SFTPGo's PUT does: an empty password keeps the stored one, a {@code
     * Redacted} secret keeps the stored secret, and usage, creation time and last login are the
     * server's. The body's username, when given, must match the path.
     */
    public WriteResult<User> update(String username, User input) {
        if (input.username() != null
                && !input.username().isEmpty()
                && !input.username().equals(username)) {
            new Problems()
                    .add(
                            "username",
                            input.username(),
                            "does not match the user being updated (\""
                                    + username
                                    + "\"); usernames cannot be changed")
                    .throwIfAny();
        }
        Optional<Versioned<User>> current = users.get(username);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(username);
        }
        boolean keepsPassword = input.password() == null || input.password().isEmpty();
        User candidate =
                input.toBuilder()
                        .username(username)
                        .hasPassword(
                                keepsPassword && current.get().value().password() != null
                                        ? Boolean.TRUE
                                        : null)
                        .build();
        User user = validator.validate(candidate);
        checkFoldersExist(user);
        return users.update(
                        username,
                        stored ->
                                user.toBuilder()
                                        .id(stored.id())
                                        .password(
                                                keepsPassword
                                                        ? stored.password()
                                                        : hasher.toStored(user.password()))
                                        .hasPassword(null)
                                        .filesystem(
                                                sealSecret(
                                                        user.filesystem(),
                                                        stored.filesystem(),
                                                        username))
                                        .usedQuotaSize(stored.usedQuotaSize())
                                        .usedQuotaFiles(stored.usedQuotaFiles())
                                        .lastQuotaUpdate(stored.lastQuotaUpdate())
                                        .createdAt(stored.createdAt())
                                        .lastLogin(stored.lastLogin())
                                        .updatedAt(clock.millis())
                                        .build())
                .map(User::redacted);
    }

    public WriteResult<User> delete(String username) {
        return users.delete(username).map(User::redacted);
    }

    /** The user as the API shows it (no password, secrets redacted). */
    public Optional<User> get(String username) {
        return users.find(username).map(User::redacted);
    }

    public List<User> list(PageRequest page) {
        return users.list(page).stream().map(User::redacted).toList();
    }

    private void checkFoldersExist(User user) {
        Problems problems = new Problems();
        List<VirtualFolderMapping> mounts = user.virtualFolders();
        for (int i = 0; i < mounts.size(); i++) {
            if (folders.find(mounts.get(i).name()).isEmpty()) {
                problems.add(
                        "virtual_folders[" + i + "].name",
                        mounts.get(i).name(),
                        "no such folder; create it under /api/v2/folders first");
            }
        }
        problems.throwIfAny();
    }

    /**
     * Encrypts a new Plain secret; a Redacted one keeps what was stored (or fails if nothing was).
     */
    private FilesystemConfig sealSecret(
            FilesystemConfig fs, FilesystemConfig stored, String username) {
        return sealSecret(fs, stored, cipher, MasterKeys.userS3SecretContext(username));
    }

    /** Shared with folders: the same secret rules for every owner. */
    public static FilesystemConfig sealSecret(
            FilesystemConfig fs, FilesystemConfig stored, SecretSealer cipher, String context) {
        S3Config s3 = fs.s3config();
        Secret secret = s3.accessSecret();
        if (secret == null) {
            return fs;
        }
        Secret sealed =
                switch (secret.status()) {
                    case PLAIN -> cipher.encrypt(secret, context);
                    case REDACTED -> {
                        Secret previous = stored == null ? null : stored.s3config().accessSecret();
                        if (previous == null) {
                            new Problems()
                                    .add(
                                            "filesystem.s3config.access_secret",
                                            "Redacted",
                                            "there is no stored secret to keep; send {\"status\": \"Plain\", \"payload\": \"...\"}")
                                    .throwIfAny();
                        }
                        yield previous;
                    }
                    default -> {
                        // AES-256-GCM from a client is only accepted when it is exactly what we
                        // stored.
                        Secret previous = stored == null ? null : stored.s3config().accessSecret();
                        if (previous == null || !secret.equals(previous)) {
                            new Problems()
                                    .add(
                                            "filesystem.s3config.access_secret.status",
                                            secret.status().json(),
                                            "must be Plain (to set a value) or Redacted (to keep the stored one)")
                                    .throwIfAny();
                        }
                        yield previous;
                    }
                };
        return fs.withS3config(s3.withAccessSecret(sealed));
    }
}
