package dev.sluice.quota;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
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

/**
 * The fan-out of the daily quota scan ({@link JobKind#QUOTA_SCAN_ALL}): one scan run per user and
 * per folder, each with its own queue message, so an installation of any size is many small
 * messages that any number of job instances share. Users, then folders, are visited in name order
 * from a cursor stored in the parent run (key-paged, nothing read twice); each scan is created in a
 * transaction that also counts it in the parent ({@link JobRuns#start}), so a fan-out resumed after
 * a crash neither loses nor doubles one. An owner already being scanned (through the API) is
 * skipped and counted. Lapsed quota leases are reaped once, before the first owner.
 */
public final class QuotaScanFanOut {

    /** Owners started between checkpoints. */
    static final int PAGE = 100;

    /** Names kept in the list of skipped owners; the count goes on. */
    static final int MAX_NAMES = 1000;

    /** Users and folders read per store page. */
    static final int STORE_PAGE = 500;

    private static final ObjectReader PROGRESS =
            Json.mapper()
                    .readerFor(Progress.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Where the walk is. */
    public enum Phase {
        USERS,
        FOLDERS,
        DONE
    }

    /**
     * The daily run's checkpoint.
     *
     * @param reaped lapsed quota leases were reaped
     * @param phase what is being walked
     * @param cursor the last name handled in that phase
     * @param started scans started
     * @param busyCount owners skipped because a scan of theirs was already running
     * @param busy the first {@value #MAX_NAMES} of them ({@code user <name>}, {@code folder
     *     <name>})
     */
    public record Progress(
            boolean reaped,
            Phase phase,
            String cursor,
            long started,
            long busyCount,
            List<String> busy) {
        public Progress {
            phase = phase == null ? Phase.USERS : phase;
            cursor = cursor == null ? "" : cursor;
            busy = busy == null ? List.of() : List.copyOf(busy);
        }

        /** Every owner has its scan (or was skipped). */
        public boolean fannedOut() {
            return phase == Phase.DONE;
        }
    }

    private final JobRuns runs;
    private final UserStore users;
    private final FolderStore folders;
    private final WorkQueue queue;
    private final Optional<QuotaReaper> reaper;

    public QuotaScanFanOut(
            JobRuns runs,
            UserStore users,
            FolderStore folders,
            WorkQueue queue,
            Optional<QuotaReaper> reaper) {
        this.runs = runs;
        this.users = users;
        this.folders = folders;
        this.queue = queue;
        this.reaper = reaper;
    }

    /** A daily run's checkpoint (the initial one before its first). */
    public static Progress progress(JobRun run) {
        if (run.progress() == null || !run.progress().isObject()) {
            return new Progress(false, Phase.USERS, "", 0, 0, List.of());
        }
        try {
            return PROGRESS.readValue(run.progress());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable checkpoint in run " + run.id(), e);
        }
    }

    /** The id of the scan of one owner under a daily run: stable, so a retry creates it once. */
    static String childId(JobRun parent, QuotaScope.Owner owner, String name) {
        return parent.id() + (owner == QuotaScope.Owner.USER ? "/u/" : "/f/") + name;
    }

    /**
     * Starts the scans of the owners after the cursor until all have one (the run stays running: it
     * ends with its last scan) or the deadline is near. Empty when the run was lost.
     */
    public Optional<JobRun> fanOut(JobRun run, Deadline deadline) {
        Progress p = progress(run);
        if (p.fannedOut()) {
            return Optional.of(run);
        }
        if (!p.reaped()) {
            // Once per daily run, not per owner: one pass over the leases table.
            reaper.ifPresent(QuotaReaper::reapLapsed);
            p = new Progress(true, p.phase(), p.cursor(), p.started(), p.busyCount(), p.busy());
            Optional<JobRun> saved = save(run, p);
            if (saved.isEmpty()) {
                return saved;
            }
            run = saved.get();
        }
        List<String> busy = new ArrayList<>(p.busy());
        long started = p.started();
        long busyCount = p.busyCount();
        Phase phase = p.phase();
        String cursor = p.cursor();
        int inPage = 0;
        while (phase != Phase.DONE) {
            QuotaScope.Owner owner =
                    phase == Phase.USERS ? QuotaScope.Owner.USER : QuotaScope.Owner.FOLDER;
            Iterator<String> names = names(owner, cursor);
            while (names.hasNext()) {
                String name = names.next();
                JobRun scan =
                        JobRun.start(
                                childId(run, owner, name),
                                QuotaScans.kind(owner),
                                name,
                                Optional.of(run.id()),
                                run.startedAt(),
                                "schedule",
                                List.of(),
                                null);
                switch (runs.start(scan)) {
                    case JobRuns.Started s -> {
                        if (s.run().running()) {
                            queue.send(new JobMessage.Run(s.run().id()));
                        }
                        started++;
                    }
                    case JobRuns.Busy b -> {
                        busyCount++;
                        if (busy.size() < MAX_NAMES) {
                            busy.add(owner.name().toLowerCase(java.util.Locale.ROOT) + " " + name);
                        }
                    }
                }
                cursor = name;
                if (++inPage >= PAGE) {
                    inPage = 0;
                    Optional<JobRun> saved =
                            save(run, new Progress(true, phase, cursor, started, busyCount, busy));
                    if (saved.isEmpty()) {
                        return saved;
                    }
                    run = saved.get();
                    if (deadline.near()) {
                        return Optional.of(run);
                    }
                }
            }
            phase = phase == Phase.USERS ? Phase.FOLDERS : Phase.DONE;
            cursor = "";
        }
        return save(run, new Progress(true, Phase.DONE, "", started, busyCount, busy));
    }

    private Optional<JobRun> save(JobRun run, Progress progress) {
        return runs.save(run.withProgress(Json.mapper().valueToTree(progress)), List.of());
    }

    private Iterator<String> names(QuotaScope.Owner owner, String cursor) {
        if (owner == QuotaScope.Owner.USER) {
            Iterator<User> all = users.after(STORE_PAGE, cursor).iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public String next() {
                    return all.next().username();
                }
            };
        }
        Iterator<VirtualFolder> all = folders.after(STORE_PAGE, cursor).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return all.hasNext();
            }

            @Override
            public String next() {
                return all.next().name();
            }
        };
    }
}
