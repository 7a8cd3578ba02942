package dev.sluice.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.json.Json;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starting retention checks on demand (SFTPGo's {@code POST /retention/users/{username}/check}) and
 * listing them. The check itself runs in the retention job; this stores its run, takes the user's
 * lock (one check per user at a time) and queues it.
 */
public final class RetentionChecks {

    /** What starting a check did. */
    public sealed interface Start permits Accepted, AlreadyRunning, NoSuchUser, NotQueued {}

    /** Stored and queued (202). */
    public record Accepted(JobRun run) implements Start {}

    /** A check of this user is running (409). */
    public record AlreadyRunning(String runId) implements Start {}

    /** No such user (404). */
    public record NoSuchUser() implements Start {}

    /** Stored but the queue refused it; the run was ended as failed (503). */
    public record NotQueued(String reason) implements Start {}

    private final JobRuns runs;
    private final UserStore users;
    private final WorkQueue queue;
    private final Clock clock;

    public RetentionChecks(JobRuns runs, UserStore users, WorkQueue queue, Clock clock) {
        this.runs = runs;
        this.users = users;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Starts a check of {@code username} with validated {@code rules}.
     *
     * @param recipients who receives the report (SFTPGo's {@code notifications=Email}: the calling
     *     admin's address); empty for none
     * @param requestedBy the calling admin
     */
    public Start start(
            String username, RetentionRules rules, List<String> recipients, String requestedBy) {
        if (users.find(username).isEmpty()) {
            return new NoSuchUser();
        }
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("folders", Json.mapper().valueToTree(rules.folders()));
        JobRun run =
                JobRun.start(
                        "rc-" + UUID.randomUUID(),
                        JobKind.RETENTION_CHECK,
                        username,
                        Optional.empty(),
                        clock.millis(),
                        requestedBy,
                        recipients,
                        request);
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

    /** Checks running now, oldest first (policy runs' checks included). */
    public List<JobRun> running() {
        return runs.running(JobKind.RETENTION_CHECK);
    }

    /** The newest {@code limit} checks, running or not. */
    public List<JobRun> history(int limit) {
        return runs.history(JobKind.RETENTION_CHECK, limit);
    }
}
