package dev.sluice.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a background job, as stored: what was asked, how far it got (a checkpoint the next
 * invocation resumes from), and what it did. Job-specific parts are JSON, read by the job that owns
 * the kind.
 *
 * @param id unique; a policy's per-user runs are {@code <parent id>/<user>} so that a redelivered
 *     fan-out message creates nothing twice
 * @param subject the user, folder or policy the run is about
 * @param parent the policy run this run belongs to, or null
 * @param startedAt epoch milliseconds
 * @param finishedAt epoch milliseconds, 0 while running
 * @param requestedBy who started it: an admin's name, {@code schedule}, or {@code policy <name>}
 * @param recipients where the report goes (empty: no report)
 * @param step incremented by every checkpoint; writes are conditional on it, so two invocations
 *     working on one run cannot both advance it
 * @param request what was asked (a retention check's rules)
 * @param progress the checkpoint
 * @param result what it did, once finished
 * @param error why it failed, or null
 */
public record JobRun(
        String id,
        JobKind kind,
        String subject,
        String parent,
        JobState state,
        long startedAt,
        long finishedAt,
        String requestedBy,
        List<String> recipients,
        long step,
        JsonNode request,
        JsonNode progress,
        JsonNode result,
        String error) {

    public JobRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(state, "state");
        requestedBy = requestedBy == null ? "" : requestedBy;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        request = request == null ? NullNode.getInstance() : request;
        progress = progress == null ? NullNode.getInstance() : progress;
        result = result == null ? NullNode.getInstance() : result;
    }

    /** A new run, not yet stored. */
    public static JobRun start(
            String id,
            JobKind kind,
            String subject,
            Optional<String> parent,
            long now,
            String requestedBy,
            List<String> recipients,
            JsonNode request) {
        return new JobRun(
                id,
                kind,
                subject,
                parent.orElse(null),
                JobState.RUNNING,
                now,
                0,
                requestedBy,
                recipients,
                0,
                request,
                null,
                null,
                null);
    }

    /** The policy run this run belongs to, if any. */
    public Optional<String> parentRun() {
        return Optional.ofNullable(parent);
    }

    /** Why it failed, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }

    public boolean running() {
        return state == JobState.RUNNING;
    }

    /** The same run with a new checkpoint (the store increments the step when it saves it). */
    public JobRun withProgress(JsonNode value) {
        return new JobRun(
                id,
                kind,
                subject,
                parent,
                state,
                startedAt,
                finishedAt,
                requestedBy,
                recipients,
                step,
                request,
                value,
                result,
                error);
    }

    /** The run as finished (or failed) at {@code now} with {@code value} as its result. */
    public JobRun finished(JobState end, long now, JsonNode value, Optional<String> why) {
        return new JobRun(
                id,
                kind,
                subject,
                parent,
                end,
                startedAt,
                now,
                requestedBy,
                recipients,
                step,
                request,
                progress,
                value,
                why.orElse(null));
    }

    JobRun atStep(long value) {
        return new JobRun(
                id,
                kind,
                subject,
                parent,
                state,
                startedAt,
                finishedAt,
                requestedBy,
                recipients,
                value,
                request,
                progress,
                result,
                error);
    }
}
