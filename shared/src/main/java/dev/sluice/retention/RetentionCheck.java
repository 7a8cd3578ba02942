package dev.sluice.retention;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.access.FileNameRules;
import dev.sluice.access.PathPermissions;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.StorageLocation;
import dev.sluice.jobs.Advance;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.json.Json;
import dev.sluice.paths.VirtualPath;
import dev.sluice.quota.QuotaScope;
import dev.sluice.quota.Quotas;
import dev.sluice.retention.RetentionProgress.Batch;
import dev.sluice.retention.RetentionProgress.Doomed;
import dev.sluice.retention.RetentionProgress.OpenDir;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.users.Permission;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs one user's retention check (SFTPGo's data retention), resumable at any point.
 *
 * <p>Rules: a file is governed by the rule of the deepest rule path at or above its directory;
 * {@code retention: 0} keeps it; otherwise it is deleted once older than the rule's hours, measured
 * from the check's start to the object's S3 last-modified time. Without {@code
 * ignore_user_permissions} only what the user could delete over SFTP is deleted: the {@code list}
 * and {@code delete_files} permissions in its directory and the user's file name patterns. With
 * {@code delete_empty_dirs}, directory markers left with nothing below them are removed too (with
 * {@code delete_dirs} in their parent). Virtual folders are covered through their mount points; a
 * key hidden by a mount point (not reachable over SFTP) is never touched.
 *
 * <p>Scale: only the prefixes under rules that delete are listed (ListObjectsV2, 1,000 keys a page,
 * continuation tokens within an invocation and the last decided key across invocations); deletions
 * go in {@code DeleteObjects} batches of up to 1,000, retried with backoff on throttling; the state
 * is checkpointed before each batch (the batch itself) and after it (in the transaction that lowers
 * the quota counters), so a check interrupted anywhere and resumed deletes and counts every object
 * once. Before the deadline it checkpoints and returns {@link Advance.Paused}.
 */
public final class RetentionCheck {

    private static final Logger log = LoggerFactory.getLogger(RetentionCheck.class);

    /** Keys per DeleteObjects request: S3's maximum. */
    static final int BATCH = 1000;

    /**
     * Bytes of keys and paths in one batch at most: the batch is stored in the run's item before it
     * is deleted, and a DynamoDB item holds 400 KB.
     */
    static final int BATCH_BYTES = 100_000;

    /** Examined keys between checkpoints when nothing is deleted. */
    static final int CHECKPOINT_EVERY = 10_000;

    /** Attempts for keys S3 answers SlowDown or InternalError for. */
    static final int DELETE_ATTEMPTS = 5;

