package dev.sluice.sftp.fs;

import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.S3Config;
import dev.sluice.fs.StorageLocation;
import dev.sluice.paths.VirtualPath;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds a user's mount table at login: the home and each virtual folder, located by the shared
 * rule ({@link StorageLocation}: the installation's bucket under {@code users/<username>/} or
 * {@code folders/<name>/}, or the bucket and {@code key_prefix} of the tenant's own {@code
 * s3config}), with the S3 client for that location ({@link S3ClientFactory}, which opens stored
 * secrets with the master key, bound to their owner).
 *
 * <p>Validation keeps tenants apart when they are saved; this re-checks at every login, so a record
 * stored before the rule (or written around the API) cannot reach another tenant's files: a home
 * the rule refuses fails the session, a folder it refuses is not mounted.
 */
public final class MountResolver {

    private static final Logger log = LoggerFactory.getLogger(MountResolver.class);

    private final S3ClientFactory clients;
    private final String defaultBucket;
    private final FolderStore folders;

    public MountResolver(S3ClientFactory clients, String defaultBucket, FolderStore folders) {
        this.clients = clients;
        this.defaultBucket = defaultBucket;
        this.folders = folders;
    }

    public MountTable mountsOf(User user) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        StorageLocation home =
                switch (StorageLocation.home(user.username(), user.filesystem(), defaultBucket)) {
                    case StorageLocation.Located located -> located.location();
                    case StorageLocation.Refused refused -> {
                        log.warn(
                                "user {}: home not mounted, the session is refused (key_prefix \"{}\"): {}",
                                user.username(),
                                Objects.toString(user.filesystem().s3config().keyPrefix(), ""),
                                refused.reason());
                        throw new IOException(
                                "the home of "
                                        + user.username()
                                        + " overlaps another tenant's storage; ask an administrator");
                    }
                };
        mounts.add(
                mount(
                        "/",
                        home,
                        Optional.empty(),
                        MasterKeys.userS3SecretContext(user.username())));
        for (VirtualFolderMapping mapping : user.virtualFolders()) {
            Optional<String> point = VirtualPath.clean(mapping.virtualPath());
            Optional<VirtualFolder> folder = folders.find(mapping.name());
            if (point.isEmpty() || point.get().equals("/") || folder.isEmpty()) {
                log.warn(
                        "user {}: virtual folder {} at {} is not available; not mounted",
                        user.username(),
                        mapping.name(),
                        mapping.virtualPath());
                continue;
            }
            switch (StorageLocation.folder(
                    mapping.name(), folder.get().filesystem(), defaultBucket)) {
                case StorageLocation.Located located ->
                        mounts.add(
                                mount(
                                        point.get(),
                                        located.location(),
                                        Optional.of(mapping.name()),
                                        MasterKeys.folderS3SecretContext(mapping.name())));
                case StorageLocation.Refused refused ->
                        log.warn(
                                "user {}: virtual folder {} at {} not mounted (key_prefix \"{}\"): {}",
                                user.username(),
                                mapping.name(),
                                mapping.virtualPath(),
                                Objects.toString(
                                        folder.get().filesystem().s3config().keyPrefix(), ""),
                                refused.reason());
            }
        }
        return new MountTable(mounts);
    }

    private Mount mount(
            String point, StorageLocation location, Optional<String> folder, String secretContext)
            throws IOException {
        S3Client client;
        try {
            client = clients.clientFor(location, secretContext);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IOException(
                    "cannot reach the S3 location of "
                            + secretContext
                            + ": "
                            + e.getMessage()
                            + " (stored S3 secrets need SLUICE_MASTER_KEY_SECRET_ARN)",
                    e);
        }
        String storageClass =
                location.custom()
                        .map(S3Config::storageClass)
                        .filter(c -> !c.isBlank())
                        .orElse(null);
        return new Mount(point, client, location.bucket(), location.prefix(), folder, storageClass);
    }
}
