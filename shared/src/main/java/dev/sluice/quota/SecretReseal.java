package dev.sluice.quota;

import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretSealer;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scan visits every owner daily and has just opened its S3 secret: one sealed under an older
 * master key version (before a rotation) is sealed again under the current one, so the next
 * rotation cannot strand it. A failure here only delays that to the next scan.
 */
final class SecretReseal {

    private static final Logger log = LoggerFactory.getLogger(SecretReseal.class);

    private SecretReseal() {}

    /** Reseals {@code user}'s own S3 secret if it is sealed under an older key version. */
    static void user(S3ClientFactory clients, UserStore users, User user) {
        reseal(
                clients,
                "user " + user.username(),
                user.filesystem(),
                MasterKeys.userS3SecretContext(user.username()),
                fresh ->
                        users.update(
                                user.username(),
                                u ->
                                        u.toBuilder()
                                                .filesystem(
                                                        replaced(
                                                                u.filesystem(),
                                                                user.filesystem(),
                                                                fresh))
                                                .build()));
    }

    /** Reseals {@code folder}'s own S3 secret if it is sealed under an older key version. */
    static void folder(S3ClientFactory clients, FolderStore folders, VirtualFolder folder) {
        reseal(
                clients,
                "folder " + folder.name(),
                folder.filesystem(),
                MasterKeys.folderS3SecretContext(folder.name()),
                fresh ->
                        folders.update(
                                folder.name(),
                                f ->
                                        f.withFilesystem(
                                                replaced(
                                                        f.filesystem(),
                                                        folder.filesystem(),
                                                        fresh))));
    }

    private static void reseal(
            S3ClientFactory clients,
            String owner,
            FilesystemConfig fs,
            String context,
            Consumer<Secret> write) {
        Secret secret = fs.s3config().accessSecret();
        Optional<SecretSealer> sealer = clients.sealer();
        if (secret == null || sealer.isEmpty()) {
            return;
        }
        try {
            Optional<Secret> fresh = sealer.get().resealed(secret, context);
            if (fresh.isPresent()) {
                write.accept(fresh.get());
                log.info(
                        "quota scan: sealed the S3 secret of {} again under the current master key",
                        owner);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "quota scan: could not seal the S3 secret of {} again under the current master key: {}",
                    owner,
                    e.toString());
        }
    }

    /**
     * {@code stored} with the re-sealed secret, unless its secret changed since the scan read it
     * (then theirs stands).
     */
    private static FilesystemConfig replaced(
            FilesystemConfig stored, FilesystemConfig scanned, Secret fresh) {
        if (!Objects.equals(stored.s3config().accessSecret(), scanned.s3config().accessSecret())) {
            return stored;
        }
        return stored.withS3config(stored.s3config().withAccessSecret(fresh));
    }
}
