package dev.sluice.sftp.fs;

import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import dev.sluice.paths.VirtualPath;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.SecretCipher;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a user's mount table at login: the home (provider 0: the installation's bucket under
 * {@code <username>/}; provider 1: the user's {@code s3config} bucket and {@code key_prefix}) and
 * each virtual folder (provider 0: the installation's bucket under {@code folders/<name>/}).
 * S3 secrets are opened with the master key, bound to their owner.
 */
public final class MountResolver {

    private static final Logger log = LoggerFactory.getLogger(MountResolver.class);

    private final S3Clients clients;
    private final String defaultBucket;
    private final FolderStore folders;
    private final Optional<SecretCipher> cipher;

    public MountResolver(S3Clients clients, String defaultBucket, FolderStore folders, Optional<SecretCipher> cipher) {
        this.clients = clients;
        this.defaultBucket = defaultBucket;
        this.folders = folders;
        this.cipher = cipher;
    }

    public MountTable mountsOf(User user) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(mount("/", user.filesystem(), user.username() + "/", Optional.empty(),
            MasterKeys.userS3SecretContext(user.username())));
        for (VirtualFolderMapping mapping : user.virtualFolders()) {
            Optional<String> point = VirtualPath.clean(mapping.virtualPath());
            Optional<VirtualFolder> folder = folders.find(mapping.name());
            if (point.isEmpty() || point.get().equals("/") || folder.isEmpty()) {
                log.warn("user {}: virtual folder {} at {} is not available; not mounted", user.username(), mapping.name(),
                    mapping.virtualPath());
                continue;
            }
            mounts.add(mount(point.get(), folder.get().filesystem(), "folders/" + mapping.name() + "/",
                Optional.of(mapping.name()), MasterKeys.folderS3SecretContext(mapping.name())));
        }
        return new MountTable(mounts);
    }

    private Mount mount(String point, FilesystemConfig fs, String defaultPrefix, Optional<String> folder, String secretContext)
            throws IOException {
        if (fs.provider() != FilesystemConfig.S3) {
            return new Mount(point, clients.defaultClient(), defaultBucket, defaultPrefix, folder, null);
        }
        S3Config s3 = fs.s3config();
        Optional<String> secret = Optional.empty();
        if (s3.accessSecret() != null) {
            if (cipher.isEmpty()) {
                throw new IOException("S3 credentials are stored for " + secretContext
                    + " but SLUICE_MASTER_KEY_SECRET_ARN is not set");
            }
            try {
                secret = Optional.of(cipher.get().decrypt(s3.accessSecret(), secretContext));
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot open the S3 secret of " + secretContext + ": " + e.getMessage(), e);
            }
        }
        var spec = new S3Clients.Spec(nonEmpty(s3.region()), nonEmpty(s3.endpoint()).map(URI::create), nonEmpty(s3.accessKey()),
            secret, s3.forcePathStyle());
        String bucket = nonEmpty(s3.bucket()).orElse(defaultBucket);
        String prefix = s3.keyPrefix() == null ? "" : s3.keyPrefix();
        return new Mount(point, clients.forSpec(spec), bucket, prefix, folder, nonEmpty(s3.storageClass()).orElse(null));
    }

    private static Optional<String> nonEmpty(String s) {
        return Optional.ofNullable(s).filter(v -> !v.isBlank());
    }
}
