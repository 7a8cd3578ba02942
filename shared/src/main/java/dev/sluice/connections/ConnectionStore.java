package dev.sluice.connections;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The connections table: each server task registers the sessions it holds, refreshes them on a
 * heartbeat and removes them when they end. An item whose {@code expires} has passed belongs to a
 * task that stopped heartbeating (crashed, killed): every read ignores it, and DynamoDB's TTL
 * deletes it later (TTL deletion can lag by hours, so reads filter rather than trust it).
 */
public final class ConnectionStore {

    private static final String USERNAME = "username";
    private static final String ID = "connection_id";
    private static final String EXPIRES = Tables.CONNECTIONS.ttlAttribute().orElseThrow();

    private final DynamoDbClient dynamoDb;
    private final String table;

    public ConnectionStore(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.of(Tables.CONNECTIONS);
    }

    /** Registers (or re-registers) a session, live until {@code lastActivity + lease}. */
    public void put(Connection c, Duration lease) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(USERNAME, s(c.username()));
        item.put(ID, s(c.connectionId()));
        item.put("protocol", s(c.protocol()));
        item.put("remote_address", s(c.remoteAddress()));
        item.put("client_version", s(c.clientVersion()));
        item.put("node", s(c.node()));
        item.put("connection_time", n(c.connectionTime()));
        item.put("last_activity", n(c.lastActivity()));
        item.put(EXPIRES, n(expiresSeconds(c.lastActivity(), lease)));
        if (c.closeRequested()) {
            item.put("close_requested", AttributeValue.fromBool(true));
        }
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    /**
     * Extends a session's lease. Returns the stored connection (its {@code closeRequested} tells
     * the task to close it), or empty when the item is gone (expired and collected, or removed).
     */
    public Optional<Connection> heartbeat(
            String username, String connectionId, long now, Duration lease) {
        try {
            var response =
                    dynamoDb.updateItem(
                            b ->
                                    b.tableName(table)
                                            .key(key(username, connectionId))
                                            .updateExpression(
                                                    "SET last_activity = :now, #expires = :expires")
                                            .conditionExpression("attribute_exists(" + ID + ")")
                                            .expressionAttributeNames(Map.of("#expires", EXPIRES))
                                            .expressionAttributeValues(
                                                    Map.of(
                                                            ":now",
                                                            n(now),
                                                            ":expires",
                                                            n(expiresSeconds(now, lease))))
                                            .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    public void remove(String username, String connectionId) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(username, connectionId)));
    }

    /** Asks the owning task to close a session; false when no such live session exists. */
    public boolean requestClose(String username, String connectionId, long now) {
        try {
            dynamoDb.updateItem(
                    b ->
                            b.tableName(table)
                                    .key(key(username, connectionId))
                                    .updateExpression("SET close_requested = :yes")
                                    .conditionExpression(
                                            "attribute_exists(" + ID + ") AND #expires > :now")
                                    .expressionAttributeNames(Map.of("#expires", EXPIRES))
                                    .expressionAttributeValues(
                                            Map.of(
                                                    ":yes",
                                                    AttributeValue.fromBool(true),
                                                    ":now",
                                                    n(now / 1000))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * A user's live sessions on every task, read consistently (a session registered just before is
     * seen).
     */
    public List<Connection> liveFor(String username, long now) {
        return collect(
                from -> {
                    var page =
                            dynamoDb.query(
                                    b ->
                                            b.tableName(table)
                                                    .consistentRead(true)
                                                    .keyConditionExpression("#user = :user")
                                                    .filterExpression("#expires > :now")
                                                    .expressionAttributeNames(
                                                            Map.of(
                                                                    "#user",
                                                                    USERNAME,
                                                                    "#expires",
                                                                    EXPIRES))
                                                    .expressionAttributeValues(
                                                            Map.of(
                                                                    ":user",
                                                                    s(username),
                                                                    ":now",
                                                                    n(now / 1000)))
                                                    .exclusiveStartKey(from));
                    return new Page(
                            page.items(),
                            page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null);
                });
    }

    /**
     * Every live session (for the connections listing; the table holds only live sessions, so a
     * scan is small).
     */
    public List<Connection> live(long now) {
        return collect(
                from -> {
                    var page =
                            dynamoDb.scan(
                                    b ->
                                            b.tableName(table)
                                                    .consistentRead(true)
                                                    .filterExpression("#expires > :now")
                                                    .expressionAttributeNames(
                                                            Map.of("#expires", EXPIRES))
                                                    .expressionAttributeValues(
                                                            Map.of(":now", n(now / 1000)))
                                                    .exclusiveStartKey(from));
                    return new Page(
                            page.items(),
                            page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null);
                });
    }

    private record Page(
            List<Map<String, AttributeValue>> items, Map<String, AttributeValue> next) {}

    /** Follows a Query's or Scan's pages to the end. */
    private static List<Connection> collect(
            java.util.function.Function<Map<String, AttributeValue>, Page> read) {
        List<Connection> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Page page = read.apply(start);
            page.items().forEach(item -> found.add(fromItem(item)));
            start = page.next() == null || page.next().isEmpty() ? null : page.next();
        } while (start != null);
        return found;
    }

    /** Whole seconds, rounded up: TTL is in epoch seconds and a lease must never end early. */
    private static long expiresSeconds(long fromMillis, Duration lease) {
        return (fromMillis + lease.toMillis() + 999) / 1000;
    }

    private static Connection fromItem(Map<String, AttributeValue> item) {
        return new Connection(
                str(item, ID),
                str(item, USERNAME),
                str(item, "protocol"),
                str(item, "remote_address"),
                str(item, "client_version"),
                str(item, "node"),
                num(item, "connection_time"),
                num(item, "last_activity"),
                item.containsKey("close_requested")
                        && Boolean.TRUE.equals(item.get("close_requested").bool()));
    }

    private static Map<String, AttributeValue> key(String username, String connectionId) {
        return Map.of(USERNAME, s(username), ID, s(connectionId));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
