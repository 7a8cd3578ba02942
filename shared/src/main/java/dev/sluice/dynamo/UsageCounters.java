package dev.sluice.dynamo;

import dev.sluice.quota.QuotaUsage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Quota usage counters kept beside an entity's document, changed with DynamoDB's atomic {@code ADD}
 * so concurrent uploads on different tasks never lose an increment.
 *
 * <p>Range: {@code used_quota_size} stays within 0..2^63-1 and {@code used_quota_files} within
 * 0..2^31-1 (SFTPGo's int64 and int32). DynamoDB numbers have 38 digits, so an unguarded ADD would
 * pass int64 silently: every increase is conditional on the result staying in range. A stored value
 * outside the range (written by hand or by an older version) is read clamped into it and logged,
 * never an error: a listing or a login must not fail on a counter.
 *
 * <p>Leases: what an upload in flight has reserved is recorded in the same item, one map attribute
 * per lease ({@code quota_lease_<id>} = {@code {b: bytes, f: files}}), changed by the same atomic
 * update as the counters. The counters and the reservations inside them can therefore never
 * disagree, and whoever removes a lease's entry (its owner settling or releasing it, or a reaper)
 * accounts for it exactly once ({@code dev.sluice.quota.QuotaLeases}).
 */
public final class UsageCounters {

    public static final String USED_SIZE = "used_quota_size";
    public static final String USED_FILES = "used_quota_files";
    public static final String LAST_UPDATE = "last_quota_update";

    /**
     * Incremented by every change, so a reset can tell that nothing moved between its read and its
     * write.
     */
    public static final String CHANGES = "quota_changes";

    /** Prefix of the per-lease reservation entries. */
    public static final String LEASE_PREFIX = "quota_lease_";

    private static final Logger log = LoggerFactory.getLogger(UsageCounters.class);
    private static final int CAS_ATTEMPTS = 25;

    /** What stopped an increase: the quota's limit, or the counter's own range. */
    public enum Limit {
        QUOTA,
        RANGE
    }

    /** The outcome of a change of the counters. */
    public sealed interface Change permits Changed, Refused, Missing, EntryGone {}

    public record Changed(QuotaUsage usage) implements Change {}

    /** The result would pass a limit; nothing changed. */
    public record Refused(Limit limit) implements Change {}

    /** The item (user or folder) does not exist. */
    public record Missing() implements Change, Removal, Adjustment {}

    /**
     * The lease has no entry in this item any more: a reaper released it, or the item was replaced.
     */
    public record EntryGone() implements Change {}

    /** The outcome of removing a lease's entry. */
    public sealed interface Removal permits Removed, Differs, Absent, Missing {}

    public record Removed() implements Removal {}

    /**
     * The entry holds other amounts than expected (a write the SDK retried counted twice): retry
     * with these.
     */
    public record Differs(Held actual) implements Removal {}

    /** No entry for the lease: someone else already accounted for it. */
    public record Absent() implements Removal {}

    /** The outcome of an administrator's {@code mode=add}. */
    public sealed interface Adjustment permits Adjusted, OutOfRange, Missing {}

    public record Adjusted(QuotaUsage usage) implements Adjustment {}

    /** The result would exceed {@code max} in {@code field}; nothing changed. */
    public record OutOfRange(String field, long max) implements Adjustment {}

    /** What one lease holds in one counter item. */
    public record Held(long bytes, int files) {
        public static final Held NONE = new Held(0, 0);
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String keyName;

    public UsageCounters(DynamoDbClient dynamoDb, String tableName, String keyName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.keyName = keyName;
    }

    public String tableName() {
        return tableName;
    }

    /** Initial counter attributes for a new item. */
    public static Map<String, AttributeValue> initial(QuotaUsage usage) {
        return Map.of(
                USED_SIZE, DocumentTable.n(usage.usedQuotaSize()),
                USED_FILES, DocumentTable.n(usage.usedQuotaFiles()),
                LAST_UPDATE, DocumentTable.n(usage.lastQuotaUpdate()));
    }

    /** The attribute holding lease {@code leaseId}'s entry. */
    public static String entryAttribute(String leaseId) {
        return LEASE_PREFIX + leaseId;
    }

    /**
     * The counters of an item, clamped into range (a value outside it is logged, see the class
     * comment).
     */
    public QuotaUsage read(Map<String, AttributeValue> item) {
        String key = item.containsKey(keyName) ? item.get(keyName).s() : "?";
        return new QuotaUsage(
                clamped(item, USED_SIZE, QuotaUsage.MAX_SIZE, key),
                (int) clamped(item, USED_FILES, QuotaUsage.MAX_FILES, key),
                clamped(item, LAST_UPDATE, Long.MAX_VALUE, key));
    }

    /** The current counters (a strongly consistent read); empty when the item does not exist. */
    public Optional<QuotaUsage> current(String key) {
        return item(key).map(this::read);
    }

    /**
     * Adds (or, with negative deltas, subtracts) atomically, without a quota limit but within the
     * counter's range: {@link Changed}, {@link Refused} ({@link Limit#RANGE}) or {@link Missing}.
     */
    public Change add(String key, long sizeDelta, int filesDelta, long nowMillis) {
        return tryAdd(key, sizeDelta, filesDelta, 0, 0, nowMillis);
    }

    /**
     * Adds atomically only if the result stays within the limits (0 = unlimited) and the range; the
     * check and the increment are one conditional update, so two tasks cannot both take the last
     * bytes.
     */
    public Change tryAdd(
            String key,
            long sizeDelta,
            int filesDelta,
            long maxSize,
            int maxFiles,
            long nowMillis) {
        Map<String, String> names = names();
        Map<String, AttributeValue> values =
                new HashMap<>(
                        Map.of(
                                ":ds",
                                DocumentTable.n(sizeDelta),
                                ":df",
                                DocumentTable.n(filesDelta),
                                ":now",
                                DocumentTable.n(nowMillis),
                                ":one",
                                DocumentTable.n(1)));
        StringBuilder condition = new StringBuilder("attribute_exists(#k)");
        Optional<Limit> impossible =
                bound(condition, values, sizeDelta, filesDelta, maxSize, maxFiles);
        if (impossible.isPresent()) {
            return new Refused(impossible.get());
        }
        try {
            var response =
                    Conflicts.retry(
                            () ->
                                    dynamoDb.updateItem(
                                            b ->
                                                    b.tableName(tableName)
                                                            .key(key(key))
                                                            .updateExpression(
                                                                    "ADD #s :ds, #f :df, #c :one SET #t = :now")
                                                            .conditionExpression(
                                                                    condition.toString())
                                                            .expressionAttributeNames(names)
                                                            .expressionAttributeValues(values)
                                                            .returnValues(ReturnValue.ALL_NEW)
                                                            .returnValuesOnConditionCheckFailure(
                                                                    ReturnValuesOnConditionCheckFailure
                                                                            .ALL_OLD)));
            return new Changed(read(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return new Missing();
            }
            return new Refused(refusal(e.item(), sizeDelta, filesDelta));
        }
    }

    /**
     * An administrator's {@code mode=add}: adds the deltas to the current counters, a negative
     * result becoming zero, and refuses a result above the range ({@link OutOfRange}). One
     * conditional write, on the counters being what was read (compare-and-set, retried when an
     * upload changes them in between), so no concurrent change is lost or overwritten.
     */
    public Adjustment adjust(String key, long sizeDelta, long filesDelta, long nowMillis) {
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, AttributeValue>> found = item(key);
            if (found.isEmpty()) {
                return new Missing();
            }
            QuotaUsage now = read(found.get());
            BigInteger size =
                    BigInteger.valueOf(now.usedQuotaSize()).add(BigInteger.valueOf(sizeDelta));
            BigInteger files =
                    BigInteger.valueOf(now.usedQuotaFiles()).add(BigInteger.valueOf(filesDelta));
            if (size.compareTo(BigInteger.valueOf(QuotaUsage.MAX_SIZE)) > 0) {
                return new OutOfRange(USED_SIZE, QuotaUsage.MAX_SIZE);
            }
            if (files.compareTo(BigInteger.valueOf(QuotaUsage.MAX_FILES)) > 0) {
                return new OutOfRange(USED_FILES, QuotaUsage.MAX_FILES);
            }
            QuotaUsage next =
                    new QuotaUsage(
                            Math.max(0, size.longValue()),
                            Math.max(0, files.intValue()),
                            nowMillis);
            if (compareAndSet(key, found.get(), next)) {
                return new Adjusted(next);
            }
            if (attempt >= CAS_ATTEMPTS) {
                throw new IllegalStateException(
                        "the usage of " + key + " changed on every attempt; try again");
            }
        }
    }

    /**
     * Sets the counters (a quota scan's result or an administrator's reset) to {@code size} and
     * {@code files} plus what live leases hold in the item: those reservations are settled or
     * released later against these counters, so leaving them out would make the counters drift by
     * them. False when the item is gone.
     */
    public boolean set(String key, long size, int files, long nowMillis) {
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, AttributeValue>> found = item(key);
            if (found.isEmpty()) {
                return false;
            }
            Held held = heldByLeases(found.get());
            long withHeld =
                    BigInteger.valueOf(size)
                            .add(BigInteger.valueOf(held.bytes()))
                            .min(BigInteger.valueOf(QuotaUsage.MAX_SIZE))
                            .max(BigInteger.ZERO)
                            .longValue();
            int filesWithHeld =
                    (int) Math.max(0, Math.min(QuotaUsage.MAX_FILES, (long) files + held.files()));
            if (compareAndSet(
                    key, found.get(), new QuotaUsage(withHeld, filesWithHeld, nowMillis))) {
                return true;
            }
            if (attempt >= CAS_ATTEMPTS) {
                throw new IllegalStateException(
                        "the usage of " + key + " changed on every attempt; try again");
            }
        }
    }

    // ------------------------------------------------------------------ lease entries

    /** What lease {@code leaseId} holds in this item; empty when there is no entry (or no item). */
    public Optional<Held> entry(String key, String leaseId) {
        String attribute = entryAttribute(leaseId);
        var response =
                dynamoDb.getItem(
                        b ->
                                b.tableName(tableName)
                                        .key(key(key))
                                        .consistentRead(true)
                                        .projectionExpression("#l")
                                        .expressionAttributeNames(Map.of("#l", attribute)));
        return response.hasItem() ? held(response.item().get(attribute)) : Optional.empty();
    }

    /**
     * The transaction step of {@link #add}: adds the deltas within the counter's range, so that a
     * job can change usage and record that it did in one transaction (a retried step then cannot
     * count twice). {@code null} when the deltas can never fit the range.
     */
    public TransactWriteItem addStep(String key, long sizeDelta, int filesDelta, long nowMillis) {
        Map<String, AttributeValue> values =
                new HashMap<>(
                        Map.of(
                                ":ds",
                                DocumentTable.n(sizeDelta),
                                ":df",
                                DocumentTable.n(filesDelta),
                                ":now",
                                DocumentTable.n(nowMillis),
                                ":one",
                                DocumentTable.n(1)));
        StringBuilder condition = new StringBuilder("attribute_exists(#k)");
        if (bound(condition, values, sizeDelta, filesDelta, 0, 0).isPresent()) {
            return null;
        }
        // Never below zero: a counter already lower than what is taken away has drifted, and the
        // transaction is refused rather than storing a negative usage.
        if (sizeDelta < 0) {
            condition.append(" AND #s >= :mins");
            values.put(":mins", DocumentTable.n(-sizeDelta));
        }
        if (filesDelta < 0) {
            condition.append(" AND #f >= :minf");
            values.put(":minf", DocumentTable.n(-(long) filesDelta));
        }
        return TransactWriteItem.builder()
                .update(
                        u ->
                                u.tableName(tableName)
                                        .key(key(key))
                                        .updateExpression(
                                                "ADD #s :ds, #f :df, #c :one SET #t = :now")
                                        .conditionExpression(condition.toString())
                                        .expressionAttributeNames(names())
                                        .expressionAttributeValues(values))
                .build();
    }

    /**
     * The transaction step creating lease {@code leaseId}'s entry with {@code held} and adding it
     * to the counters, within the limits and the range; {@code null} when {@code held} can never
     * fit (see {@link #impossible}).
     */
    public TransactWriteItem createEntry(
            String key, String leaseId, Held held, long maxSize, int maxFiles, long nowMillis) {
        Map<String, String> names = names();
        names.put("#l", entryAttribute(leaseId));
        Map<String, AttributeValue> values =
                new HashMap<>(
                        Map.of(
                                ":ds",
                                DocumentTable.n(held.bytes()),
                                ":df",
                                DocumentTable.n(held.files()),
                                ":now",
                                DocumentTable.n(nowMillis),
                                ":one",
                                DocumentTable.n(1),
                                ":entry",
                                entryValue(held)));
        StringBuilder condition =
                new StringBuilder("attribute_exists(#k) AND attribute_not_exists(#l)");
        if (bound(condition, values, held.bytes(), held.files(), maxSize, maxFiles).isPresent()) {
            return null;
        }
        return TransactWriteItem.builder()
                .update(
                        u ->
                                u.tableName(tableName)
                                        .key(key(key))
                                        .updateExpression(
                                                "SET #l = :entry, #t = :now ADD #s :ds, #f :df, #c :one")
                                        .conditionExpression(condition.toString())
                                        .expressionAttributeNames(names)
                                        .expressionAttributeValues(values)
                                        .returnValuesOnConditionCheckFailure(
                                                ReturnValuesOnConditionCheckFailure.ALL_OLD))
                .build();
    }

    /** Why {@code held} can never be added within these limits, if it cannot. */
    public static Optional<Limit> impossible(Held held, long maxSize, int maxFiles) {
        return bound(
                new StringBuilder(),
                new HashMap<>(),
                held.bytes(),
                held.files(),
                maxSize,
                maxFiles);
    }

    /**
     * Adds to lease {@code leaseId}'s entry and to the counters in one conditional update, bounded
     * like {@link #tryAdd} when the deltas are positive. {@link EntryGone} when the entry is not
     * there.
     */
    public Change addToEntry(
            String key,
            String leaseId,
            long sizeDelta,
            int filesDelta,
            long maxSize,
            int maxFiles,
            long nowMillis) {
        Map<String, String> names = names();
        names.put("#l", entryAttribute(leaseId));
        Map<String, AttributeValue> values =
                new HashMap<>(
                        Map.of(
                                ":ds",
                                DocumentTable.n(sizeDelta),
                                ":df",
                                DocumentTable.n(filesDelta),
                                ":now",
                                DocumentTable.n(nowMillis),
                                ":one",
                                DocumentTable.n(1)));
        StringBuilder condition =
                new StringBuilder("attribute_exists(#k) AND attribute_exists(#l)");
        Optional<Limit> impossible =
                bound(condition, values, sizeDelta, filesDelta, maxSize, maxFiles);
        if (impossible.isPresent()) {
            return new Refused(impossible.get());
        }
        try {
            var response =
                    Conflicts.retry(
                            () ->
                                    dynamoDb.updateItem(
                                            b ->
                                                    b.tableName(tableName)
                                                            .key(key(key))
                                                            .updateExpression(
                                                                    "SET #l.b = #l.b + :ds, #l.f = #l.f + :df, #t = :now ADD #s :ds, #f :df, #c :one")
                                                            .conditionExpression(
                                                                    condition.toString())
                                                            .expressionAttributeNames(names)
                                                            .expressionAttributeValues(values)
                                                            .returnValues(ReturnValue.ALL_NEW)
                                                            .returnValuesOnConditionCheckFailure(
                                                                    ReturnValuesOnConditionCheckFailure
                                                                            .ALL_OLD)));
            return new Changed(read(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return new Missing();
            }
            if (!e.item().containsKey(entryAttribute(leaseId))) {
                return new EntryGone();
            }
            return new Refused(refusal(e.item(), sizeDelta, filesDelta));
        }
    }

    /**
     * Removes lease {@code leaseId}'s entry, if it holds exactly {@code expected}, and changes the
     * counters by the deltas in the same update (a release subtracts what the lease held; a commit
     * turns it into the upload's real contribution).
     */
    public Removal removeEntry(
            String key,
            String leaseId,
            Held expected,
            long sizeDelta,
            int filesDelta,
            long nowMillis) {
        String attribute = entryAttribute(leaseId);
        try {
            Conflicts.retry(
                    () ->
                            dynamoDb.updateItem(
                                    removal(
                                                    key,
                                                    leaseId,
                                                    expected,
                                                    sizeDelta,
                                                    filesDelta,
                                                    nowMillis)
                                            .returnValuesOnConditionCheckFailure(
                                                    ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                            .build()));
            return new Removed();
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return new Missing();
            }
            Optional<Held> actual = held(e.item().get(attribute));
            return actual.isEmpty() ? new Absent() : new Differs(actual.get());
        }
    }

    /**
     * {@link #removeEntry} as a transaction step (for a reaper: the lease's record changes with
     * it).
     */
    public TransactWriteItem removeEntryStep(
            String key,
            String leaseId,
            Held expected,
            long sizeDelta,
            int filesDelta,
            long nowMillis) {
        var request = removal(key, leaseId, expected, sizeDelta, filesDelta, nowMillis).build();
        return TransactWriteItem.builder()
                .update(
                        u ->
                                u.tableName(tableName)
                                        .key(request.key())
                                        .updateExpression(request.updateExpression())
                                        .conditionExpression(request.conditionExpression())
                                        .expressionAttributeNames(
                                                request.expressionAttributeNames())
                                        .expressionAttributeValues(
                                                request.expressionAttributeValues()))
                .build();
    }

    private software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.Builder removal(
            String key,
            String leaseId,
            Held expected,
            long sizeDelta,
            int filesDelta,
            long nowMillis) {
        Map<String, String> names = names();
        names.put("#l", entryAttribute(leaseId));
        return software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(key))
                .updateExpression("REMOVE #l SET #t = :now ADD #s :ds, #f :df, #c :one")
                .conditionExpression("attribute_exists(#k) AND #l.b = :b AND #l.f = :f")
                .expressionAttributeNames(names)
                .expressionAttributeValues(
                        Map.of(
                                ":ds",
                                DocumentTable.n(sizeDelta),
                                ":df",
                                DocumentTable.n(filesDelta),
                                ":now",
                                DocumentTable.n(nowMillis),
                                ":one",
                                DocumentTable.n(1),
                                ":b",
                                DocumentTable.n(expected.bytes()),
                                ":f",
                                DocumentTable.n(expected.files())));
    }

    /**
     * Why a conditional increase of an existing item failed: the range when the result would pass
     * it, else the quota.
     */
    public static Limit refusal(Map<String, AttributeValue> old, long sizeDelta, long filesDelta) {
        BigDecimal size = number(old.get(USED_SIZE)).add(BigDecimal.valueOf(sizeDelta));
        BigDecimal files = number(old.get(USED_FILES)).add(BigDecimal.valueOf(filesDelta));
        boolean range =
                (sizeDelta > 0 && size.compareTo(BigDecimal.valueOf(QuotaUsage.MAX_SIZE)) > 0)
                        || (filesDelta > 0
                                && files.compareTo(BigDecimal.valueOf(QuotaUsage.MAX_FILES)) > 0);
        return range ? Limit.RANGE : Limit.QUOTA;
    }

    /** {@link #refusal(Map, long, long)} from counters already read. */
    public static Limit refusal(QuotaUsage current, long sizeDelta, long filesDelta) {
        boolean range =
                (sizeDelta > 0
                                && BigInteger.valueOf(current.usedQuotaSize())
                                                .add(BigInteger.valueOf(sizeDelta))
                                                .compareTo(BigInteger.valueOf(QuotaUsage.MAX_SIZE))
                                        > 0)
                        || (filesDelta > 0
                                && current.usedQuotaFiles() + filesDelta > QuotaUsage.MAX_FILES);
        return range ? Limit.RANGE : Limit.QUOTA;
    }

    // ------------------------------------------------------------------ helpers

    private boolean compareAndSet(String key, Map<String, AttributeValue> seen, QuotaUsage next) {
        Map<String, String> names = names();
        Map<String, AttributeValue> values =
                new HashMap<>(
                        Map.of(
                                ":s",
                                DocumentTable.n(next.usedQuotaSize()),
                                ":f",
                                DocumentTable.n(next.usedQuotaFiles()),
                                ":now",
                                DocumentTable.n(next.lastQuotaUpdate()),
                                ":one",
                                DocumentTable.n(1)));
        String unchanged;
        if (seen.containsKey(CHANGES)) {
            unchanged = "#c = :seen";
            values.put(":seen", seen.get(CHANGES));
        } else {
            unchanged = "attribute_not_exists(#c)";
        }
        try {
            Conflicts.retry(
                    () ->
                            dynamoDb.updateItem(
                                    b ->
                                            b.tableName(tableName)
                                                    .key(key(key))
                                                    .updateExpression(
                                                            "SET #s = :s, #f = :f, #t = :now ADD #c :one")
                                                    .conditionExpression(
                                                            "attribute_exists(#k) AND " + unchanged)
                                                    .expressionAttributeNames(names)
                                                    .expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Appends the limit and range conditions of an increase; returns the limit when the increase
     * can never fit (then nothing must be sent).
     */
    private static Optional<Limit> bound(
            StringBuilder condition,
            Map<String, AttributeValue> values,
            long sizeDelta,
            long filesDelta,
            long maxSize,
            int maxFiles) {
        // DynamoDB conditions have no arithmetic: compare with (limit - delta) computed here.
        if (sizeDelta > 0) {
            long cap = maxSize > 0 ? maxSize : QuotaUsage.MAX_SIZE;
            if (sizeDelta > cap) {
                return Optional.of(maxSize > 0 ? Limit.QUOTA : Limit.RANGE);
            }
            condition.append(" AND (attribute_not_exists(#s) OR #s <= :maxs)");
            values.put(":maxs", DocumentTable.n(cap - sizeDelta));
        }
        if (filesDelta > 0) {
            long cap = maxFiles > 0 ? maxFiles : QuotaUsage.MAX_FILES;
            if (filesDelta > cap) {
                return Optional.of(maxFiles > 0 ? Limit.QUOTA : Limit.RANGE);
            }
            condition.append(" AND (attribute_not_exists(#f) OR #f <= :maxf)");
            values.put(":maxf", DocumentTable.n(cap - filesDelta));
        }
        return Optional.empty();
    }

    private Optional<Map<String, AttributeValue>> item(String key) {
        var response =
                dynamoDb.getItem(b -> b.tableName(tableName).key(key(key)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(response.item())
                : Optional.empty();
    }

    /** The sum of every lease entry in an item. */
    static Held heldByLeases(Map<String, AttributeValue> item) {
        long bytes = 0;
        long files = 0;
        for (var e : item.entrySet()) {
            if (e.getKey().startsWith(LEASE_PREFIX)) {
                Held h = held(e.getValue()).orElse(Held.NONE);
                bytes = saturated(bytes + h.bytes());
                files += h.files();
            }
        }
        return new Held(
                bytes, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, files)));
    }

    private static long saturated(long value) {
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private static Optional<Held> held(AttributeValue entry) {
        if (entry == null || !entry.hasM()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> m = entry.m();
        return Optional.of(new Held(number(m.get("b")).longValue(), number(m.get("f")).intValue()));
    }

    private static AttributeValue entryValue(Held held) {
        return AttributeValue.fromM(
                Map.of("b", DocumentTable.n(held.bytes()), "f", DocumentTable.n(held.files())));
    }

    private static BigDecimal number(AttributeValue value) {
        if (value == null || value.n() == null) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(value.n());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static long clamped(
            Map<String, AttributeValue> item, String name, long max, String key) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return 0;
        }
        BigDecimal number = value.n() == null ? null : parse(value.n());
        if (number != null
                && number.signum() >= 0
                && number.compareTo(BigDecimal.valueOf(max)) <= 0
                && number.stripTrailingZeros().scale() <= 0) {
            return number.longValueExact();
        }
        long clamped =
                number == null || number.signum() < 0
                        ? 0
                        : number.compareTo(BigDecimal.valueOf(max)) > 0
                                ? max
                                : number.setScale(0, RoundingMode.FLOOR).longValueExact();
        log.warn(
                "usage counter {} of \"{}\" holds {}, not an integer within 0..{}: read as {} (a quota scan or a"
                        + " usage reset repairs it)",
                name,
                key,
                value.n() != null ? value.n() : value.toString(),
                max,
                clamped);
        return clamped;
    }

    private static BigDecimal parse(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Map<String, String> names() {
        return new HashMap<>(
                Map.of(
                        "#k",
                        keyName,
                        "#s",
                        USED_SIZE,
                        "#f",
                        USED_FILES,
                        "#t",
                        LAST_UPDATE,
                        "#c",
                        CHANGES));
    }

    private Map<String, AttributeValue> key(String key) {
        return Map.of(keyName, DocumentTable.s(key));
    }
}
