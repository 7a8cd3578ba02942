package dev.sluice.dynamo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One entity per item: the key, the entity as a JSON document, a version for optimistic locking and
 * the constant listing partition. Counters that change under concurrent writers (quota usage) live
 * in their own numeric attributes, outside the document, so that document updates never overwrite
 * them ({@link UsageCounters}).
 *
 * <p>Every write is conditional: create fails when the key exists; update names the version it read
 * and fails if another writer got there first, so no update is ever lost.
 */
public final class DocumentTable<T> {

    private static final int MAX_UPDATE_ATTEMPTS = 5;

    /**
     * Longer keys cannot name a stored item (every stored key passed a name rule of at most 255
     * characters) and DynamoDB refuses keys over 2,048 bytes with an error: such lookups answer
     * "absent" without a call, so a hostile name is never a server error.
     */
    static final int MAX_KEY_BYTES = 1024;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String keyName;
    private final Class<T> type;
    private final Function<T, String> keyOf;

    /** Lenient on read: a document written by a newer version (an extra field) still loads. */
    private final ObjectReader reader;

    public DocumentTable(
            DynamoDbClient dynamoDb,
            String tableName,
            TableSpec spec,
            Class<T> type,
            Function<T, String> keyOf) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.keyName = spec.partitionKey().name();
        this.type = type;
        this.keyOf = keyOf;
        this.reader =
                Json.mapper()
                        .readerFor(type)
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public String tableName() {
        return tableName;
    }

    public String keyName() {
        return keyName;
    }

    /** Stores a new item; {@code extra} adds attributes outside the document (initial counters). */
    public WriteResult<T> create(T value, Map<String, AttributeValue> extra) {
        String key = keyOf.apply(value);
        Map<String, AttributeValue> item = new HashMap<>(extra);
        item.put(keyName, s(key));
        item.put(Tables.DOC, s(write(value)));
        item.put(Tables.VERSION, n(1));
        item.put(Tables.LIST_PARTITION, s(Tables.LIST_PARTITION_VALUE));
        try {
            dynamoDb.putItem(
                    b ->
                            b.tableName(tableName)
                                    .item(item)
                                    .conditionExpression("attribute_not_exists(#k)")
                                    .expressionAttributeNames(Map.of("#k", keyName)));
            return new WriteResult.Written<>(value, 1);
        } catch (ConditionalCheckFailedException e) {
            return new WriteResult.AlreadyExists<>(key);
        }
    }

    public WriteResult<T> create(T value) {
        return create(value, Map.of());
    }

    /** Reads an item (strongly consistent) with its raw attributes. */
    public Optional<Map<String, AttributeValue>> getItem(String key) {
        if (!storable(key)) {
            return Optional.empty();
        }
        var response =
                dynamoDb.getItem(
                        b ->
                                b.tableName(tableName)
                                        .key(Map.of(keyName, s(key)))
                                        .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(response.item())
                : Optional.empty();
    }

    public Optional<Versioned<T>> get(String key) {
        return getItem(key).map(item -> new Versioned<>(read(item), version(item)));
    }

    /** Replaces the document if the stored version is still {@code expectedVersion}. */
    public WriteResult<T> update(T value, long expectedVersion) {
        String key = keyOf.apply(value);
        try {
            // Retried on a collision with a quota lease's transaction on the same item (rare,
            // short).
            Conflicts.retry(
                    () ->
                            dynamoDb.updateItem(
                                    b ->
                                            b.tableName(tableName)
                                                    .key(Map.of(keyName, s(key)))
                                                    .updateExpression("SET #doc = :doc, #v = :next")
                                                    .conditionExpression(
                                                            "attribute_exists(#k) AND #v = :expected")
                                                    .expressionAttributeNames(
                                                            Map.of(
                                                                    "#doc",
                                                                    Tables.DOC,
                                                                    "#v",
                                                                    Tables.VERSION,
                                                                    "#k",
                                                                    keyName))
                                                    .expressionAttributeValues(
                                                            Map.of(
                                                                    ":doc",
                                                                    s(write(value)),
                                                                    ":next",
                                                                    n(expectedVersion + 1),
                                                                    ":expected",
                                                                    n(expectedVersion)))
                                                    .returnValuesOnConditionCheckFailure(
                                                            ReturnValuesOnConditionCheckFailure
                                                                    .ALL_OLD)));
            return new WriteResult.Written<>(value, expectedVersion + 1);
        } catch (ConditionalCheckFailedException e) {
            return e.hasItem() && !e.item().isEmpty()
                    ? new WriteResult.VersionConflict<>(key, expectedVersion)
                    : new WriteResult.NotFound<>(key);
        }
    }

    /**
     * Read-modify-write that retries when another writer interleaves, so a change computed from the
     * current state is applied to the current state. {@code change} must not have side effects.
     */
    public WriteResult<T> update(String key, UnaryOperator<T> change) {
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            Optional<Versioned<T>> current = get(key);
            if (current.isEmpty()) {
                return new WriteResult.NotFound<>(key);
            }
            T next = change.apply(current.get().value());
            if (!keyOf.apply(next).equals(key)) {
                throw new IllegalArgumentException("an update cannot change the key (" + key + ")");
            }
            WriteResult<T> result = update(next, current.get().version());
            if (!(result instanceof WriteResult.VersionConflict<T>)) {
                return result;
            }
        }
        return new WriteResult.VersionConflict<>(key, -1);
    }

