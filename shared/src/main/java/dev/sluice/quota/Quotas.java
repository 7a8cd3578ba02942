package dev.sluice.quota;

import dev.sluice.dynamo.UsageCounters;
import dev.sluice.folders.FolderStore;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.validation.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota service: every quota rule, called by every protocol, the REST API and the jobs.
 *
 * <ul>
 *   <li>which counters a file is charged to ({@link QuotaScope});
 *   <li>whether an upload may start ({@link #room});
 *   <li>reservations of uploads and moves, held under leases that lapse when their owner dies
 *       ({@link #open}, {@link #reserve}, {@link #completing}, {@link #commit}, {@link #release});
 *   <li>unbounded changes of deletes and completed moves ({@link #charge});
 *   <li>an administrator's reset or addition ({@link #reset}, {@link #adjust}) and a scan's recount
 *       ({@link #recount}), each one conditional write.
 * </ul>
 *
 * <p>Outcomes are values ({@link Reservation}, {@link UsageUpdate}); only protocol adapters turn
 * them into SFTP status codes or HTTP statuses. The counters themselves are {@link UsageCounters}
 * (the mechanism: atomic, range-checked updates) and the leases {@link QuotaLeases}.
 */
public final class Quotas {

    private static final Logger log = LoggerFactory.getLogger(Quotas.class);

    private final UsageCounters users;
    private final UsageCounters folders;

    /** Null where nothing uploads (the API functions, the jobs). */
    private final QuotaLeases leases;

    private final Clock clock;

    /** Quotas where nothing uploads: usage administration and scans, no leases. */
    public Quotas(UsageCounters users, UsageCounters folders, Clock clock) {
        this(users, folders, null, clock);
    }

    /** Quotas for a process that uploads: its reservations are {@code leases}. */
    public Quotas(UsageCounters users, UsageCounters folders, QuotaLeases leases, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.folders = Objects.requireNonNull(folders, "folders");
        this.leases = leases;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Quotas over the counters of these stores, without leases. */
    public static Quotas of(UserStore users, FolderStore folders, Clock clock) {
        return new Quotas(users.usage(), folders.usage(), clock);
    }

    /** The leases of this process's reservations. */
    public QuotaLeases leases() {
        if (leases == null) {
            throw new IllegalStateException("these quotas hold no leases: nothing uploads here");
        }
        return leases;
    }

    // ------------------------------------------------------------------ uploads and moves

    /**
     * The room left for a file at {@code path} (clean, absolute) of {@code user}: the first counter
     * with a limit that the file is charged to (the virtual folder's own quota inside one, the
     * user's otherwise), or an unlimited one. One strongly consistent read.
     */
    public QuotaSpace space(User user, String path) {
        List<QuotaScope.Counter> counters = countersFor(user, path);
        QuotaScope.Counter counter =
                counters.stream()
                        .filter(QuotaScope.Counter::limited)
                        .findFirst()
                        .orElse(counters.get(0));
        return QuotaSpace.of(
                counter, counters(counter).current(counter.key()).orElse(QuotaUsage.ZERO));
    }

    /** The counters a file at {@code path} (clean, absolute) of {@code user} is charged to. */
    public List<QuotaScope.Counter> countersFor(User user, String path) {
        return QuotaScope.countersFor(user, path);
    }

    /**
     * Whether an upload may start: {@link Reservation.OverQuota} when a limit is already reached
     * (no bytes, or no files for a new file, left). Reads only; a counter whose item is gone is no
     * limit.
     */
    public Reservation room(List<QuotaScope.Counter> counters, boolean newFile) {
        for (QuotaScope.Counter c : counters) {
            if (!c.limited()) {
                continue;
            }
            Optional<QuotaUsage> usage = counters(c).current(c.key());
            if (usage.isPresent()
                    && ((c.maxSize() > 0 && usage.get().usedQuotaSize() >= c.maxSize())
                            || (newFile
                                    && c.maxFiles() > 0
                                    && usage.get().usedQuotaFiles() >= c.maxFiles()))) {
                return new Reservation.OverQuota(c, UsageCounters.Limit.QUOTA);
            }
        }
        return new Reservation.Reserved();
    }

    /**
     * A lease for one upload or move over {@code counters}; nothing is written until it reserves.
     */
    public QuotaLease open(
            List<QuotaScope.Counter> counters, String session, Optional<LeasedObject> object) {
        return leases().open(counters, session, object);
    }

    /**
     * Reserves {@code bytes} and {@code files} in every counter of the lease, each within its
     * limits; all or nothing.
     */
    public Reservation reserve(QuotaLease lease, long bytes, int files) {
        return leases().reserve(lease, bytes, files);
    }

    /**
     * Before the object appears: what the upload will finally add ({@link QuotaLeases#completing}).
     */
    public Reservation completing(QuotaLease lease, long settleBytes, int settleFiles) {
        return leases().completing(lease, settleBytes, settleFiles);
    }

    /**
     * Reserves, then marks the lease completing ({@link QuotaLeases#reserveAndComplete}): one write
     * for a lease that has reserved nothing yet.
     */
    public Reservation reserveAndComplete(
            QuotaLease lease, long bytes, int files, long settleBytes, int settleFiles) {
        return leases().reserveAndComplete(lease, bytes, files, settleBytes, settleFiles);
    }

    /** The object is in place: the lease becomes its usage. Never throws. */
    public void commit(QuotaLease lease) {
        leases().commit(lease);
    }

    /**
     * A move's copy is in place: the lease becomes {@code settleBytes} and {@code settleFiles}.
     * Never throws.
     */
    public void commit(QuotaLease lease, long settleBytes, int settleFiles) {
        leases().commit(lease, settleBytes, settleFiles);
    }

    /** Gives back what the lease holds. Never throws. */
    public void release(QuotaLease lease) {
        leases().release(lease);
    }

    /**
     * Unbounded change (a delete, the source side of a move): never refused for the quota, never
     * throws; a change that cannot be written leaves a drift that the next scan corrects.
     */
    public void charge(List<QuotaScope.Counter> counters, long bytes, int files) {
        if (bytes == 0 && files == 0) {
            return;
        }
        for (QuotaScope.Counter c : counters) {
            try {
                if (counters(c).add(c.key(), bytes, files, clock.millis())
                        instanceof UsageCounters.Refused) {
                    log.warn(
                            "usage of {} {} would leave its range; not changed by {} bytes / {} files",
                            c.owner(),
                            c.key(),
                            bytes,
                            files);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "could not change usage of {} {} by {} bytes / {} files: {}",
                        c.owner(),
                        c.key(),
                        bytes,
                        files,
                        e.toString());
            }
        }
    }

    /**
     * As {@link #charge(List, long, int)}, on {@code background} where no counter has a limit: a
     * protocol need not wait for a change nothing checks (it is as unbounded and best-effort as
     * {@link #charge(List, long, int)} itself). With a limit it changes now, so the room it frees
     * is there for the next upload.
     */
    public void charge(
            List<QuotaScope.Counter> counters, long bytes, int files, Executor background) {
        if (counters.stream().anyMatch(QuotaScope.Counter::limited)) {
            charge(counters, bytes, files);
        } else if (bytes != 0 || files != 0) {
            background.execute(() -> charge(counters, bytes, files));
        }
    }

    /**
     * The transaction steps of {@link #charge}, for a job that must record in the same transaction
     * that it charged (a retention check's deletions): empty when nothing changes; a counter the
     * change cannot fit is left out (the next quota scan corrects it), as {@link #charge} does.
     */
    public List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> chargeSteps(
            List<QuotaScope.Counter> counters, long bytes, int files) {
        if (bytes == 0 && files == 0) {
            return List.of();
        }
        List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> steps =
                new java.util.ArrayList<>();
        for (QuotaScope.Counter c : counters) {
            var step = counters(c).addStep(c.key(), bytes, files, clock.millis());
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    // ------------------------------------------------------------------ administration and scans

    /**
     * SFTPGo's {@code mode=reset}: sets the counters to {@code size} and {@code files} (plus what
     * live leases hold, see {@link UsageCounters#set}). Both must be within the counter's range.
     */
    public UsageUpdate reset(QuotaScope.Owner owner, String key, long size, long files) {
        Problems problems = new Problems();
        if (size < 0) {
            problems.add(UsageCounters.USED_SIZE, size, "must be 0 or more (bytes)");
        }
        if (files < 0) {
            problems.add(UsageCounters.USED_FILES, files, "must be 0 or more (files)");
        } else if (files > QuotaUsage.MAX_FILES) {
            problems.add(
                    UsageCounters.USED_FILES,
                    files,
                    "must be at most " + QuotaUsage.MAX_FILES + " (files)");
        }
        if (!problems.isEmpty()) {
            return new UsageUpdate.Invalid(problems.errors());
        }
        return counters(owner).set(key, size, (int) files, clock.millis())
                ? new UsageUpdate.Updated()
                : new UsageUpdate.NotFound();
    }

    /**
     * SFTPGo's {@code mode=add}: adds the deltas (negative ones subtract, never below zero) in one
     * conditional update, and refuses a result past the counter's range (int64 bytes, int32 files).
     */
    public UsageUpdate adjust(QuotaScope.Owner owner, String key, long sizeDelta, long filesDelta) {
        return switch (counters(owner).adjust(key, sizeDelta, filesDelta, clock.millis())) {
            case UsageCounters.Adjusted adjusted -> new UsageUpdate.Updated();
            case UsageCounters.Missing missing -> new UsageUpdate.NotFound();
            case UsageCounters.OutOfRange out ->
                    new UsageUpdate.Invalid(
                            new Problems()
                                    .add(
                                            out.field(),
                                            out.field().equals(UsageCounters.USED_SIZE)
                                                    ? sizeDelta
                                                    : filesDelta,
                                            "adding it would pass the counter's range, 0 to "
                                                    + out.max()
                                                    + "; nothing was changed")
                                    .errors());
        };
    }

    /**
     * A scan's result: what is stored becomes the usage (live leases' reservations kept). False
     * when the owner is gone.
     */
    public boolean recount(QuotaScope.Owner owner, String key, long bytes, long files) {
        return counters(owner)
                .set(
                        key,
                        bytes,
                        (int) Math.min(QuotaUsage.MAX_FILES, Math.max(0, files)),
                        clock.millis());
    }

    private UsageCounters counters(QuotaScope.Counter c) {
        return counters(c.owner());
    }

    private UsageCounters counters(QuotaScope.Owner owner) {
        return owner == QuotaScope.Owner.USER ? users : folders;
    }
}
