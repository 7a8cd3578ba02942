package dev.sluice.quota;

import dev.sluice.dynamo.Conflicts;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.dynamo.UsageCounters.Held;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Crash-safe quota reservations: every byte an upload reserves before its object exists is held
 * under a lease owned by a task's process incarnation and a session, renewed by that process
 * ({@link #renewAll()}) and released by a {@link QuotaReaper} once it lapses, so a process that
 * dies (kill -9, lost task) leaves no drift beyond {@link LeaseSettings#bound()}.
 *
 * <p>Layout. The lease's record (owner, session, counters, expiry, the object it writes, its phase)
 * is an item of {@link Tables#QUOTA_LEASES}. What it holds is an entry in each counter item,
 * changed in the same single-item update as the counters ({@link UsageCounters}). The record and
 * the entries are written together once, by one transaction, when the lease first reserves; every
 * later reservation, the commit and the release are single-item updates of a counter item, so an
 * upload's parts never take a transaction and never collide with other writes of the user's item. A
 * reaper changes the record (to DONE, with its outcome) and removes the entries in one transaction,
 * so the removal of an entry, by the owner or by a reaper, accounts for it exactly once.
 *
 * <p>The commit window. Before the object appears the owner marks the lease COMPLETING with the
 * settlement it will apply (the bytes and files the upload adds, minus what it replaces); the
 * object carries the lease id in its metadata ({@link #OBJECT_MARKER}). A reaper that finds a
 * lapsed COMPLETING lease looks at the object: with the marker it settles (the upload completed,
 * its owner died before settling), without it releases. An owner whose lease was reaped and that
 * commits later adds its settlement back if the reaper released it, and nothing if it settled it.
 *
 * <p>The lease mechanism behind {@link Quotas}, the quota service every protocol calls. Outcomes
 * are values ({@link Reservation}); only protocol adapters map them to status codes.
 */
public final class QuotaLeases {

    /**
     * Metadata key ({@code x-amz-meta-sluice-lease}) marking the object an upload wrote with its
     * lease id.
     */
    public static final String OBJECT_MARKER = "sluice-lease";

    static final String ID = "lease_id";
    static final String NODE = "node";
    static final String INCARNATION = "incarnation";
    static final String SESSION = "session";
    static final String COUNTERS = "counters";
    static final String PHASE = "phase";
    static final String EXPIRES = "expires";
    static final String PURGE = "purge_at";
    static final String CREATED = "created";
    static final String BUCKET = "bucket";
    static final String OBJECT_KEY = "object_key";
    static final String STORAGE = "storage";
    static final String STORAGE_NAME = "storage_name";
    static final String UPLOAD_ID = "upload_id";
    static final String SETTLE_BYTES = "settle_bytes";
    static final String SETTLE_FILES = "settle_files";
    static final String OUTCOME = "outcome";

    enum Phase {
        LIVE,
        COMPLETING,
        DONE
    }

    enum Outcome {
        RELEASED,
        SETTLED
    }

    /**
     * A lapsed lease waits this long for a reaper before TTL may delete its record (the daily scan
     * reaps too).
     */
    static final Duration UNREAPED_KEPT = Duration.ofDays(7);

    /** A reaped lease's record (its outcome) stays this long for an owner that comes back late. */
    static final Duration DONE_KEPT = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(QuotaLeases.class);
    private static final int CREATE_ATTEMPTS = 8;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final UsageCounters users;
    private final UsageCounters folders;
    private final LeaseOwner owner;
    private final Duration length;
    private final Clock clock;
    private final Set<QuotaLease> live = ConcurrentHashMap.newKeySet();

    public QuotaLeases(
            DynamoDbClient dynamoDb,
            TableNames names,
            UsageCounters users,
            UsageCounters folders,
            LeaseOwner owner,
            Duration length,
            Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = names.of(Tables.QUOTA_LEASES);
        this.users = users;
        this.folders = folders;
        this.owner = owner;
        this.length = length;
        this.clock = clock;
    }

    public LeaseOwner owner() {
        return owner;
    }

    /**
     * A lease over {@code counters} for one upload or move; nothing is written until it reserves.
     */
    public QuotaLease open(
            List<QuotaScope.Counter> counters, String session, Optional<LeasedObject> object) {
        return new QuotaLease(counters, session, object);
    }

    /**
     * Reserves {@code bytes} and {@code files} in every counter of the lease, each within its
     * limits and range; all or nothing.
     */
    public Reservation reserve(QuotaLease lease, long bytes, int files) {
        synchronized (lease) {
            switch (lease.state) {
                case LOST:
                    return new Reservation.LeaseLost();
                case ENDED:
                    throw new IllegalStateException(lease + " has ended");
                default:
                    break;
            }
            if (bytes == 0 && files == 0) {
                return new Reservation.Reserved();
            }
            if (lease.state == QuotaLease.State.NEW) {
                return create(lease, Phase.LIVE, new Held(bytes, files), true);
            }
            List<QuotaScope.Counter> taken = new ArrayList<>();
            for (QuotaScope.Counter c : lease.counters()) {
                var change =
                        counters(c)
                                .addToEntry(
                                        c.key(),
                                        lease.id(),
                                        bytes,
                                        files,
                                        c.maxSize(),
                                        c.maxFiles(),
                                        clock.millis());
                switch (change) {
                    case UsageCounters.Changed changed -> taken.add(c);
                    case UsageCounters.Refused refused -> {
                        giveBack(lease, taken, bytes, files);
                        return new Reservation.OverQuota(c, refused.limit());
                    }
                    case UsageCounters.Missing missing -> {
                        log.warn(
                                "usage counter of {} {} is gone; {} no longer charges it",
                                c.owner(),
                                c.key(),
                                lease);
                        lease.drop(c);
                    }
                    case UsageCounters.EntryGone gone -> {
                        giveBack(lease, taken, bytes, files);
                        lost(lease);
                        return new Reservation.LeaseLost();
                    }
                }
            }
            lease.held = new Held(lease.held.bytes() + bytes, lease.held.files() + files);
            return new Reservation.Reserved();
        }
    }

    /**
     * Marks the lease COMPLETING, with what the upload will finally add to each counter (its bytes
     * and files, minus the object it replaces): call it before the object can appear. A lease that
     * has reserved nothing is written now, holding nothing. {@link Reservation.LeaseLost} means the
     * object must not appear.
     */
    public Reservation completing(QuotaLease lease, long settleBytes, int settleFiles) {
        synchronized (lease) {
            switch (lease.state) {
                case LOST:
                    return new Reservation.LeaseLost();
                case ENDED:
                    throw new IllegalStateException(lease + " has ended");
                default:
                    break;
            }
            lease.settleBytes = settleBytes;
            lease.settleFiles = settleFiles;
            if (lease.state == QuotaLease.State.NEW) {
                return create(lease, Phase.COMPLETING, Held.NONE, false);
            }
            long now = clock.millis();
            Map<String, AttributeValue> values =
                    new HashMap<>(
                            Map.of(
                                    ":c",
                                    s(Phase.COMPLETING.name()),
                                    ":live",
                                    s(Phase.LIVE.name()),
                                    ":me",
                                    s(owner.incarnation()),
                                    ":sb",
                                    n(settleBytes),
                                    ":sf",
                                    n(settleFiles),
                                    ":e",
                                    n(now + length.toMillis()),
                                    ":p",
                                    n(purgeAt(now + length.toMillis()))));
            try {
                Conflicts.retry(
                        () ->
                                dynamoDb.updateItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(key(lease.id()))
                                                        .updateExpression(
                                                                "SET #p = :c, #sb = :sb, #sf = :sf, #e = :e, #purge = :p")
                                                        .conditionExpression(
                                                                "(#p = :live OR #p = :c) AND #inc = :me")
                                                        .expressionAttributeNames(
                                                                Map.of(
                                                                        "#p",
                                                                        PHASE,
                                                                        "#sb",
                                                                        SETTLE_BYTES,
                                                                        "#sf",
                                                                        SETTLE_FILES,
                                                                        "#e",
                                                                        EXPIRES,
                                                                        "#purge",
                                                                        PURGE,
                                                                        "#inc",
                                                                        INCARNATION))
                                                        .expressionAttributeValues(values)));
            } catch (ConditionalCheckFailedException e) {
                lost(lease);
                return new Reservation.LeaseLost();
            }
            lease.state = QuotaLease.State.COMPLETING;
            return new Reservation.Reserved();
        }
    }

    /**
     * {@link #reserve} then {@link #completing}, in one write when the lease has written nothing
     * yet (a small file's only reservation): the record is created COMPLETING, holding {@code
     * bytes} and {@code files} within every limit, all or nothing. Anything but {@link
     * Reservation.Reserved} means the object must not appear.
     */
    public Reservation reserveAndComplete(
            QuotaLease lease, long bytes, int files, long settleBytes, int settleFiles) {
        synchronized (lease) {
            if (lease.state != QuotaLease.State.NEW || (bytes == 0 && files == 0)) {
                Reservation reserved = reserve(lease, bytes, files);
                return reserved instanceof Reservation.Reserved
                        ? completing(lease, settleBytes, settleFiles)
                        : reserved;
            }
            lease.settleBytes = settleBytes;
            lease.settleFiles = settleFiles;
            return create(lease, Phase.COMPLETING, new Held(bytes, files), true);
        }
    }

    /**
     * The object is in place: turns what the lease held into the settlement given to {@link
     * #completing} and ends the lease. Never throws: what it cannot write is left to a reaper (the
     * lease stops being renewed, lapses, and is settled from the object's metadata).
     */
    public void commit(QuotaLease lease) {
        synchronized (lease) {
            if (lease.state == QuotaLease.State.ENDED) {
                return;
            }
            try {
                if (lease.state == QuotaLease.State.NEW) {
                    // Nothing was reserved nor written (a move of an empty file): plain changes.
                    for (QuotaScope.Counter c : lease.counters()) {
                        if (lease.settleBytes != 0 || lease.settleFiles != 0) {
                            counters(c)
                                    .add(
                                            c.key(),
                                            lease.settleBytes,
                                            lease.settleFiles,
                                            clock.millis());
                        }
                    }
                    return;
                }
                Optional<Outcome> reaped = Optional.empty();
                for (QuotaScope.Counter c : lease.counters()) {
                    Held expected = lease.held;
                    while (true) {
                        var removal =
                                counters(c)
                                        .removeEntry(
                                                c.key(),
                                                lease.id(),
                                                expected,
                                                lease.settleBytes - expected.bytes(),
                                                lease.settleFiles - expected.files(),
                                                clock.millis());
                        if (removal instanceof UsageCounters.Differs differs) {
                            expected = differs.actual();
                            continue;
                        }
                        if (removal instanceof UsageCounters.Absent) {
                            // A reaper took this entry: it settled it (nothing to do) or released
                            // it
                            // (the upload's contribution goes in now, outside any limit: it is
                            // stored).
                            reaped = reaped.isPresent() ? reaped : Optional.of(outcome(lease.id()));
                            if (reaped.get() != Outcome.SETTLED) {
                                var added =
                                        counters(c)
                                                .add(
                                                        c.key(),
                                                        lease.settleBytes,
                                                        lease.settleFiles,
                                                        clock.millis());
                                if (added instanceof UsageCounters.Refused) {
                                    log.warn(
                                            "usage of {} {} would leave its range; {} not counted",
                                            c.owner(),
                                            c.key(),
                                            lease);
                                }
                            }
                        }
                        break;
                    }
                }
                delete(lease);
            } catch (RuntimeException e) {
                log.warn(
                        "could not settle {} ({}); a reaper settles it once it lapses",
                        lease,
                        e.toString());
            } finally {
                end(lease);
            }
        }
    }

    /**
     * {@link #commit(QuotaLease)} for a lease that was not marked completing (a move: the copy
     * exists, and what it adds is known only now).
     */
    public void commit(QuotaLease lease, long settleBytes, int settleFiles) {
        synchronized (lease) {
            lease.settleBytes = settleBytes;
            lease.settleFiles = settleFiles;
            commit(lease);
        }
    }

    /**
     * Gives back everything the lease holds and ends it (abort). Never throws: what it cannot write
     * is left to a reaper.
     */
    public void release(QuotaLease lease) {
        synchronized (lease) {
            if (lease.state == QuotaLease.State.ENDED) {
                return;
            }
            if (lease.state == QuotaLease.State.NEW) {
                lease.state = QuotaLease.State.ENDED;
                return;
            }
            try {
                for (QuotaScope.Counter c : lease.counters()) {
                    Held expected = lease.held;
                    while (true) {
                        var removal =
                                counters(c)
                                        .removeEntry(
                                                c.key(),
                                                lease.id(),
                                                expected,
                                                -expected.bytes(),
                                                -expected.files(),
                                                clock.millis());
                        if (removal instanceof UsageCounters.Differs differs) {
                            expected = differs.actual();
                            continue;
                        }
                        break; // Removed; Absent (a reaper released it already); Missing (the item
                        // is gone)
                    }
                }
                delete(lease);
            } catch (RuntimeException e) {
                log.warn(
                        "could not release {} ({}); a reaper releases it once it lapses",
                        lease,
                        e.toString());
            } finally {
                end(lease);
            }
        }
    }

    /** Extends every live lease of this process; one a reaper took meanwhile becomes lost. */
    public int renewAll() {
        int renewed = 0;
        for (QuotaLease lease : live) {
            long now = clock.millis();
            try {
                Conflicts.retry(
                        () ->
                                dynamoDb.updateItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(key(lease.id()))
                                                        .updateExpression(
                                                                "SET #e = :e, #purge = :p")
                                                        .conditionExpression(
                                                                "(#p = :live OR #p = :c) AND #inc = :me")
                                                        .expressionAttributeNames(
                                                                Map.of(
                                                                        "#e",
                                                                        EXPIRES,
                                                                        "#purge",
                                                                        PURGE,
                                                                        "#p",
                                                                        PHASE,
                                                                        "#inc",
                                                                        INCARNATION))
                                                        .expressionAttributeValues(
                                                                Map.of(
                                                                        ":e",
                                                                        n(now + length.toMillis()),
                                                                        ":p",
                                                                        n(
                                                                                purgeAt(
                                                                                        now
                                                                                                + length
                                                                                                        .toMillis())),
                                                                        ":live",
                                                                        s(Phase.LIVE.name()),
                                                                        ":c",
                                                                        s(Phase.COMPLETING.name()),
                                                                        ":me",
                                                                        s(owner.incarnation())))));
                renewed++;
            } catch (ConditionalCheckFailedException e) {
                synchronized (lease) {
                    if (lease.state == QuotaLease.State.LIVE
                            || lease.state == QuotaLease.State.COMPLETING) {
                        log.warn("{} lapsed and was reaped before this process renewed it", lease);
                        lost(lease);
                    }
                }
            } catch (RuntimeException e) {
                log.warn(
                        "could not renew {} (retrying at the next renewal): {}",
                        lease,
                        e.toString());
            }
        }
        return renewed;
    }

    /** Leases this process holds and renews. */
    public int liveCount() {
        return live.size();
    }

    // ------------------------------------------------------------------ internals

    private Reservation create(QuotaLease lease, Phase phase, Held held, boolean bounded) {
        for (int attempt = 1; ; attempt++) {
            long now = clock.millis();
            List<QuotaScope.Counter> counters = lease.counters();
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(
                    TransactWriteItem.builder()
                            .put(
                                    p ->
                                            p.tableName(table)
                                                    .item(record(lease, counters, phase, now))
                                                    .conditionExpression(
                                                            "attribute_not_exists(#id)")
                                                    .expressionAttributeNames(Map.of("#id", ID)))
                            .build());
            for (QuotaScope.Counter c : counters) {
                long maxSize = bounded ? c.maxSize() : 0;
                int maxFiles = bounded ? c.maxFiles() : 0;
                TransactWriteItem step =
                        counters(c).createEntry(c.key(), lease.id(), held, maxSize, maxFiles, now);
                if (step == null) {
                    return new Reservation.OverQuota(
                            c, UsageCounters.impossible(held, maxSize, maxFiles).orElseThrow());
                }
                items.add(step);
            }
            // A token per attempt: the SDK's own retries of one attempt are idempotent, and an
            // attempt
            // that was cancelled changed nothing, so the next one is a new request.
            String token = lease.id().substring(0, 32) + "-" + attempt;
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(items).clientRequestToken(token));
            } catch (TransactionCanceledException e) {
                if (Conflicts.isConflict(e)) {
                    if (attempt >= CREATE_ATTEMPTS) {
                        throw e;
                    }
                    pause(attempt);
                    continue;
                }
                Optional<Reservation> refused = refusal(lease, counters, held, bounded, e);
                if (refused.isPresent()) {
                    return refused.get();
                }
                if (attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
                continue; // a counter whose item is gone was dropped: try again without it
            }
            lease.state = phase == Phase.LIVE ? QuotaLease.State.LIVE : QuotaLease.State.COMPLETING;
            lease.held = held;
            live.add(lease);
            return new Reservation.Reserved();
        }
    }

    /**
     * Reads a cancelled creation: a refused counter, or (empty) counters dropped because their item
     * is gone.
     */
    private Optional<Reservation> refusal(
            QuotaLease lease,
            List<QuotaScope.Counter> counters,
            Held held,
            boolean bounded,
            TransactionCanceledException e) {
        List<CancellationReason> reasons =
                e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        boolean dropped = false;
        for (int i = 0; i < counters.size(); i++) {
            CancellationReason reason = i + 1 < reasons.size() ? reasons.get(i + 1) : null;
            if (reason == null || !"ConditionalCheckFailed".equals(reason.code())) {
                continue;
            }
            QuotaScope.Counter c = counters.get(i);
            Optional<UsageCounters.Limit> limit =
                    counters(c)
                            .current(c.key())
                            .map(now -> UsageCounters.refusal(now, held.bytes(), held.files()));
            if (limit.isEmpty()) {
                log.warn(
                        "usage counter of {} {} is gone; {} does not charge it",
                        c.owner(),
                        c.key(),
                        lease);
                lease.drop(c);
                dropped = true;
            } else if (bounded || limit.get() == UsageCounters.Limit.RANGE) {
                return Optional.of(new Reservation.OverQuota(c, limit.get()));
            }
        }
        if (!dropped) {
            throw e; // not a refusal: the lease record's own condition, or a validation error
        }
        return Optional.empty();
    }

    private void giveBack(QuotaLease lease, List<QuotaScope.Counter> taken, long bytes, int files) {
        for (QuotaScope.Counter c : taken) {
            try {
                counters(c).addToEntry(c.key(), lease.id(), -bytes, -files, 0, 0, clock.millis());
            } catch (RuntimeException e) {
                // The entry then holds more than this process thinks; commit and release read the
                // real amount, and a reaper releases it all.
                log.warn(
                        "could not give back {} bytes of {} in {} {}: {}",
                        bytes,
                        lease,
                        c.owner(),
                        c.key(),
                        e.toString());
            }
        }
    }

    /**
     * How a reaper ended a lease this process held: SETTLED, or RELEASED (also when its record is
     * gone or was replaced).
     */
    private Outcome outcome(String leaseId) {
        var response =
                dynamoDb.getItem(b -> b.tableName(table).key(key(leaseId)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Outcome.RELEASED;
        }
        AttributeValue outcome = response.item().get(OUTCOME);
        return outcome != null && Outcome.SETTLED.name().equals(outcome.s())
                ? Outcome.SETTLED
                : Outcome.RELEASED;
    }

    private void delete(QuotaLease lease) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(lease.id())));
    }

    private void end(QuotaLease lease) {
        lease.state = QuotaLease.State.ENDED;
        live.remove(lease);
    }

    private void lost(QuotaLease lease) {
        lease.state = QuotaLease.State.LOST;
        live.remove(lease);
    }

    private Map<String, AttributeValue> record(
            QuotaLease lease, List<QuotaScope.Counter> counters, Phase phase, long now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(lease.id()));
        item.put(NODE, s(owner.node()));
        item.put(INCARNATION, s(owner.incarnation()));
        item.put(SESSION, s(lease.session()));
        item.put(
                COUNTERS,
                AttributeValue.fromL(
                        counters.stream()
                                .map(
                                        c ->
                                                AttributeValue.fromM(
                                                        Map.of(
                                                                "owner",
                                                                s(c.owner().name()),
                                                                "key",
                                                                s(c.key()))))
                                .toList()));
        item.put(PHASE, s(phase.name()));
        item.put(CREATED, n(now));
        item.put(EXPIRES, n(now + length.toMillis()));
        item.put(PURGE, n(purgeAt(now + length.toMillis())));
        lease.object()
                .ifPresent(
                        o -> {
                            item.put(BUCKET, s(o.bucket()));
                            item.put(OBJECT_KEY, s(o.key()));
                            item.put(STORAGE, s(o.storage().name()));
                            item.put(STORAGE_NAME, s(o.storageName()));
                        });
        if (lease.uploadId != null) {
            item.put(UPLOAD_ID, s(lease.uploadId));
        }
        if (phase == Phase.COMPLETING) {
            item.put(SETTLE_BYTES, n(lease.settleBytes));
            item.put(SETTLE_FILES, n(lease.settleFiles));
        }
        return item;
    }

    private UsageCounters counters(QuotaScope.Counter c) {
        return c.owner() == QuotaScope.Owner.USER ? users : folders;
    }

    /** TTL (epoch seconds): long after the lease would lapse, so a reaper always sees it first. */
    static long purgeAt(long expiresMillis) {
        return (expiresMillis + UNREAPED_KEPT.toMillis()) / 1000;
    }

    static Map<String, AttributeValue> key(String leaseId) {
        return Map.of(ID, s(leaseId));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void pause(int attempt) {
        long cap = Math.min(400, 10L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
