package dev.sluice.quota;

import static dev.sluice.quota.QuotaLeases.BUCKET;
import static dev.sluice.quota.QuotaLeases.COUNTERS;
import static dev.sluice.quota.QuotaLeases.EXPIRES;
import static dev.sluice.quota.QuotaLeases.ID;
import static dev.sluice.quota.QuotaLeases.INCARNATION;
import static dev.sluice.quota.QuotaLeases.NODE;
import static dev.sluice.quota.QuotaLeases.OBJECT_KEY;
import static dev.sluice.quota.QuotaLeases.OUTCOME;
import static dev.sluice.quota.QuotaLeases.PHASE;
import static dev.sluice.quota.QuotaLeases.PURGE;
import static dev.sluice.quota.QuotaLeases.SETTLE_BYTES;
import static dev.sluice.quota.QuotaLeases.SETTLE_FILES;
import static dev.sluice.quota.QuotaLeases.STORAGE;
import static dev.sluice.quota.QuotaLeases.STORAGE_NAME;
import static dev.sluice.quota.QuotaLeases.UPLOAD_ID;
import static dev.sluice.quota.QuotaLeases.n;
import static dev.sluice.quota.QuotaLeases.s;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.dynamo.UsageCounters.Held;
import dev.sluice.quota.QuotaLeases.Outcome;
import dev.sluice.quota.QuotaLeases.Phase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Ends the quota leases whose owners are gone: a lapsed lease (not renewed within its length) is
 * released (its reservations leave the counters) or, when its upload completed before the owner
 * died, settled (the object's metadata names the lease). Each lease is ended by one transaction
 * that marks its record DONE (with the outcome, for an owner that comes back late) and removes its
 * entries from the counters, conditional on the record and the entries being as read: of several
 * reapers racing, one wins and the others change nothing.
 *
 * <p>Run by every SFTP task on a timer, by the local mode at start ({@link #reapAll()}) and by the
 * quota scan before it counts.
 */
public final class QuotaReaper {

    private static final Logger log = LoggerFactory.getLogger(QuotaReaper.class);

    /** What a round did. */
    public record Result(int released, int settled, int skipped) {
        public int reaped() {
            return released + settled;
        }
    }

    private enum Ended {
        RELEASED,
        SETTLED,
        SKIPPED
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final UsageCounters users;
    private final UsageCounters folders;
    private final ObjectProbe probe;
    private final Clock clock;
    private final boolean abortUploads;

    /**
     * @param abortUploads also abort the multipart upload of each released lease (the SFTP tasks
     *     and the local mode may; the quota scan job has no right to, and leaves it to the bucket's
     *     lifecycle rule)
     */
    public QuotaReaper(
            DynamoDbClient dynamoDb,
            TableNames names,
            UsageCounters users,
            UsageCounters folders,
            ObjectProbe probe,
            Clock clock,
            boolean abortUploads) {
        this.dynamoDb = dynamoDb;
        this.table = names.of(Tables.QUOTA_LEASES);
        this.users = users;
        this.folders = folders;
        this.probe = probe;
        this.clock = clock;
        this.abortUploads = abortUploads;
    }

    /** Ends every lease that lapsed (its owner did not renew it in time). */
    public Result reapLapsed() {
        long now = clock.millis();
        return reap("#e < :now", Map.of("#e", EXPIRES), Map.of(":now", n(now)), now);
    }

    /**
     * Ends every live lease, lapsed or not: for a process that owns the whole store and has not
     * started serving yet (the local mode at start), every lease is a dead run's.
     */
    public Result reapAll() {
        return reap(null, Map.of(), Map.of(), clock.millis());
    }

    private Result reap(
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values,
            long now) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#p", PHASE);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":live", s(Phase.LIVE.name()));
        allValues.put(":c", s(Phase.COMPLETING.name()));
        String filter = "(#p = :live OR #p = :c)" + (condition == null ? "" : " AND " + condition);
        int released = 0;
        int settled = 0;
        int skipped = 0;
        for (Map<String, AttributeValue> item :
                dynamoDb.scanPaginator(
                                b ->
                                        b.tableName(table)
                                                .consistentRead(true)
                                                .filterExpression(filter)
                                                .expressionAttributeNames(allNames)
                                                .expressionAttributeValues(allValues))
                        .items()) {
            Ended ended;
            try {
                ended = reapOne(item, now);
            } catch (RuntimeException e) {
                log.warn(
                        "could not reap quota lease {} (next round): {}",
                        item.get(ID).s(),
                        e.toString());
                ended = Ended.SKIPPED;
            }
            switch (ended) {
                case RELEASED -> released++;
                case SETTLED -> settled++;
                case SKIPPED -> skipped++;
            }
        }
        if (released + settled + skipped > 0) {
            log.info(
                    "quota leases reaped: {} released, {} settled, {} left for the next round",
                    released,
                    settled,
                    skipped);
        }
        return new Result(released, settled, skipped);
    }

    private Ended reapOne(Map<String, AttributeValue> item, long now) {
        String id = item.get(ID).s();
        AttributeValue phase = item.get(PHASE);
        AttributeValue expires = item.get(EXPIRES);
        Optional<LeasedObject> object = object(item);
        Outcome outcome = Outcome.RELEASED;
        if (Phase.COMPLETING.name().equals(phase.s()) && object.isPresent()) {
            switch (probe.completion(object.get(), id)) {
                case COMPLETED -> outcome = Outcome.SETTLED;
                case NOT_COMPLETED -> outcome = Outcome.RELEASED;
                case UNKNOWN -> {
                    if (now - Long.parseLong(expires.n()) < QuotaLeases.DONE_KEPT.toMillis()) {
                        return Ended.SKIPPED;
                    }
                    log.warn(
                            "quota lease {}: s3://{}/{} cannot be checked for a day; releasing its reservation",
                            id,
                            object.get().bucket(),
                            object.get().key());
                }
            }
        }
        long settleBytes = number(item.get(SETTLE_BYTES));
        int settleFiles = (int) number(item.get(SETTLE_FILES));

        List<TransactWriteItem> steps = new ArrayList<>();
        Outcome decided = outcome;
        steps.add(
                TransactWriteItem.builder()
                        .update(
                                u ->
                                        u.tableName(table)
                                                .key(QuotaLeases.key(id))
                                                .updateExpression(
                                                        "SET #p = :done, #o = :outcome, #purge = :purge, #r = :now")
                                                .conditionExpression("#p = :seen AND #e = :expires")
                                                .expressionAttributeNames(
                                                        Map.of(
                                                                "#p",
                                                                PHASE,
                                                                "#o",
                                                                OUTCOME,
                                                                "#purge",
                                                                PURGE,
                                                                "#r",
                                                                "reaped_at",
                                                                "#e",
                                                                EXPIRES))
                                                .expressionAttributeValues(
                                                        Map.of(
                                                                ":done",
                                                                s(Phase.DONE.name()),
                                                                ":outcome",
                                                                s(decided.name()),
                                                                ":purge",
                                                                n(
                                                                        (now
                                                                                        + QuotaLeases
                                                                                                .DONE_KEPT
                                                                                                .toMillis())
                                                                                / 1000),
                                                                ":now",
                                                                n(now),
                                                                ":seen",
                                                                phase,
                                                                ":expires",
                                                                expires)))
                        .build());
        for (AttributeValue counter : item.get(COUNTERS).l()) {
            QuotaScope.Owner kind = QuotaScope.Owner.valueOf(counter.m().get("owner").s());
            String key = counter.m().get("key").s();
            UsageCounters counters = kind == QuotaScope.Owner.USER ? users : folders;
            Optional<Held> held = counters.entry(key, id);
            if (held.isEmpty()) {
                continue; // its owner settled or released it already, or the user or folder is gone
            }
            Held h = held.get();
            long sizeDelta = outcome == Outcome.SETTLED ? settleBytes - h.bytes() : -h.bytes();
            int filesDelta = outcome == Outcome.SETTLED ? settleFiles - h.files() : -h.files();
            steps.add(counters.removeEntryStep(key, id, h, sizeDelta, filesDelta, now));
        }
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(steps));
        } catch (TransactionCanceledException e) {
            // Another reaper won, the owner renewed or changed it meanwhile: look again next round.
            log.debug("quota lease {} changed while reaping: {}", id, e.getMessage());
            return Ended.SKIPPED;
        }
        log.info(
                "quota lease {} of {}/{} ({}) {}",
                id,
                item.get(NODE).s(),
                item.get(INCARNATION).s(),
                item.containsKey(QuotaLeases.SESSION) ? item.get(QuotaLeases.SESSION).s() : "?",
                outcome == Outcome.SETTLED ? "settled: its upload had completed" : "released");
        if (outcome == Outcome.RELEASED
                && abortUploads
                && object.isPresent()
                && item.containsKey(UPLOAD_ID)) {
            probe.abortUpload(object.get(), item.get(UPLOAD_ID).s());
        }
        return outcome == Outcome.SETTLED ? Ended.SETTLED : Ended.RELEASED;
    }

    private static Optional<LeasedObject> object(Map<String, AttributeValue> item) {
        if (!item.containsKey(BUCKET)
                || !item.containsKey(OBJECT_KEY)
                || !item.containsKey(STORAGE)
                || !item.containsKey(STORAGE_NAME)) {
            return Optional.empty();
        }
        return Optional.of(
                new LeasedObject(
                        item.get(BUCKET).s(),
                        item.get(OBJECT_KEY).s(),
                        QuotaScope.Owner.valueOf(item.get(STORAGE).s()),
                        item.get(STORAGE_NAME).s()));
    }

    private static long number(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
