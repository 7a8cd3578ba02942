package dev.sluice.quota;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jobs.Advance;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.json.Json;
import dev.sluice.reports.QuotaStanding;
import dev.sluice.reports.QuotaSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota scan job: what the quota scan queue's messages do, the same on AWS (the Lambda handler)
 * and in the local mode (its in-process queue). {@code {"scope":"all"}} (the daily schedule) starts
 * a daily run and fans it out ({@link QuotaScanFanOut}); {@code {"run":id}} goes on with one
 * owner's scan ({@link OwnerScan}) or a fan-out; whatever does not finish before the deadline is
 * checkpointed and its message sent again. When the daily run's last scan ends, the run concludes
 * once and its report ({@link QuotaReports}) goes out once, however often a message is redelivered.
 */
public final class QuotaScanJob {

    private static final Logger log = LoggerFactory.getLogger(QuotaScanJob.class);

    /** Daily runs are named by the hour they start in, so a redelivered schedule message is one. */
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Standings kept in a daily run's result; the counts cover all. */
    static final int MAX_STANDINGS_IN_RESULT = 1000;

    private final JobRuns runs;
    private final OwnerScan scan;
    private final QuotaScanFanOut fanOut;
    private final WorkQueue queue;
    private final QuotaReports reports;
    private final Clock clock;

    public QuotaScanJob(
            JobRuns runs,
            OwnerScan scan,
            QuotaScanFanOut fanOut,
            WorkQueue queue,
            QuotaReports reports,
            Clock clock) {
        this.runs = runs;
        this.scan = scan;
        this.fanOut = fanOut;
        this.queue = queue;
        this.reports = reports;
        this.clock = clock;
    }

    /**
     * Handles one message.
     *
     * @throws IllegalArgumentException for a message this job never handles (drop it)
     * @throws RuntimeException for a failure worth a retry (storage unreachable)
     */
    public void handle(JobMessage message, Deadline deadline) {
        switch (message) {
            case JobMessage.ScanAll all -> startAll(deadline);
            case JobMessage.Run run -> goOn(run.id(), deadline);
            case JobMessage.Policy policy ->
                    throw new IllegalArgumentException(
                            "a retention policy message reached the quota scan job");
        }
    }

    private void startAll(Deadline deadline) {
        long now = clock.millis();
        JobRun run =
                JobRun.start(
                        "qa-" + HOUR.format(Instant.ofEpochMilli(now)),
                        JobKind.QUOTA_SCAN_ALL,
                        "all",
                        Optional.empty(),
                        now,
                        "schedule",
                        List.of(),
                        null);
        switch (runs.start(run)) {
            case JobRuns.Started started -> {
                if (started.run().running()) {
                    advanceAll(started.run(), deadline);
                } else {
                    log.info("daily quota scan {} already ran; message ignored", run.id());
                }
            }
            case JobRuns.Busy busy ->
                    log.warn(
                            "daily quota scan fired while the previous run {} still runs; skipped",
                            busy.runningId());
        }
    }

    private void goOn(String id, Deadline deadline) {
        Optional<JobRun> found = runs.get(id);
        if (found.isEmpty() || !found.get().running()) {
            log.info("run {} is {}; message ignored", id, found.isEmpty() ? "unknown" : "over");
            return;
        }
        JobRun run = found.get();
        switch (run.kind()) {
            case QUOTA_SCAN_USER, QUOTA_SCAN_FOLDER -> {
                switch (scan.advance(run, deadline)) {
                    case Advance.Paused paused -> queue.send(new JobMessage.Run(id));
                    case Advance.Finished finished -> ended(finished.run());
                    case Advance.Lost lost ->
                            log.info("run {} was advanced elsewhere; this message stops", id);
                }
            }
            case QUOTA_SCAN_ALL -> advanceAll(run, deadline);
            default ->
                    throw new IllegalArgumentException(
                            "run " + id + " is a " + run.kind().id() + ", not a quota scan run");
        }
    }

