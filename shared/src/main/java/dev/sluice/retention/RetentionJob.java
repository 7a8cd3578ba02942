package dev.sluice.retention;

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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job: what the retention queue's messages do, the same on AWS (the Lambda handler)
 * and in the local mode (its in-process queue). A policy message starts a policy run and fans it
 * out; a run message goes on with a check or a fan-out; whatever does not finish before the
 * deadline is checkpointed and its message sent again. Every step is safe to repeat: a redelivered
 * or duplicated message finds the run advanced (conditional writes) and changes nothing twice.
 */
public final class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    /** Checks listed in a policy run's result (one DynamoDB item); the totals count all. */
    static final int MAX_USERS_IN_RESULT = 500;

    private final JobRuns runs;
    private final RetentionCheck check;
    private final PolicyRun fanOut;
    private final RetentionPolicyStore policies;
    private final WorkQueue queue;
    private final RetentionReports reports;
    private final Clock clock;

    public RetentionJob(
            JobRuns runs,
            RetentionCheck check,
            PolicyRun fanOut,
            RetentionPolicyStore policies,
            WorkQueue queue,
            RetentionReports reports,
            Clock clock) {
        this.runs = runs;
        this.check = check;
        this.fanOut = fanOut;
        this.policies = policies;
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
            case JobMessage.Policy policy -> startPolicy(policy.name(), deadline);
            case JobMessage.Run run -> goOn(run.id(), deadline);
            case JobMessage.ScanAll all ->
                    throw new IllegalArgumentException(
                            "a quota scan message reached the retention job");
        }
    }

    private void startPolicy(String name, Deadline deadline) {
        Optional<RetentionPolicy> policy = policies.find(name);
        if (policy.isEmpty()) {
            log.warn("retention policy {} fired but no longer exists; nothing to do", name);
            return;
        }
        if (!policy.get().active()) {
            log.info("retention policy {} is disabled; its schedule fired anyway, ignored", name);
            return;
        }
        JobRun run =
                JobRun.start(
                        "rp-" + UUID.randomUUID(),
                        JobKind.RETENTION_POLICY,
                        name,
                        Optional.empty(),
                        clock.millis(),
                        "schedule",
                        policy.get().recipients(),
                        PolicyRun.request(policy.get()));
        switch (runs.start(run)) {
            case JobRuns.Started started -> advancePolicy(started.run(), deadline);
            case JobRuns.Busy busy ->
                    log.warn(
                            "retention policy {} fired while its previous run {} still runs; skipped",
                            name,
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
            case RETENTION_CHECK -> {
                switch (check.advance(run, deadline)) {
                    case Advance.Paused paused -> queue.send(new JobMessage.Run(id));
                    case Advance.Finished finished -> ended(finished.run());
                    case Advance.Lost lost ->
                            log.info("run {} was advanced elsewhere; this message stops", id);
                }
            }
            case RETENTION_POLICY -> advancePolicy(run, deadline);
            default ->
                    throw new IllegalArgumentException(
                            "run " + id + " is a " + run.kind().id() + ", not a retention run");
        }
    }

    private void advancePolicy(JobRun run, Deadline deadline) {
        Optional<JobRun> after = fanOut.fanOut(run, deadline);
        if (after.isEmpty()) {
            log.info("policy run {} was advanced elsewhere; this message stops", run.id());
            return;
        }
        if (!PolicyRun.progress(after.get()).fannedOut()) {
            queue.send(new JobMessage.Run(run.id()));
            return;
        }
        conclude(run.id());
    }

    private void ended(JobRun check) {
        log.info(
                "retention check {} of {} {}",
                check.id(),
                check.subject(),
                check.state().name().toLowerCase(java.util.Locale.ROOT));
        if (check.parentRun().isPresent()) {
            conclude(check.parentRun().get());
        } else if (!check.recipients().isEmpty() && runs.claim(check.id(), "report")) {
            reports.finished(check, List.of());
        }
    }

    /**
     * Ends a policy run once it is fanned out and its last check ended. Several checks may end at
     * once; the conditional finish lets one of them end it, and only that one reports.
     */
    private void conclude(String policyRunId) {
        Optional<JobRun> found = runs.get(policyRunId);
        if (found.isEmpty() || !found.get().running()) {
            return;
        }
        JobRun run = found.get();
        if (!PolicyRun.progress(run).fannedOut() || runs.pending(policyRunId) > 0) {
            return;
        }
        List<JobRun> checks = new ArrayList<>();
        for (JobRun child : runs.children(policyRunId)) {
            checks.add(child);
        }
        Optional<JobRun> done =
                runs.finish(
                        run.finished(
                                JobState.FINISHED,
                                clock.millis(),
                                result(run, checks),
                                Optional.empty()));
        if (done.isPresent()) {
            log.info(
                    "retention policy run {} of {} finished: {} checks",
                    run.id(),
                    run.subject(),
                    checks.size());
            if (!done.get().recipients().isEmpty() && runs.claim(policyRunId, "report")) {
                reports.finished(done.get(), checks);
            }
        }
    }

    private static ObjectNode result(JobRun run, List<JobRun> checks) {
        ObjectNode out = Json.mapper().createObjectNode();
        PolicyRun.Progress progress = PolicyRun.progress(run);
        long deleted = 0;
        long bytes = 0;
        long errors = 0;
        ArrayNode users = out.putArray("users");
        for (JobRun c : checks) {
            RetentionResult r;
            try {
                r = Json.mapper().treeToValue(c.result(), RetentionResult.class);
            } catch (Exception e) {
                r = null;
            }
            if (r != null) {
                deleted += r.deleted();
                bytes += r.bytes();
                errors += r.errors();
            }
            if (users.size() < MAX_USERS_IN_RESULT) {
                ObjectNode u = users.addObject();
                u.put("username", c.subject());
                u.put("state", c.state().name().toLowerCase(java.util.Locale.ROOT));
                c.failure().ifPresent(f -> u.put("error", f));
                if (r != null) {
                    u.put("deleted", r.deleted());
                    u.put("bytes", r.bytes());
                    u.put("errors", r.errors());
                }
            }
        }
        out.put("checks", checks.size());
        out.put("deleted", deleted);
        out.put("bytes", bytes);
        out.put("errors", errors);
        out.put("busy_count", progress.busyCount());
        out.set("busy", Json.mapper().valueToTree(progress.busy()));
        out.set("missing", Json.mapper().valueToTree(progress.missing()));
        return out;
    }
}
