package dev.sluice.quota;

import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.StorageLocation;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.users.UserStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ObjectProbe} on S3, reaching each object through its user's or folder's storage settings.
 */
public final class S3LeaseProbe implements ObjectProbe {

    private static final Logger log = LoggerFactory.getLogger(S3LeaseProbe.class);

    private final UserStore users;
    private final FolderStore folders;
    private final S3ClientFactory clients;
    private final String defaultBucket;

    public S3LeaseProbe(
            UserStore users, FolderStore folders, S3ClientFactory clients, String defaultBucket) {
        this.users = users;
        this.folders = folders;
        this.clients = clients;
        this.defaultBucket = defaultBucket;
    }

    @Override
    public Completion completion(LeasedObject object, String leaseId) {
        try {
            Optional<S3Client> s3 = client(object);
            if (s3.isEmpty()) {
                return Completion
                        .NOT_COMPLETED; // the user or folder is gone, and its counters with it
            }
            var head = s3.get().headObject(b -> b.bucket(object.bucket()).key(object.key()));
            return leaseId.equals(head.metadata().get(QuotaLeases.OBJECT_MARKER))
                    ? Completion.COMPLETED
                    : Completion.NOT_COMPLETED;
        } catch (NoSuchKeyException e) {
            return Completion.NOT_COMPLETED;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Completion.NOT_COMPLETED;
            }
            log.warn(
                    "cannot tell whether s3://{}/{} completed: {}",
                    object.bucket(),
                    object.key(),
                    e.toString());
            return Completion.UNKNOWN;
        } catch (RuntimeException e) {
            log.warn(
                    "cannot tell whether s3://{}/{} completed: {}",
                    object.bucket(),
                    object.key(),
                    e.toString());
            return Completion.UNKNOWN;
        }
    }

    @Override
    public void abortUpload(LeasedObject object, String uploadId) {
        try {
            client(object)
                    .ifPresent(
                            s3 ->
                                    s3.abortMultipartUpload(
                                            b ->
                                                    b.bucket(object.bucket())
                                                            .key(object.key())
                                                            .uploadId(uploadId)));
        } catch (RuntimeException e) {
            log.info(
                    "could not abort the multipart upload of s3://{}/{} (the bucket's lifecycle rule will): {}",
                    object.bucket(),
                    object.key(),
                    e.toString());
        }
    }

    private Optional<S3Client> client(LeasedObject object) {
        String name = object.storageName();
        return switch (object.storage()) {
            case USER ->
                    users.find(name)
                            .flatMap(
                                    u ->
                                            located(
                                                    StorageLocation.home(
                                                            u.username(),
                                                            u.filesystem(),
                                                            defaultBucket)))
                            .map(
                                    location ->
                                            clients.clientFor(
                                                    location,
                                                    MasterKeys.userS3SecretContext(name)));
            case FOLDER ->
                    folders.find(name)
                            .flatMap(
                                    f ->
                                            located(
                                                    StorageLocation.folder(
                                                            f.name(),
                                                            f.filesystem(),
                                                            defaultBucket)))
                            .map(
                                    location ->
                                            clients.clientFor(
                                                    location,
                                                    MasterKeys.folderS3SecretContext(name)));
        };
    }

    /** A tenant the storage rule refuses has no place its upload could have completed in. */
    private static Optional<StorageLocation> located(StorageLocation.Resolution resolution) {
        return resolution instanceof StorageLocation.Located located
                ? Optional.of(located.location())
                : Optional.empty();
    }
}
