package dev.sluice.quota;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.StorageLocation;
import dev.sluice.jobs.Advance;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.json.Json;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One user's or one folder's quota scan as a resumable run ({@link JobKind#QUOTA_SCAN_USER}, {@link
 * JobKind#QUOTA_SCAN_FOLDER}): its storage is listed with ListObjectsV2 pages, and the count so far
 * is checkpointed in the run ({@link Progress}: the last key counted, bytes and files) at least
 * every {@value #CHECKPOINT_EVERY} keys and whenever the deadline is near, so a scan of any size
 * finishes over as many invocations as it needs, and one interrupted anywhere resumes from its last
 * checkpoint and counts every object once. At the end the counters are set to what was counted
 * ({@link Quotas#recount}), an S3 secret sealed under an older master key is sealed again, and the
 * run finishes with a {@link Result}.
 *
 * <p>An owner whose own storage cannot be listed (a bucket the role was not granted, a secret that
 * does not open) fails its run with the reason; a failure on the installation's own bucket is
 * thrown, so the message is retried and, if it keeps failing, dead-lettered (the alarm).
 */
public final class OwnerScan {

    /** Keys counted between checkpoints. */
    static final int CHECKPOINT_EVERY = 10_000;

    /** Keys per ListObjectsV2 page: S3's maximum. */
    static final int LIST_PAGE = 1000;

    /** Users read to find the limits a folder is mapped with. */
    static final int MAX_MAPPINGS_READ = 100;

    private static final ObjectReader PROGRESS =
            Json.mapper()
                    .readerFor(Progress.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * A scan's checkpoint.
     *
     * @param after the last key counted ({@code ""} before the first)
     * @param bytes bytes counted up to and including {@code after}
     * @param files files counted up to and including {@code after}
     */
    public record Progress(String after, long bytes, long files) {
        public Progress {
            after = after == null ? "" : after;
        }
    }

    /**
     * What a finished scan counted, and the limits it counted against (0 = unlimited; a folder's
     * are the tightest any user maps it with).
     *
     * @param bytes bytes stored
     * @param files files stored (directory markers not counted)
     * @param quotaSize the byte limit
     * @param quotaFiles the file limit
     */
    public record Result(long bytes, long files, long quotaSize, long quotaFiles) {}

    private final UserStore users;
    private final FolderStore folders;
    private final S3ClientFactory clients;
    private final String defaultBucket;
    private final Quotas quotas;
    private final JobRuns runs;
    private final Clock clock;
    private final int listPage;

    public OwnerScan(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            JobRuns runs,
            Clock clock) {
        this(users, folders, clients, defaultBucket, runs, clock, LIST_PAGE);
    }

    /** With listing pages of {@code listPage} keys (tests use small ones). */
    OwnerScan(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            JobRuns runs,
            Clock clock,
            int listPage) {
        this.users = users;
        this.folders = folders;
        this.clients = clients;
        this.defaultBucket = defaultBucket;
        this.quotas = Quotas.of(users, folders, clock);
        this.runs = runs;
        this.clock = clock;
        this.listPage = listPage;
    }

    /** A run's checkpoint (the initial one before its first). */
    public static Progress progress(JobRun run) {
        if (run.progress() == null || !run.progress().isObject()) {
            return new Progress("", 0, 0);
        }
        try {
            return PROGRESS.readValue(run.progress());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable checkpoint in run " + run.id(), e);
        }
    }

    /** A finished run's result, if it has one. */
    public static Optional<Result> result(JobRun run) {
        if (run.result() == null || !run.result().isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().treeToValue(run.result(), Result.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Works on {@code run} until it is done or {@code deadline} is near. */
    public Advance advance(JobRun run, Deadline deadline) {
        if (!run.running()) {
            return new Advance.Finished(run);
        }
        return switch (run.kind()) {
            case QUOTA_SCAN_USER -> {
                Optional<User> user = users.find(run.subject());
                if (user.isEmpty()) {
                    yield fail(run, "the user no longer exists");
                }
                yield switch (StorageLocation.home(
                        user.get().username(), user.get().filesystem(), defaultBucket)) {
                    case StorageLocation.Refused refused -> fail(run, refused.reason());
                    case StorageLocation.Located located ->
                            walk(
                                    run,
                                    located.location(),
                                    MasterKeys.userS3SecretContext(run.subject()),
                                    deadline,
                                    new Limits(user.get().quotaSize(), user.get().quotaFiles()),
                                    () -> SecretReseal.user(clients, users, user.get()));
                };
            }
            case QUOTA_SCAN_FOLDER -> {
                Optional<VirtualFolder> folder = folders.find(run.subject());
                if (folder.isEmpty()) {
                    yield fail(run, "the folder no longer exists");
                }
                yield switch (StorageLocation.folder(
                        folder.get().name(), folder.get().filesystem(), defaultBucket)) {
                    case StorageLocation.Refused refused -> fail(run, refused.reason());
                    case StorageLocation.Located located ->
                            walk(
                                    run,
                                    located.location(),
                                    MasterKeys.folderS3SecretContext(run.subject()),
                                    deadline,
                                    folderLimits(folder.get()),
                                    () -> SecretReseal.folder(clients, folders, folder.get()));
                };
            }
            default ->
                    throw new IllegalArgumentException(
                            "run " + run.id() + " is a " + run.kind().id() + ", not an owner scan");
        };
    }

    private record Limits(long size, long files) {}

    private Advance walk(
            JobRun run,
            StorageLocation location,
            String secretContext,
            Deadline deadline,
            Limits limits,
            Runnable reseal) {
        S3Client s3;
        try {
            s3 = clients.clientFor(location, secretContext);
        } catch (IllegalArgumentException | IllegalStateException | SdkException e) {
            return fail(run, QuotaScan.reason(e));
        }
        Progress progress = progress(run);
        String after = progress.after();
        long bytes = progress.bytes();
        long files = progress.files();
        String token = null;
        int sinceCheckpoint = 0;
        while (true) {
            ListObjectsV2Request.Builder request =
                    ListObjectsV2Request.builder()
                            .bucket(location.bucket())
                            .prefix(location.prefix())
                            .maxKeys(listPage);
            if (token != null) {
                request.continuationToken(token);
            } else if (!after.isEmpty()) {
                request.startAfter(after);
            }
            ListObjectsV2Response page;
            try {
                page = s3.listObjectsV2(request.build());
            } catch (SdkException e) {
                if (clients.usesInstallationClient(location)
                        && location.bucket().equals(defaultBucket)) {
                    throw e; // the installation's own storage: retry, then alarm
                }
                return fail(run, QuotaScan.reason(e));
            }
            for (S3Object object : page.contents()) {
                after = object.key();
                sinceCheckpoint++;
                if (!object.key().endsWith("/")) {
                    bytes += object.size();
                    files++;
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            if (token == null) {
                break;
            }
            boolean pause = deadline.near();
            if (pause || sinceCheckpoint >= CHECKPOINT_EVERY) {
                Optional<JobRun> saved =
                        runs.save(
                                run.withProgress(
                                        Json.mapper()
                                                .valueToTree(new Progress(after, bytes, files))),
                                List.of());
                if (saved.isEmpty()) {
                    return new Advance.Lost(run.id());
                }
                run = saved.get();
                sinceCheckpoint = 0;
                if (pause) {
                    return new Advance.Paused(run);
                }
            }
        }
        QuotaScope.Owner owner =
                run.kind() == JobKind.QUOTA_SCAN_USER
                        ? QuotaScope.Owner.USER
                        : QuotaScope.Owner.FOLDER;
        // Setting a counter is idempotent: a finish lost after it sets the same figures again.
        quotas.recount(owner, run.subject(), bytes, files);
        reseal.run();
        JobRun done =
                run.withProgress(Json.mapper().valueToTree(new Progress(after, bytes, files)))
                        .finished(
                                JobState.FINISHED,
                                clock.millis(),
                                Json.mapper()
                                        .valueToTree(
                                                new Result(
                                                        bytes,
                                                        files,
                                                        limits.size(),
                                                        limits.files())),
                                Optional.empty());
        String id = run.id();
        return runs.finish(done)
                .<Advance>map(Advance.Finished::new)
                .orElseGet(() -> new Advance.Lost(id));
    }

    private Advance fail(JobRun run, String why) {
        return runs.finish(run.finished(JobState.FAILED, clock.millis(), null, Optional.of(why)))
                .<Advance>map(Advance.Finished::new)
                .orElseGet(() -> new Advance.Lost(run.id()));
    }

    /**
     * A folder has no limits of its own: each user maps it with some (0 = unlimited, -1 = counted
     * in the user's quota). The report uses the tightest positive ones among the first {@value
     * #MAX_MAPPINGS_READ} users that map it.
     */
    private Limits folderLimits(VirtualFolder folder) {
        long size = 0;
        long files = 0;
        int read = 0;
        for (String name : folder.users()) {
            if (++read > MAX_MAPPINGS_READ) {
                break;
            }
            Optional<User> user = users.find(name);
            if (user.isEmpty()) {
                continue;
            }
            for (VirtualFolderMapping m : user.get().virtualFolders()) {
                if (m.name().equals(folder.name())) {
                    if (m.quotaSize() > 0) {
                        size = size == 0 ? m.quotaSize() : Math.min(size, m.quotaSize());
                    }
                    if (m.quotaFiles() > 0) {
                        files = files == 0 ? m.quotaFiles() : Math.min(files, m.quotaFiles());
                    }
                }
            }
        }
        return new Limits(size, files);
    }
}