    private void advanceAll(JobRun run, Deadline deadline) {
        Optional<JobRun> after = fanOut.fanOut(run, deadline);
        if (after.isEmpty()) {
            log.info("daily quota scan {} was advanced elsewhere; this message stops", run.id());
            return;
        }
        if (!QuotaScanFanOut.progress(after.get()).fannedOut()) {
            queue.send(new JobMessage.Run(run.id()));
            return;
        }
        conclude(run.id());
    }

    private void ended(JobRun scanRun) {
        log.info(
                "quota scan {} of {} {} {}{}",
                scanRun.id(),
                scanRun.kind() == JobKind.QUOTA_SCAN_USER ? "user" : "folder",
                scanRun.subject(),
                scanRun.state().name().toLowerCase(Locale.ROOT),
                scanRun.failure().map(f -> ": " + f).orElse(""));
        scanRun.parentRun().ifPresent(this::conclude);
    }

    /**
     * Ends a daily run once it is fanned out and its last scan ended. Several scans may end at
     * once; the conditional finish lets one of them end it, and the claim lets only one report.
     */
    private void conclude(String parentId) {
        Optional<JobRun> found = runs.get(parentId);
        if (found.isEmpty() || !found.get().running()) {
            return;
        }
        JobRun run = found.get();
        if (!QuotaScanFanOut.progress(run).fannedOut() || runs.pending(parentId) > 0) {
            return;
        }
        long finishedAt = clock.millis();
        Tally tally = new Tally();
        for (JobRun child : runs.children(parentId)) {
            tally.add(child);
        }
        Optional<JobRun> done =
                runs.finish(
                        run.finished(
                                JobState.FINISHED,
                                finishedAt,
                                tally.result(QuotaScanFanOut.progress(run)),
                                Optional.empty()));
        if (done.isEmpty()) {
            return;
        }
        log.info(
                "daily quota scan {} finished: {} users, {} folders, {} failed, {} near or over quota",
                parentId,
                tally.users,
                tally.folders,
                tally.failed,
                tally.standings.size());
        if (reports.wanted() && runs.claim(parentId, "report")) {
            reports.finished(
                    new QuotaSummary(
                            Instant.ofEpochMilli(done.get().finishedAt()), tally.standings));
        }
    }

    /** What a daily run's scans found, gathered a scan at a time. */
    private static final class Tally {
        long users;
        long folders;
        long failed;
        long bytes;
        long files;
        final List<String> failures = new ArrayList<>();
        final List<QuotaStanding> standings = new ArrayList<>();

        void add(JobRun child) {
            String kind = child.kind() == JobKind.QUOTA_SCAN_USER ? "user" : "folder";
            if (kind.equals("user")) {
                users++;
            } else {
                folders++;
            }
            Optional<OwnerScan.Result> r = OwnerScan.result(child);
            if (child.state() != JobState.FINISHED || r.isEmpty()) {
                failed++;
                if (failures.size() < QuotaScanFanOut.MAX_NAMES) {
                    failures.add(
                            kind
                                    + " "
                                    + child.subject()
                                    + ": "
                                    + child.failure().orElse(child.state().name()));
                }
                return;
            }
            bytes += r.get().bytes();
            files += r.get().files();
            QuotaStanding standing =
                    new QuotaStanding(
                            kind,
                            child.subject(),
                            r.get().bytes(),
                            r.get().quotaSize(),
                            r.get().files(),
                            r.get().quotaFiles());
            // Only those the report shows are kept, so memory follows them, not the installation.
            if (standing.percentUsed() >= QuotaSummary.WARN_PERCENT) {
                standings.add(standing);
            }
        }

        ObjectNode result(QuotaScanFanOut.Progress progress) {
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("users", users);
            out.put("folders", folders);
            out.put("failed", failed);
            out.put("bytes", bytes);
            out.put("files", files);
            out.put("busy_count", progress.busyCount());
            out.set("busy", Json.mapper().valueToTree(progress.busy()));
            out.set("failures", Json.mapper().valueToTree(failures));
            ArrayNode near = out.putArray("near_quota");
            for (QuotaStanding s :
                    new QuotaSummary(Instant.EPOCH, standings)
                            .standings()
                            .subList(0, Math.min(standings.size(), MAX_STANDINGS_IN_RESULT))) {
                near.add(Json.mapper().valueToTree(s));
            }
            return out;
        }
    }
}
