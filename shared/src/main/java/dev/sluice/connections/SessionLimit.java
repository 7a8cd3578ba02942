package dev.sluice.connections;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code max_sessions} across every server task. A limited user has one extra item in the
 * connections table, their <em>slots</em>: session id to lease end. Taking a slot is a read, a
 * prune of leases that ran out (a task that died) and a write conditional on the version read, so
 * concurrent logins on any number of tasks are serialised by DynamoDB: the limit is never exceeded,
 * and a burst of logins always fills every free slot (each round, one writer wins). Heartbeats
 * extend a slot's lease; closing a session gives its slot back.
 */
public final class SessionLimit {

    /** The slots item's sort key; connection ids start with the protocol, so it never collides. */
    static final String SLOTS_ID = "#slots";

    private static final int MAX_ATTEMPTS = 50;

    /** What happened to a session asking for a slot. */
    public sealed interface Admission {
        record Admitted() implements Admission {}

        /** The user already had {@code live} sessions, against {@code max}. */
        record Refused(int live, int max) implements Admission {}
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration lease;

    /**
     * @param lease how long a slot lives without a heartbeat
     */
    public SessionLimit(DynamoDbClient dynamoDb, TableNames names, Duration lease) {
        this.dynamoDb = dynamoDb;
        this.table = names.of(Tables.CONNECTIONS);
        this.lease = lease;
    }

    public Duration lease() {
        return lease;
    }

    /** Whether a user with {@code maxSessions} (0: unlimited) has no free slot now. */
    public boolean full(String username, int maxSessions, long now) {
        return maxSessions > 0 && read(username).live(now).size() >= maxSessions;
    }

    /**
     * Takes a slot for {@code connectionId} if fewer than {@code maxSessions} (0: unlimited) are
     * taken.
     */
    public Admission admit(String username, String connectionId, int maxSessions, long now) {
        if (maxSessions <= 0) {
            return new Admission.Admitted();
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Slots slots = read(username);
            Map<String, Long> live = slots.live(now);
            if (live.size() >= maxSessions) {
                return new Admission.Refused(live.size(), maxSessions);
            }
            live.put(connectionId, now + lease.toMillis());
            if (write(username, live, slots.version())) {
                return new Admission.Admitted();
            }
            pause(attempt);
        }
        throw new IllegalStateException(
                "could not take a session slot for "
                        + username
                        + " after "
                        + MAX_ATTEMPTS
                        + " attempts");
    }

    /**
     * Extends a slot's lease. False when the slot is gone (its lease ran out and another login
     * pruned it): the session no longer counts and should ask again with {@link #admit}.
     */
    public boolean renew(String username, String connectionId, long now) {
        try {
            dynamoDb.updateItem(
                    b ->
                            b.tableName(table)
                                    .key(key(username))
                                    .updateExpression("SET slots.#id = :until")
                                    .conditionExpression("attribute_exists(slots.#id)")
                                    .expressionAttributeNames(Map.of("#id", connectionId))
                                    .expressionAttributeValues(
                                            Map.of(":until", n(now + lease.toMillis()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives a slot back. */
    public void release(String username, String connectionId) {
        try {
            dynamoDb.updateItem(
                    b ->
                            b.tableName(table)
                                    .key(key(username))
                                    .updateExpression("REMOVE slots.#id")
                                    .conditionExpression("attribute_exists(slots)")
                                    .expressionAttributeNames(Map.of("#id", connectionId)));
        } catch (ConditionalCheckFailedException e) {
            // no slots item: nothing to give back
        }
    }

    private record Slots(Map<String, Long> all, long version) {
        Map<String, Long> live(long now) {
            Map<String, Long> live = new HashMap<>();
            all.forEach(
                    (id, until) -> {
                        if (until > now) {
                            live.put(id, until);
                        }
                    });
            return live;
        }
    }

    private Slots read(String username) {
        var item =
                dynamoDb.getItem(b -> b.tableName(table).key(key(username)).consistentRead(true))
                        .item();
        if (item == null || item.isEmpty()) {
            return new Slots(Map.of(), 0);
        }
        Map<String, Long> all = new HashMap<>();
        AttributeValue slots = item.get("slots");
        if (slots != null && slots.hasM()) {
            slots.m().forEach((id, until) -> all.put(id, Long.parseLong(until.n())));
        }
        return new Slots(all, Long.parseLong(item.get(Tables.VERSION).n()));
    }

    /** Writes the pruned slots if nobody else wrote since {@code version} was read. */
    private boolean write(String username, Map<String, Long> slots, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(username));
        Map<String, AttributeValue> map = new HashMap<>();
        slots.forEach((id, until) -> map.put(id, n(until)));
        item.put("slots", AttributeValue.fromM(map));
        item.put(Tables.VERSION, n(version + 1));
        try {
            dynamoDb.putItem(
                    b -> {
                        b.tableName(table).item(item);
                        if (version == 0) {
                            b.conditionExpression("attribute_not_exists(connection_id)");
                        } else {
                            b.conditionExpression("#v = :v")
                                    .expressionAttributeNames(Map.of("#v", Tables.VERSION))
                                    .expressionAttributeValues(Map.of(":v", n(version)));
                        }
                    });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A short random pause so that racing writers spread out. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 10) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a session slot", e);
        }
    }

    private static Map<String, AttributeValue> key(String username) {
        return Map.of(
                "username",
                AttributeValue.fromS(username),
                "connection_id",
                AttributeValue.fromS(SLOTS_ID));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