    /** Deletes the item; NotFound when there was none. */
    public WriteResult<T> delete(String key) {
        if (!storable(key)) {
            return new WriteResult.NotFound<>(key);
        }
        var response =
                Conflicts.retry(
                        () ->
                                dynamoDb.deleteItem(
                                        b ->
                                                b.tableName(tableName)
                                                        .key(Map.of(keyName, s(key)))
                                                        .returnValues(
                                                                software.amazon.awssdk.services
                                                                        .dynamodb.model.ReturnValue
                                                                        .ALL_OLD)));
        if (!response.hasAttributes() || response.attributes().isEmpty()) {
            return new WriteResult.NotFound<>(key);
        }
        return new WriteResult.Written<>(
                read(response.attributes()), version(response.attributes()));
    }

    /**
     * A page in key order from the listing index. Items before {@code offset} are read and skipped
     * (DynamoDB has no server-side offset), but the table is never scanned: cost grows with offset
     * + limit, not with the table. The index is eventually consistent: a write may take a moment to
     * appear in listings.
     */
    public List<Map<String, AttributeValue>> listItems(PageRequest page) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        int toSkip = page.offset();
        Map<String, AttributeValue> startKey = null;
        do {
            long want = (long) toSkip + page.limit() - out.size();
            QueryRequest.Builder request =
                    QueryRequest.builder()
                            .tableName(tableName)
                            .indexName(Tables.BY_NAME_INDEX)
                            .keyConditionExpression("#p = :all")
                            .expressionAttributeNames(Map.of("#p", Tables.LIST_PARTITION))
                            .expressionAttributeValues(
                                    Map.of(":all", s(Tables.LIST_PARTITION_VALUE)))
                            .scanIndexForward(page.order() == SortOrder.ASC)
                            .limit((int) Math.max(1, Math.min(want, 1000)));
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse response = dynamoDb.query(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (toSkip > 0) {
                    toSkip--;
                } else if (out.size() < page.limit()) {
                    out.add(item);
                }
            }
            startKey =
                    response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                            ? response.lastEvaluatedKey()
                            : null;
        } while (startKey != null && out.size() < page.limit());
        return out;
    }

    /**
     * {@link #walkItems(int)} from the first key after {@code after} (a key condition on the
     * index's sort key, so a job resuming a walk reads nothing twice).
     */
    public Iterable<Map<String, AttributeValue>> walkItems(int pageSize, String after) {
        if (after == null || after.isEmpty()) {
            return walkItems(pageSize);
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("page size must be between 1 and 1000");
        }
        QueryRequest request =
                QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(Tables.BY_NAME_INDEX)
                        .keyConditionExpression("#p = :all AND #n > :after")
                        .expressionAttributeNames(
                                Map.of("#p", Tables.LIST_PARTITION, "#n", keyName))
                        .expressionAttributeValues(
                                Map.of(":all", s(Tables.LIST_PARTITION_VALUE), ":after", s(after)))
                        .limit(pageSize)
                        .build();
        return dynamoDb.queryPaginator(request).items();
    }

    /**
     * Every item in key order, each read once: Query pages through the listing index, each page
     * continuing from the previous one's last key (DynamoDB's {@code ExclusiveStartKey}), so a walk
     * over n items reads n items, where {@link #listItems offset paging} re-reads every item it
     * skips. Lazy: a page is read when the walk reaches it. Eventually consistent, like listings.
     */
    public Iterable<Map<String, AttributeValue>> walkItems(int pageSize) {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("page size must be between 1 and 1000");
        }
        QueryRequest request =
                QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(Tables.BY_NAME_INDEX)
                        .keyConditionExpression("#p = :all")
                        .expressionAttributeNames(Map.of("#p", Tables.LIST_PARTITION))
                        .expressionAttributeValues(Map.of(":all", s(Tables.LIST_PARTITION_VALUE)))
                        .limit(pageSize)
                        .build();
        return dynamoDb.queryPaginator(request).items();
    }

    public List<T> list(PageRequest page) {
        return listItems(page).stream().map(this::read).toList();
    }

    public T read(Map<String, AttributeValue> item) {
        try {
            return reader.readValue(item.get(Tables.DOC).s());
        } catch (IOException e) {
            // Documents are written only by this class: an unreadable one is corruption, not input.
            throw new UncheckedIOException(
                    "unreadable " + type.getSimpleName() + " document in " + tableName, e);
        }
    }

    /** Whether {@code key} can be a key of this table at all (see {@link #MAX_KEY_BYTES}). */
    public static boolean storable(String key) {
        return key != null
                && !key.isEmpty()
                && key.length() <= MAX_KEY_BYTES
                && key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
    }

    public static long version(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(Tables.VERSION).n());
    }

    private String write(T value) {
        return Json.write(value);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