    private static final ObjectReader PROGRESS =
            Json.mapper()
                    .readerFor(RetentionProgress.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader RULES =
            Json.mapper()
                    .readerForListOf(FolderRetention.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final UserStore users;
    private final FolderStore folders;
    private final S3ClientFactory clients;
    private final String defaultBucket;
    private final Quotas quotas;
    private final JobRuns runs;
    private final java.time.Clock clock;
    private final int listPage;

    public RetentionCheck(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            Quotas quotas,
            JobRuns runs,
            java.time.Clock clock) {
        this(users, folders, clients, defaultBucket, quotas, runs, clock, BATCH);
    }

    /** With listing pages of {@code listPage} keys (tests use small ones). */
    RetentionCheck(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            Quotas quotas,
            JobRuns runs,
            java.time.Clock clock,
            int listPage) {
        this.listPage = listPage;
        this.users = users;
        this.folders = folders;
        this.clients = clients;
        this.defaultBucket = defaultBucket;
        this.quotas = quotas;
        this.runs = runs;
        this.clock = clock;
    }

    /** The rules stored in a run's request. */
    public static RetentionRules rules(JobRun run) {
        try {
            List<FolderRetention> list = RULES.readValue(run.request().path("folders"));
            return new RetentionRules(list);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable rules in run " + run.id(), e);
        }
    }

    /** A run's checkpoint (the initial one before its first). */
    public static RetentionProgress progress(JobRun run) {
        if (run.progress() == null || run.progress().isNull() || run.progress().isMissingNode()) {
            return RetentionProgress.initial();
        }
        try {
            return PROGRESS.readValue(run.progress());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable checkpoint in run " + run.id(), e);
        }
    }

    /** Works on {@code run} until it is done or {@code deadline} is near. */
    public Advance advance(JobRun run, Deadline deadline) {
        if (!run.running()) {
            return new Advance.Finished(run);
        }
        Optional<User> found = users.find(run.subject());
        if (found.isEmpty()) {
            return finish(
                    run, progress(run), JobState.FAILED, Optional.of("the user no longer exists"));
        }
        return new Walk(run, found.get(), rules(run), deadline).go();
    }

    /** One listing: a mount's storage under one rule path. */
    private record Sweep(
            String id,
            VirtualFolderMapping mount,
            String mountPoint,
            String root,
            StorageLocation location,
            String prefix,
            String secretContext) {}

    /** The state of one invocation's work on a run. */
    private final class Walk {
        private JobRun run;
        private final User user;
        private final RetentionRules rules;
        private final Deadline deadline;
        private final PathPermissions permissions;
        private final FileNameRules names;
        private final long cutoffBase;
        private RetentionProgress progress;
        private final List<OpenDir> open = new ArrayList<>();
        private final List<Doomed> batch = new ArrayList<>();
        private int batchBytes;
        private final Map<String, Long> examined = new HashMap<>();
        private final Map<String, PathTally> extra = new HashMap<>();
        private int sinceCheckpoint;
        private String after;
        private List<Sweep> plan;

        Walk(JobRun run, User user, RetentionRules rules, Deadline deadline) {
            this.run = run;
            this.user = user;
            this.rules = rules;
            this.deadline = deadline;
            this.permissions = PathPermissions.of(user.permissions());
            this.names = FileNameRules.of(user.filters().filePatterns());
            this.cutoffBase = run.startedAt();
            this.progress = progress(run);
        }

        Advance go() {
            if (progress.batch().isPresent()) {
                if (!complete(progress.batch().get())) {
                    return new Advance.Lost(run.id());
                }
            }
            List<Sweep> sweeps = plan();
            for (Sweep sweep : sweeps) {
                if (!progress.sweep().isEmpty() && sweep.id().compareTo(progress.sweep()) < 0) {
                    continue;
                }
                boolean resuming = sweep.id().equals(progress.sweep());
                after = resuming ? progress.after() : "";
                open.clear();
                if (resuming) {
                    open.addAll(progress.open());
                }
                if (!resuming && !checkpoint(sweep.id(), "")) {
                    return new Advance.Lost(run.id());
                }
                Optional<Advance> stop = list(sweep);
                if (stop.isPresent()) {
                    return stop.get();
                }
            }
            return finish(run, progress, JobState.FINISHED, Optional.empty());
        }

        /** Lists one sweep to its end, or until the deadline (then the outcome to return). */
        private Optional<Advance> list(Sweep sweep) {
            S3Client s3;
            try {
                s3 = clients.clientFor(sweep.location(), sweep.secretContext());
            } catch (RuntimeException e) {
                failure(
                        sweep.root(),
                        "cannot reach " + sweep.location().bucket() + ": " + e.getMessage());
                return Optional.empty();
            }
            String token = null;
            do {
                final String continuation = token;
                ListObjectsV2Response page;
                try {
                    page =
                            s3.listObjectsV2(
                                    b -> {
                                        b.bucket(sweep.location().bucket())
                                                .prefix(sweep.prefix())
                                                .maxKeys(listPage);
                                        if (continuation != null) {
                                            b.continuationToken(continuation);
                                        } else if (!after.isEmpty()) {
                                            b.startAfter(after);
                                        }
                                    });
                } catch (SdkException e) {
                    failure(
                            sweep.root(),
                            "listing " + sweep.location().bucket() + " failed: " + e.getMessage());
                    return flushSweepEnd(sweep, s3) ? Optional.empty() : lost();
                }
                for (S3Object object : page.contents()) {
                    visit(sweep, object);
                    if (full()) {
                        if (!flush(sweep, s3, object.key())) {
                            return lost();
                        }
                    }
                }
                if (!page.contents().isEmpty()) {
                    String last = page.contents().get(page.contents().size() - 1).key();
                    boolean stop = deadline.near();
                    if (stop || sinceCheckpoint >= CHECKPOINT_EVERY) {
                        if (!flush(sweep, s3, last)) {
                            return lost();
                        }
                    }
                    if (stop) {
                        return Optional.of(new Advance.Paused(run));
                    }
                }
                token =
                        Boolean.TRUE.equals(page.isTruncated())
                                ? page.nextContinuationToken()
                                : null;
            } while (token != null);
            return flushSweepEnd(sweep, s3) ? Optional.empty() : lost();
        }

        private Optional<Advance> lost() {
            return Optional.of(new Advance.Lost(run.id()));
        }

        /** The sweep's listing ended: directories still open are closed, the batch deleted. */
        private boolean flushSweepEnd(Sweep sweep, S3Client s3) {
            closeUntil(null, sweep);
            return flush(sweep, s3, after);
        }

        private void visit(Sweep sweep, S3Object object) {
            String key = object.key();
            closeUntil(key, sweep);
            after = key;
            String relative = key.substring(sweep.location().prefix().length());
            if (relative.isEmpty()) {
                return; // the marker of the storage root itself
            }
            boolean marker = relative.endsWith("/");
            String path =
                    VirtualPath.clean(
                                    sweep.mountPoint()
                                            + "/"
                                            + (marker
                                                    ? relative.substring(0, relative.length() - 1)
                                                    : relative))
                            .orElse(null);
            if (path == null || !mountPoint(path).equals(sweep.mountPoint())) {
                // Not reachable over SFTP (a name SFTP refuses, or hidden by another mount).
                keepInParent();
                return;
            }
            if (marker) {
                if (!relative.isEmpty() && !relative.equals("/")) {
                    open.add(new OpenDir(key, path, false));
                }
                return;
            }
            String dir = VirtualPath.parent(path);
            Optional<FolderRetention> rule = rules.ruleFor(dir);
            sinceCheckpoint++;
            if (rule.isEmpty()) {
                keepInParent();
                return;
            }
            FolderRetention r = rule.get();
            examined.merge(r.path(), 1L, Long::sum);
            long ageLimit = cutoffBase - Duration.ofHours(r.retention()).toMillis();
            boolean old =
                    r.retention() > 0
                            && object.lastModified() != null
                            && object.lastModified().toEpochMilli() < ageLimit;
            if (!old) {
                keepInParent();
                return;
            }
            if (!r.ignoreUserPermissions() && !userMayDelete(dir, path)) {
                extra.merge(
                        r.path(),
                        new PathTally(r.path(), r.retention(), 0, 0, 0, 0, 1, 0, List.of()),
                        PathTally::plus);
                keepInParent();
                return;
            }
            doom(new Doomed(key, object.size(), path, r.path(), false));
        }

        private void doom(Doomed d) {
            batch.add(d);
            batchBytes += d.key().length() + d.path().length() + d.rule().length() + 40;
        }

        private boolean full() {
            return batch.size() >= BATCH || batchBytes >= BATCH_BYTES;
        }

        private boolean userMayDelete(String dir, String path) {
            return permissions.allows(dir, Permission.LIST)
                    && permissions.allows(dir, Permission.DELETE_FILES)
                    && names.allowsFile(path);
        }

        /** Closes open directories that {@code key} is not inside ({@code null}: all). */
        private void closeUntil(String key, Sweep sweep) {
            while (!open.isEmpty()) {
                OpenDir top = open.get(open.size() - 1);
                if (key != null && key.startsWith(top.key())) {
                    return;
                }
                open.remove(open.size() - 1);
                if (!top.keeps() && removable(top.path())) {
                    Optional<FolderRetention> rule = rules.ruleFor(top.path());
                    doom(
                            new Doomed(
                                    top.key(),
                                    0,
                                    top.path(),
                                    rule.map(FolderRetention::path).orElse("/"),
                                    true));
                } else {
                    keepInParent();
                }
            }
        }

        private boolean removable(String dir) {
            if (dir.equals("/") || isMountPoint(dir)) {
                return false;
            }
            Optional<FolderRetention> rule = rules.ruleFor(dir);
            if (rule.isEmpty() || rule.get().retention() == 0 || !rule.get().deleteEmptyDirs()) {
                return false;
            }
            String parent = VirtualPath.parent(dir);
            return rule.get().ignoreUserPermissions()
                    || (permissions.allows(parent, Permission.LIST)
                            && permissions.allows(parent, Permission.DELETE_DIRS));
        }

        private void keepInParent() {
            if (!open.isEmpty()) {
                OpenDir top = open.get(open.size() - 1);
                if (!top.keeps()) {
                    open.set(open.size() - 1, new OpenDir(top.key(), top.path(), true));
                }
            }
        }

        private void failure(String rulePath, String message) {
            FolderRetention rule =
                    rules.ruleFor(rulePath).orElse(new FolderRetention(rulePath, 0, false, false));
            extra.merge(
                    rule.path(),
                    new PathTally(
                            rule.path(), rule.retention(), 0, 0, 0, 0, 0, 1, List.of(message)),
                    PathTally::plus);
            log.warn("retention check {} of {}: {}", run.id(), user.username(), message);
        }

        /** Records the listing position; deletes and charges the batch first if there is one. */
        private boolean flush(Sweep sweep, S3Client s3, String cursor) {
            Batch b = new Batch(sweep.id(), batch, cursor, open, examined);
            batch.clear();
            batchBytes = 0;
            examined.clear();
            sinceCheckpoint = 0;
            if (b.objects().isEmpty()) {
                return record(b, Map.of(), List.of());
            }
            RetentionProgress intent =
                    new RetentionProgress(
                            progress.sweep(),
                            progress.after(),
                            progress.open(),
                            progress.tallies(),
                            b);
            Optional<JobRun> saved =
                    runs.save(run.withProgress(Json.mapper().valueToTree(intent)), List.of());
            if (saved.isEmpty()) {
                return false;
            }
            run = saved.get();
            progress = intent;
            return complete(b, s3);
        }

        private boolean complete(Batch b) {
            Sweep sweep =
                    plan().stream().filter(s -> s.id().equals(b.sweep())).findFirst().orElse(null);
            if (sweep == null) {
                // The user's mounts changed since: the batch's storage is no longer this user's.
                return record(b, Map.of(), List.of());
            }
            return complete(b, clients.clientFor(sweep.location(), sweep.secretContext()));
        }

        /** Deletes a recorded batch and records that, charging the counters in the same write. */
        private boolean complete(Batch b, S3Client s3) {
            Sweep sweep =
                    plan().stream().filter(s -> s.id().equals(b.sweep())).findFirst().orElse(null);
            String bucket = sweep == null ? defaultBucket : sweep.location().bucket();
            Map<String, String> failed = delete(s3, bucket, b.objects());
            Map<String, PathTally> tallies = new HashMap<>();
            Map<List<QuotaScope.Counter>, long[]> charges = new LinkedHashMap<>();
            for (Doomed d : b.objects()) {
                FolderRetention rule =
                        rules.ruleFor(d.rule())
                                .orElse(new FolderRetention(d.rule(), 0, false, false));
                String error = failed.get(d.key());
                PathTally t =
                        error != null
                                ? new PathTally(
                                        rule.path(),
                                        rule.retention(),
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        1,
                                        List.of(d.path() + ": " + error))
                                : d.directory()
                                        ? new PathTally(
                                                rule.path(),
                                                rule.retention(),
                                                0,
                                                0,
                                                0,
                                                1,
                                                0,
                                                0,
                                                List.of())
                                        : new PathTally(
                                                rule.path(),
                                                rule.retention(),
                                                0,
                                                1,
                                                d.size(),
                                                0,
                                                0,
                                                0,
                                                List.of());
                tallies.merge(rule.path(), t, PathTally::plus);
                if (error == null && !d.directory()) {
                    long[] c =
                            charges.computeIfAbsent(
                                    QuotaScope.countersFor(user, d.path()), k -> new long[2]);
                    c[0] += d.size();
                    c[1]++;
                }
            }
            List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> steps =
                    new ArrayList<>();
            charges.forEach(
                    (counters, c) ->
                            steps.addAll(quotas.chargeSteps(counters, -c[0], (int) -c[1])));
            return record(b, tallies, steps, charges);
        }

        private boolean record(
                Batch b,
                Map<String, PathTally> deleted,
                List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> steps) {
            return record(b, deleted, steps, Map.of());
        }

        /** Saves the position after {@code b} with the totals, plus the counter changes. */
        private boolean record(
                Batch b,
                Map<String, PathTally> deleted,
                List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> steps,
                Map<List<QuotaScope.Counter>, long[]> charges) {
            Map<String, PathTally> tallies = new TreeMap<>(progress.tallies());
            b.examined()
                    .forEach(
                            (path, n) -> {
                                FolderRetention rule =
                                        rules.ruleFor(path)
                                                .orElse(new FolderRetention(path, 0, false, false));
                                tallies.merge(
                                        rule.path(),
                                        new PathTally(
                                                rule.path(),
                                                rule.retention(),
                                                n,
                                                0,
                                                0,
                                                0,
                                                0,
                                                0,
                                                List.of()),
                                        PathTally::plus);
                            });
            deleted.forEach((path, t) -> tallies.merge(path, t, PathTally::plus));
            extra.forEach((path, t) -> tallies.merge(path, t, PathTally::plus));
            extra.clear();
            RetentionProgress next =
                    new RetentionProgress(b.sweep(), b.after(), b.open(), tallies, null);
            JobRun candidate = run.withProgress(Json.mapper().valueToTree(next));
            Optional<JobRun> saved;
            try {
                saved = runs.save(candidate, steps);
            } catch (JobRuns.CountersRefused e) {
                // A counter is already below what was deleted (files changed outside SFTP): record
                // the deletions anyway and leave the counters to the next quota scan.
                log.warn(
                        "retention check {}: usage counters of {} are below what was deleted; the next quota scan corrects them",
                        run.id(),
                        user.username());
                saved = runs.save(candidate, List.of());
            }
            if (saved.isEmpty()) {
                return false;
            }
            run = saved.get();
            progress = next;
            return true;
        }

        private boolean checkpoint(String sweep, String position) {
            RetentionProgress next =
                    new RetentionProgress(sweep, position, List.of(), progress.tallies(), null);
            Optional<JobRun> saved =
                    runs.save(run.withProgress(Json.mapper().valueToTree(next)), List.of());
            if (saved.isEmpty()) {
                return false;
            }
            run = saved.get();
            progress = next;
            return true;
        }

        /** The deepest mount point at or above {@code path}, "/" for the home. */
        private String mountPoint(String path) {
            return QuotaScope.mountOf(user, path)
                    .flatMap(m -> VirtualPath.clean(m.virtualPath()))
                    .orElse("/");
        }

        private boolean isMountPoint(String path) {
            return user.virtualFolders().stream()
                    .anyMatch(m -> VirtualPath.clean(m.virtualPath()).orElse("").equals(path));
        }

        /**
         * The listings this check needs: for the home and each mount, the rule paths that delete
         * (and the mount itself when a rule above it covers it), minus those inside another.
         */
        private List<Sweep> plan() {
            if (plan == null) {
                plan = planSweeps();
            }
            return plan;
        }

        private List<Sweep> planSweeps() {
            List<Sweep> out = new ArrayList<>();
            Map<String, VirtualFolderMapping> mounts = new TreeMap<>();
            mounts.put("/", null);
            for (VirtualFolderMapping m : user.virtualFolders()) {
                VirtualPath.clean(m.virtualPath()).ifPresent(p -> mounts.put(p, m));
            }
            for (var entry : mounts.entrySet()) {
                String point = entry.getKey();
                VirtualFolderMapping mount = entry.getValue();
                List<String> roots = new ArrayList<>();
                Optional<FolderRetention> above = rules.ruleFor(point);
                if (above.isPresent() && above.get().retention() > 0) {
                    roots.add(point);
                }
                for (FolderRetention r : rules.folders()) {
                    if (r.retention() > 0
                            && VirtualPath.isWithin(r.path(), point)
                            && mountPoint(r.path()).equals(point)) {
                        roots.add(r.path());
                    }
                }
                roots.sort(Comparator.naturalOrder());
                List<String> minimal = new ArrayList<>();
                for (String root : roots) {
                    if (minimal.stream().noneMatch(m -> VirtualPath.isWithin(root, m))) {
                        minimal.add(root);
                    }
                }
                if (minimal.isEmpty()) {
                    continue;
                }
                Optional<StorageLocation> location = locate(point, mount);
                if (location.isEmpty()) {
                    continue;
                }
                String context =
                        mount == null
                                ? MasterKeys.userS3SecretContext(user.username())
                                : MasterKeys.folderS3SecretContext(mount.name());
                for (String root : minimal) {
                    String relative =
                            root.equals(point)
                                    ? ""
                                    : root.substring(point.equals("/") ? 1 : point.length() + 1)
                                            + "/";
                    out.add(
                            new Sweep(
                                    point + "\u0000" + root,
                                    mount,
                                    point,
                                    root,
                                    location.get(),
                                    location.get().prefix() + relative,
                                    context));
                }
            }
            out.sort(Comparator.comparing(Sweep::id));
            return out;
        }

        private Optional<StorageLocation> locate(String point, VirtualFolderMapping mount) {
            StorageLocation.Resolution resolution;
            if (mount == null) {
                resolution =
                        StorageLocation.home(user.username(), user.filesystem(), defaultBucket);
            } else {
                Optional<VirtualFolder> folder = folders.find(mount.name());
                if (folder.isEmpty()) {
                    failure(point, "virtual folder " + mount.name() + " no longer exists");
                    return Optional.empty();
                }
                resolution =
                        StorageLocation.folder(
                                folder.get().name(), folder.get().filesystem(), defaultBucket);
            }
            return switch (resolution) {
                case StorageLocation.Located located -> Optional.of(located.location());
                case StorageLocation.Refused refused -> {
                    failure(point, refused.reason());
                    yield Optional.empty();
                }
            };
        }

        /** Deletes {@code objects}; the keys that could not be deleted, with why. */
        private Map<String, String> delete(S3Client s3, String bucket, List<Doomed> objects) {
            Map<String, String> failed = new HashMap<>();
            List<String> todo = new ArrayList<>(objects.stream().map(Doomed::key).toList());
            for (int attempt = 1; !todo.isEmpty(); attempt++) {
                List<ObjectIdentifier> ids =
                        todo.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
                DeleteObjectsResponse response;
                try {
                    response =
                            s3.deleteObjects(
                                    b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(false)));
                } catch (SdkException e) {
                    if (attempt >= DELETE_ATTEMPTS) {
                        todo.forEach(k -> failed.put(k, e.getMessage()));
                        return failed;
                    }
                    backoff(attempt);
                    continue;
                }
                List<String> retry = new ArrayList<>();
                for (S3Error error : response.errors()) {
                    if (Set.of("SlowDown", "InternalError", "ServiceUnavailable")
                                    .contains(error.code())
                            && attempt < DELETE_ATTEMPTS) {
                        retry.add(error.key());
                    } else {
                        failed.put(error.key(), error.code() + ": " + error.message());
                    }
                }
                todo = retry;
                if (!todo.isEmpty()) {
                    backoff(attempt);
                }
            }
            return failed;
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(5_000L, 100L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Advance finish(
            JobRun run, RetentionProgress progress, JobState state, Optional<String> error) {
        JsonNode result = Json.mapper().valueToTree(report(run, progress));
        Optional<JobRun> done = runs.finish(run.finished(state, clock.millis(), result, error));
        return done.<Advance>map(Advance.Finished::new).orElse(new Advance.Lost(run.id()));
    }

    /** What a check did, per rule, in the rules' order. */
    public static RetentionResult report(JobRun run, RetentionProgress progress) {
        List<PathTally> paths = new ArrayList<>();
        RetentionRules rules;
        try {
            rules = rules(run);
        } catch (RuntimeException e) {
            rules = new RetentionRules(List.of());
        }
        for (FolderRetention rule :
                rules.folders().stream()
                        .sorted(Comparator.comparing(FolderRetention::path))
                        .toList()) {
            paths.add(progress.tallies().getOrDefault(rule.path(), PathTally.empty(rule)));
        }
        return new RetentionResult(run.subject(), paths);
    }
}
