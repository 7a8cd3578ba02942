package dev.sluice.retention;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.json.Json;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The fan-out of one policy run: one retention check per covered user, each a run of its own with
 * its own queue message, so a policy over a million users is a million small messages that any
 * number of job instances share. Users are visited in name order from a stored cursor (key-paged,
 * nothing read twice); each check is created in a transaction that also counts it in the policy
 * run, so a fan-out resumed after a crash neither loses nor doubles a check; the policy run ends
 * (and its report goes out) when the last check does.
 */
public final class PolicyRun {

    /** Users started between checkpoints. */
    static final int PAGE = 100;

    /** Names kept in the lists of skipped users (in a DynamoDB item); the counts go on. */
    static final int MAX_NAMES = 200;

    private static final ObjectReader PROGRESS =
            Json.mapper()
                    .readerFor(Progress.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * A policy run's checkpoint.
     *
     * @param cursor the last user name handled
     * @param fannedOut every covered user has its check
     * @param started checks started
     * @param busy users skipped because a check of theirs was already running
     * @param missing named users that do not exist
     */
    public record Progress(
            String cursor,
            boolean fannedOut,
            long started,
            long busyCount,
            List<String> busy,
            List<String> missing) {
        public Progress {
            cursor = cursor == null ? "" : cursor;
            busy = busy == null ? List.of() : List.copyOf(busy);
            missing = missing == null ? List.of() : List.copyOf(missing);
        }
    }

    private final JobRuns runs;
    private final UserStore users;
    private final WorkQueue queue;

    public PolicyRun(JobRuns runs, UserStore users, WorkQueue queue) {
        this.runs = runs;
        this.users = users;
        this.queue = queue;
    }

    /** A policy run's checkpoint (the initial one before its first). */
    public static Progress progress(JobRun run) {
        if (run.progress() == null || !run.progress().isObject()) {
            return new Progress("", false, 0, 0, List.of(), List.of());
        }
        try {
            return PROGRESS.readValue(run.progress());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable checkpoint in run " + run.id(), e);
        }
    }

    /** The run request of a policy: its rules and coverage. */
    public static ObjectNode request(RetentionPolicy policy) {
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("folders", Json.mapper().valueToTree(policy.folders()));
        request.set("covers", Json.mapper().valueToTree(policy.covers()));
        request.put("policy", policy.name());
        return request;
    }

    /**
     * Starts the checks of the users after the cursor until all have one (the run stays running: it
     * ends with its last check) or the deadline is near. Empty when the run was lost.
     */
    public Optional<JobRun> fanOut(JobRun run, Deadline deadline) {
        Progress progress = progress(run);
        if (progress.fannedOut()) {
            return Optional.of(run);
        }
        RetentionPolicy.Coverage covers;
        try {
            covers =
                    Json.mapper()
                            .treeToValue(
                                    run.request().path("covers"), RetentionPolicy.Coverage.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable coverage in run " + run.id(), e);
        }
        Iterator<String> names = names(covers, progress.cursor());
        List<String> busy = new ArrayList<>(progress.busy());
        List<String> missing = new ArrayList<>(progress.missing());
        long started = progress.started();
        long busyCount = progress.busyCount();
        String cursor = progress.cursor();
        int inPage = 0;
        while (names.hasNext()) {
            String name = names.next();
            if (covers.usernames() != null && users.find(name).isEmpty()) {
                if (missing.size() < MAX_NAMES) {
                    missing.add(name);
                }
            } else {
                JobRun check =
                        JobRun.start(
                                run.id() + "/" + name,
                                JobKind.RETENTION_CHECK,
                                name,
                                Optional.of(run.id()),
                                run.startedAt(),
                                "policy " + run.subject(),
                                List.of(),
                                run.request());
                switch (runs.start(check)) {
                    case JobRuns.Started s -> {
                        if (s.run().running()) {
                            queue.send(new JobMessage.Run(s.run().id()));
                            started++;
                        }
                    }
                    case JobRuns.Busy b -> {
                        busyCount++;
                        if (busy.size() < MAX_NAMES) {
                            busy.add(name);
                        }
                    }
                }
            }
            cursor = name;
            if (++inPage >= PAGE) {
                inPage = 0;
                Optional<JobRun> saved =
                        save(run, new Progress(cursor, false, started, busyCount, busy, missing));
                if (saved.isEmpty()) {
                    return saved;
                }
                run = saved.get();
                if (deadline.near()) {
                    return Optional.of(run);
                }
            }
        }
        return save(run, new Progress(cursor, true, started, busyCount, busy, missing));
    }

    private Optional<JobRun> save(JobRun run, Progress progress) {
        return runs.save(run.withProgress(Json.mapper().valueToTree(progress)), List.of());
    }

    private Iterator<String> names(RetentionPolicy.Coverage covers, String cursor) {
        if (covers.usernames() != null) {
            return new TreeSet<>(covers.usernames()).tailSet(cursor, false).iterator();
        }
        Iterator<User> all = users.after(500, cursor).iterator();
        String folder = covers.everyone() ? null : covers.folder();
        return new Iterator<>() {
            private String next = advance();

            private String advance() {
                while (all.hasNext()) {
                    User u = all.next();
                    if (folder == null
                            || u.virtualFolders().stream().anyMatch(m -> m.name().equals(folder))) {
                        return u.username();
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                String out = next;
                next = advance();
                return out;
            }
        };
    }
}
