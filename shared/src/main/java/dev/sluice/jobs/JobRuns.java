package dev.sluice.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.dynamo.Conflicts;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Job runs in DynamoDB ({@link Tables#JOB_RUNS}).
 *
 * <p>A subject (a user, a folder, a policy) has at most one run of a kind at a time: starting one
 * takes a lock item under a lease, in the same transaction that stores the run; every checkpoint
 * renews the lease and is conditional on the run's step, so a redelivered message and a stale
 * invocation can never both advance a run, and a run whose lease lapsed (its worker died and its
 * message went to the dead-letter queue) no longer blocks its subject.
 */
public final class JobRuns {

    /**
     * How long a run holds its subject without a checkpoint. Longer than a job invocation (15
     * minutes) plus the time a re-queued continuation may wait behind other messages.
     */
    public static final Duration LEASE = Duration.ofHours(2);

    private static final ObjectReader READER =
            Json.mapper()
                    .readerFor(JobRun.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What starting a run did. */
    public sealed interface Start permits Started, Busy {}

    /** Stored, with its subject locked. */
    public record Started(JobRun run) implements Start {}

    /** Another run of the kind holds the subject (SFTPGo answers 409). */
    public record Busy(String runningId) implements Start {}

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Duration history;

    /**
     * @param history how long finished runs stay readable before TTL removes them
     */
    public JobRuns(DynamoDbClient dynamoDb, TableNames names, Clock clock, Duration history) {
        this.dynamoDb = dynamoDb;
        this.table = names.of(Tables.JOB_RUNS);
        this.clock = clock;
        this.history = history;
    }

    /** Stores a new run and locks its subject, or says who holds it. */
    public Start start(JobRun run) {
        long now = clock.millis();
        long lease = now + LEASE.toMillis();
        Map<String, AttributeValue> lock = new HashMap<>();
        lock.put("id", s(lockId(run.kind(), run.subject())));
        lock.put("run_id", s(run.id()));
        lock.put("lease_until", n(lease));
        lock.put("purge_at", n(lease / 1000 + Duration.ofDays(1).toSeconds()));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(
                TransactWriteItem.builder()
                        .put(
                                p ->
                                        p.tableName(table)
                                                .item(lock)
                                                .conditionExpression(
                                                        "attribute_not_exists(id) OR lease_until < :now")
                                                .expressionAttributeValues(Map.of(":now", n(now))))
                        .build());
        items.add(
                TransactWriteItem.builder()
                        .put(
                                p ->
                                        p.tableName(table)
                                                .item(item(run, lease))
                                                .conditionExpression("attribute_not_exists(id)"))
                        .build());
        // A child counts itself in its parent in the transaction that creates it, so a fan-out
        // retried after a crash neither loses nor doubles a child.
        run.parentRun().ifPresent(parent -> items.add(pendingStep(parent, 1)));
        try {
            transact(items);
            return new Started(run);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                // The run itself exists: a redelivered request that already started it.
                return get(run.id()).<Start>map(Started::new).orElse(new Busy(run.id()));
            }
            return new Busy(holder(run.kind(), run.subject()).orElse(""));
        }
    }

    /**
     * One transaction, retried while it only collided with another one (a policy's checks end at
     * once and each counts itself out of the same parent item).
     */
    private void transact(List<TransactWriteItem> items) {
        Conflicts.retry(() -> dynamoDb.transactWriteItems(t -> t.transactItems(items)));
    }

    private TransactWriteItem pendingStep(String parent, long delta) {
        return TransactWriteItem.builder()
                .update(
                        u ->
                                u.tableName(table)
                                        .key(Map.of("id", s(parent)))
                                        .updateExpression("ADD pending :d")
                                        .conditionExpression("attribute_exists(id)")
                                        .expressionAttributeValues(Map.of(":d", n(delta))))
                .build();
    }

    /** The run holding {@code subject}'s lock, if a live one does. */
    public Optional<String> holder(JobKind kind, String subject) {
        var item =
                dynamoDb.getItem(
                                g ->
                                        g.tableName(table)
                                                .key(Map.of("id", s(lockId(kind, subject))))
                                                .consistentRead(true))
                        .item();
        if (item == null
                || item.isEmpty()
                || Long.parseLong(item.get("lease_until").n()) < clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(item.get("run_id").s());
    }

    public Optional<JobRun> get(String id) {
        var item =
                dynamoDb.getItem(
                                g ->
                                        g.tableName(table)
                                                .key(Map.of("id", s(id)))
                                                .consistentRead(true))
                        .item();
        if (item == null || item.isEmpty() || !item.containsKey("doc")) {
            return Optional.empty();
        }
        return Optional.of(read(item));
    }

    /**
     * Saves {@code run}'s checkpoint, renews its lease, and applies {@code alongside} (counter
     * changes) in one transaction, if the stored run is still at {@code run.step()} and still holds
     * its lock. Empty when it is not: another invocation advanced it or took the subject over, and
     * this one must stop.
     */
    public Optional<JobRun> save(JobRun run, List<TransactWriteItem> alongside) {
        return save(run, alongside, 0);
    }

    /**
     * {@link #save}, also adding {@code pendingDelta} to the run's count of children still running
     * (a policy run's fan-out: the children it just started are counted in the same transaction
     * that moves its cursor past them).
     */
    public Optional<JobRun> save(JobRun run, List<TransactWriteItem> alongside, long pendingDelta) {
        JobRun next = run.atStep(run.step() + 1);
        long lease = clock.millis() + LEASE.toMillis();
        List<TransactWriteItem> items = new ArrayList<>(alongside);
        items.add(update(next, run.step(), lease, pendingDelta));
        items.add(renewLock(run, lease));
        try {
            transact(items);
            return Optional.of(next);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            int own = alongside.size();
            boolean lost = false;
            for (int i = own; i < reasons.size(); i++) {
                lost |= "ConditionalCheckFailed".equals(reasons.get(i).code());
            }
            if (lost) {
                return Optional.empty();
            }
            boolean refused = false;
            for (int i = 0; i < Math.min(own, reasons.size()); i++) {
                refused |= "ConditionalCheckFailed".equals(reasons.get(i).code());
            }
            if (refused) {
                throw new CountersRefused(e);
            }
            // Still colliding after the retries: nothing was written; the caller's message is
            // retried and the step redone.
            throw e;
        }
    }

    /** {@link #save} refused because a counter change in {@code alongside} did not fit. */
    public static final class CountersRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CountersRefused(Throwable cause) {
            super("a usage counter change did not fit its range", cause);
        }
    }

    /**
     * Stores the finished (or failed) run, frees its subject and starts its history period. Empty
     * when the run was advanced or taken over meanwhile (nothing is written).
     */
    public Optional<JobRun> finish(JobRun run) {
        JobRun next = run.atStep(run.step() + 1);
        TransactWriteItem own = update(next, run.step(), 0, 0);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(own);
        items.add(releaseLock(run));
        run.parentRun().ifPresent(parent -> items.add(pendingStep(parent, -1)));
        try {
            transact(items);
            return Optional.of(next);
        } catch (TransactionCanceledException e) {
            return Optional.empty();
        }
    }

    private TransactWriteItem releaseLock(JobRun run) {
        return TransactWriteItem.builder()
                .delete(
                        d ->
                                d.tableName(table)
                                        .key(Map.of("id", s(lockId(run.kind(), run.subject()))))
                                        .conditionExpression("run_id = :me")
                                        .expressionAttributeValues(Map.of(":me", s(run.id()))))
                .build();
    }

    /** Runs of {@code kind} still running (whose lease has not lapsed), oldest first. */
    public List<JobRun> running(JobKind kind) {
        List<JobRun> out = new ArrayList<>();
        long now = clock.millis();
        for (var item :
                query(Tables.JOBS_RUNNING_INDEX, "running", kind.id(), true, Integer.MAX_VALUE)) {
            if (Long.parseLong(item.getOrDefault("lease_until", n(0)).n()) >= now) {
                out.add(read(item));
            }
        }
        out.sort(java.util.Comparator.comparingLong(JobRun::startedAt));
        return out;
    }

    /** The newest {@code limit} runs of {@code kind}, finished or not, newest first. */
    public List<JobRun> history(JobKind kind, int limit) {
        List<JobRun> out = new ArrayList<>();
        for (var item : query(Tables.JOBS_BY_KIND_INDEX, "kind", kind.id(), false, limit)) {
            out.add(read(item));
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /**
     * The runs started by {@code parentId} (a policy run, a daily scan), lazily, a page at a time.
     * The index is eventually consistent: a child it still shows running is read again by key, so a
     * parent concluding after its last child ended sees every child as it ended.
     */
    public Iterable<JobRun> children(String parentId) {
        return () -> {
            Iterator<Map<String, AttributeValue>> items =
                    query(Tables.JOBS_BY_PARENT_INDEX, "parent", parentId, true, Integer.MAX_VALUE)
                            .iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return items.hasNext();
                }

                @Override
                public JobRun next() {
                    JobRun child = read(items.next());
                    return child.running() ? get(child.id()).orElse(child) : child;
                }
            };
        };
    }

    /**
     * Adds {@code delta} to a parent run's count of children still running and returns the new
     * count (atomic: each child's end is counted once, because only the child's own {@link #finish}
     * transaction reaches this call, once).
     */
    public long addPending(String parentId, long delta) {
        var response =
                dynamoDb.updateItem(
                        u ->
                                u.tableName(table)
                                        .key(Map.of("id", s(parentId)))
                                        .updateExpression("ADD pending :d")
                                        .conditionExpression("attribute_exists(id)")
                                        .expressionAttributeValues(Map.of(":d", n(delta)))
                                        .returnValues(ReturnValue.UPDATED_NEW));
        return Long.parseLong(response.attributes().get("pending").n());
    }

    /**
     * Claims the one-time step of finishing a parent run: true for exactly one caller, however many
     * children end at once and however often a message is redelivered.
     */
    public boolean claim(String runId, String what) {
        try {
            dynamoDb.updateItem(
                    u ->
                            u.tableName(table)
                                    .key(Map.of("id", s(runId)))
                                    .updateExpression("SET #c = :t")
                                    .conditionExpression(
                                            "attribute_exists(id) AND attribute_not_exists(#c)")
                                    .expressionAttributeNames(Map.of("#c", "claimed_" + what))
                                    .expressionAttributeValues(Map.of(":t", n(clock.millis()))));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The children still pending under {@code parentId}. */
    public long pending(String parentId) {
        var item =
                dynamoDb.getItem(
                                g ->
                                        g.tableName(table)
                                                .key(Map.of("id", s(parentId)))
                                                .consistentRead(true))
                        .item();
        return item == null || !item.containsKey("pending")
                ? 0
                : Long.parseLong(item.get("pending").n());
    }

    /**
     * The conditional update of a run's item to {@code next}: an update, not a put, so the children
     * count and the claims kept beside the document survive it.
     */
    private TransactWriteItem update(
            JobRun next, long expectedStep, long lease, long pendingDelta) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":doc", s(Json.write(next)));
        values.put(":next", n(next.step()));
        values.put(":step", n(expectedStep));
        StringBuilder set = new StringBuilder("SET doc = :doc, step = :next");
        String remove = "";
        if (next.running()) {
            // A run whose worker dies stops being checkpointed: it expires a history period after
            // its last lease, like a finished one.
            set.append(", lease_until = :lease, purge_at = :purge");
            values.put(":lease", n(lease));
            values.put(":purge", n(purgeAfter(lease)));
        } else {
            set.append(", purge_at = :purge");
            values.put(
                    ":purge",
                    n(
                            clock.millis() / 1000
                                    + history.toSeconds()
                                    + Duration.ofDays(1).toSeconds()));
            remove = " REMOVE running, lease_until";
        }
        String add = "";
        if (pendingDelta != 0) {
            add = " ADD pending :pending";
            values.put(":pending", n(pendingDelta));
        }
        String expression = set + add + remove;
        return TransactWriteItem.builder()
                .update(
                        u ->
                                u.tableName(table)
                                        .key(Map.of("id", s(next.id())))
                                        .updateExpression(expression)
                                        .conditionExpression("step = :step")
                                        .expressionAttributeValues(values))
                .build();
    }

    private TransactWriteItem renewLock(JobRun run, long lease) {
        return TransactWriteItem.builder()
                .update(
                        u ->
                                u.tableName(table)
                                        .key(Map.of("id", s(lockId(run.kind(), run.subject()))))
                                        .updateExpression(
                                                "SET lease_until = :lease, purge_at = :purge")
                                        .conditionExpression("run_id = :me")
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":lease",
                                                        n(lease),
                                                        ":purge",
                                                        n(
                                                                lease / 1000
                                                                        + Duration.ofDays(1)
                                                                                .toSeconds()),
                                                        ":me",
                                                        s(run.id()))))
                .build();
    }

    private Iterable<Map<String, AttributeValue>> query(
            String index, String key, String value, boolean forward, int limit) {
        return () ->
                new Iterator<>() {
                    private Iterator<Map<String, AttributeValue>> page =
                            List.<Map<String, AttributeValue>>of().iterator();
                    private Map<String, AttributeValue> start;
                    private boolean done;

                    @Override
                    public boolean hasNext() {
                        while (!page.hasNext() && !done) {
                            QueryResponse r =
                                    dynamoDb.query(
                                            q ->
                                                    q.tableName(table)
                                                            .indexName(index)
                                                            .keyConditionExpression("#k = :v")
                                                            .expressionAttributeNames(
                                                                    Map.of("#k", key))
                                                            .expressionAttributeValues(
                                                                    Map.of(":v", s(value)))
                                                            .scanIndexForward(forward)
                                                            .limit(Math.min(limit, 500))
                                                            .exclusiveStartKey(start));
                            page = r.items().iterator();
                            start =
                                    r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                                            ? r.lastEvaluatedKey()
                                            : null;
                            done = start == null;
                        }
                        return page.hasNext();
                    }

                    @Override
                    public Map<String, AttributeValue> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return page.next();
                    }
                };
    }

    private Map<String, AttributeValue> item(JobRun run, long lease) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(run.id()));
        item.put("doc", s(Json.write(run)));
        item.put("step", n(run.step()));
        item.put("kind", s(run.kind().id()));
        item.put("started_at", n(run.startedAt()));
        run.parentRun().ifPresent(p -> item.put("parent", s(p)));
        if (run.running()) {
            item.put("running", s(run.kind().id()));
            item.put("lease_until", n(lease));
            item.put("purge_at", n(purgeAfter(lease)));
        }
        return item;
    }

    /** When a run's item may expire: a history period (plus a day) after {@code millis}. */
    private long purgeAfter(long millis) {
        return millis / 1000 + history.toSeconds() + Duration.ofDays(1).toSeconds();
    }

    private static JobRun read(Map<String, AttributeValue> item) {
        try {
            JobRun run = READER.readValue(item.get("doc").s());
            return run.atStep(Long.parseLong(item.get("step").n()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable job run " + item.get("id"), e);
        }
    }

    static String lockId(JobKind kind, String subject) {
        return "lock#" + kind.id() + "#" + subject;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
