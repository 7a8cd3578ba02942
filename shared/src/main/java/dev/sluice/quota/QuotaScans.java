package dev.sluice.quota;

import dev.sluice.folders.FolderStore;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starting quota scans on demand (SFTPGo's {@code POST /quotas/users/{username}/scan} and {@code
 * POST /quotas/folders/{name}/scan}) and listing them. The scan itself runs in the quota scan job
 * ({@link QuotaScanJob}); this stores its run, takes the owner's lock (one scan per user or folder
 * at a time, whoever started it) and queues it.
 */
public final class QuotaScans {

    /** What starting a scan did. */
    public sealed interface Start permits Accepted, AlreadyRunning, NotFound, NotQueued {}

    /** Stored and queued (202). */
    public record Accepted(JobRun run) implements Start {}

    /** A scan of this owner is running (409). */
    public record AlreadyRunning(String runId) implements Start {}

    /** No such user or folder (404). */
    public record NotFound() implements Start {}

    /** Stored but the queue refused it; the run was ended as failed (503). */
    public record NotQueued(String reason) implements Start {}

    private final JobRuns runs;
    private final UserStore users;
    private final FolderStore folders;
    private final WorkQueue queue;
    private final Clock clock;

    public QuotaScans(
            JobRuns runs, UserStore users, FolderStore folders, WorkQueue queue, Clock clock) {
        this.runs = runs;
        this.users = users;
        this.folders = folders;
        this.queue = queue;
        this.clock = clock;
    }

    /** The run kind of {@code owner}'s scans. */
    public static JobKind kind(QuotaScope.Owner owner) {
        return owner == QuotaScope.Owner.USER ? JobKind.QUOTA_SCAN_USER : JobKind.QUOTA_SCAN_FOLDER;
    }

    /**
     * Starts a scan of the user or folder {@code name}.
     *
     * @param requestedBy the calling admin
     */
    public Start start(QuotaScope.Owner owner, String name, String requestedBy) {
        boolean exists =
                owner == QuotaScope.Owner.USER
                        ? users.find(name).isPresent()
                        : folders.find(name).isPresent();
        if (!exists) {
            return new NotFound();
        }
        JobRun run =
                JobRun.start(
                        "qs-" + UUID.randomUUID(),
                        kind(owner),
                        name,
                        Optional.empty(),
                        clock.millis(),
                        requestedBy,
                        List.of(),
                        null);
        return switch (runs.start(run)) {
            case JobRuns.Busy busy -> new AlreadyRunning(busy.runningId());
            case JobRuns.Started started -> {
                try {
                    queue.send(new JobMessage.Run(run.id()));
                    yield new Accepted(started.run());
                } catch (RuntimeException e) {
                    runs.finish(
                            started.run()
                                    .finished(
                                            JobState.FAILED,
                                            clock.millis(),
                                            null,
                                            Optional.of("could not be queued: " + e.getMessage())));
                    yield new NotQueued(e.getMessage());
                }
            }
        };
    }

    /** Scans of {@code owner}'s kind running now, oldest first (the daily scan's included). */
    public List<JobRun> running(QuotaScope.Owner owner) {
        return runs.running(kind(owner));
    }

    /**
     * The newest {@code limit} scans, running or not: users', folders' and the daily runs over
     * everyone, newest first.
     */
    public List<JobRun> history(int limit) {
        List<JobRun> all = new ArrayList<>();
        for (JobKind kind :
                List.of(
                        JobKind.QUOTA_SCAN_USER,
                        JobKind.QUOTA_SCAN_FOLDER,
                        JobKind.QUOTA_SCAN_ALL)) {
            all.addAll(runs.history(kind, limit));
        }
        all.sort(Comparator.comparingLong(JobRun::startedAt).reversed().thenComparing(JobRun::id));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }
}
