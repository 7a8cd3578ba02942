package dev.sluice.dynamo;

import dev.sluice.quota.QuotaUsage;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Quota usage counters kept beside an entity's document, changed with DynamoDB's atomic
 * {@code ADD} so concurrent uploads on different tasks never lose an increment.
 */
public final class UsageCounters {

    public static final String USED_SIZE = "used_quota_size";
    public static final String USED_FILES = "used_quota_files";
    public static final String LAST_UPDATE = "last_quota_update";

    /** The outcome of a bounded increment. */
    public sealed interface Reservation permits Reserved, OverQuota, Missing {
    }

    public record Reserved(QuotaUsage usage) implements Reservation {
    }

    public record OverQuota() implements Reservation {
    }

    public record Missing() implements Reservation {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String keyName;

    public UsageCounters(DynamoDbClient dynamoDb, String tableName, String keyName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.keyName = keyName;
    }

    /** Initial counter attributes for a new item. */
    public static Map<String, AttributeValue> initial(QuotaUsage usage) {
        return Map.of(
            USED_SIZE, DocumentTable.n(usage.usedQuotaSize()),
            USED_FILES, DocumentTable.n(usage.usedQuotaFiles()),
            LAST_UPDATE, DocumentTable.n(usage.lastQuotaUpdate()));
    }

    public static QuotaUsage read(Map<String, AttributeValue> item) {
        return new QuotaUsage(number(item, USED_SIZE), (int) number(item, USED_FILES), number(item, LAST_UPDATE));
    }

    /** Adds (or, with negative deltas, subtracts) atomically; empty when the item does not exist. */
    public java.util.Optional<QuotaUsage> add(String key, long sizeDelta, int filesDelta, long nowMillis) {
        return switch (tryAdd(key, sizeDelta, filesDelta, 0, 0, nowMillis)) {
            case Reserved reserved -> java.util.Optional.of(reserved.usage());
            case OverQuota over -> throw new IllegalStateException("unbounded add cannot exceed a quota");
            case Missing missing -> java.util.Optional.empty();
        };
    }

    /**
     * Adds atomically only if the result stays within the limits (0 = unlimited); the check and
     * the increment are one conditional update, so two tasks cannot both take the last bytes.
     */
    public Reservation tryAdd(String key, long sizeDelta, int filesDelta, long maxSize, int maxFiles, long nowMillis) {
        Map<String, String> names = new HashMap<>(Map.of("#k", keyName, "#s", USED_SIZE, "#f", USED_FILES, "#t", LAST_UPDATE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
            ":ds", DocumentTable.n(sizeDelta), ":df", DocumentTable.n(filesDelta), ":now", DocumentTable.n(nowMillis)));
        StringBuilder condition = new StringBuilder("attribute_exists(#k)");
        // DynamoDB conditions have no arithmetic: compare with (limit - delta) computed here.
        if (maxSize > 0 && sizeDelta > 0) {
            condition.append(" AND (attribute_not_exists(#s) OR #s <= :maxs)");
            values.put(":maxs", DocumentTable.n(maxSize - sizeDelta));
        }
        if (maxFiles > 0 && filesDelta > 0) {
            condition.append(" AND (attribute_not_exists(#f) OR #f <= :maxf)");
            values.put(":maxf", DocumentTable.n((long) maxFiles - filesDelta));
        }
        try {
            var response = dynamoDb.updateItem(b -> b.tableName(tableName)
                .key(Map.of(keyName, DocumentTable.s(key)))
                .updateExpression("ADD #s :ds, #f :df SET #t = :now")
                .conditionExpression(condition.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(
                    software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Reserved(read(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return e.hasItem() && !e.item().isEmpty() ? new OverQuota() : new Missing();
        }
    }

    /** Sets the counters (a quota scan's result or an admin's reset); false when the item is gone. */
    public boolean set(String key, long size, int files, long nowMillis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                .key(Map.of(keyName, DocumentTable.s(key)))
                .updateExpression("SET #s = :s, #f = :f, #t = :now")
                .conditionExpression("attribute_exists(#k)")
                .expressionAttributeNames(Map.of("#k", keyName, "#s", USED_SIZE, "#f", USED_FILES, "#t", LAST_UPDATE))
                .expressionAttributeValues(Map.of(":s", DocumentTable.n(size), ":f", DocumentTable.n(files),
                    ":now", DocumentTable.n(nowMillis))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
