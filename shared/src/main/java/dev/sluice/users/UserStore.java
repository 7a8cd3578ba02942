package dev.sluice.users;

import dev.sluice.dynamo.DocumentTable;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.quota.QuotaUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Users in DynamoDB. Stores what it is given (validation and password hashing happen before); usage
 * counters live outside the document and are merged in on every read.
 */
public final class UserStore {

    /** Items per page of {@link #all()}: DynamoDB returns at most 1 MB a page anyway. */
    static final int WALK_PAGE = 500;

    private final DocumentTable<User> table;
    private final UsageCounters counters;

    public UserStore(DynamoDbClient dynamoDb, TableNames names) {
        String tableName = names.of(Tables.USERS);
        this.table =
                new DocumentTable<>(dynamoDb, tableName, Tables.USERS, User.class, User::username);
        this.counters = new UsageCounters(dynamoDb, tableName, table.keyName());
    }

    /** Creates the user; its {@code used_quota_*} fields become the initial counters (restores). */
    public WriteResult<User> create(User user) {
        return table.create(
                user,
                UsageCounters.initial(
                        new QuotaUsage(
                                user.usedQuotaSize(),
                                user.usedQuotaFiles(),
                                user.lastQuotaUpdate())));
    }

    public Optional<Versioned<User>> get(String username) {
        return table.getItem(username)
                .map(item -> new Versioned<>(merge(item), DocumentTable.version(item)));
    }

    public Optional<User> find(String username) {
        return get(username).map(Versioned::value);
    }

    /** Replaces the user if unchanged since {@code expectedVersion}; counters are not touched. */
    public WriteResult<User> update(User user, long expectedVersion) {
        return table.update(user, expectedVersion);
    }

    /** Applies {@code change} to the current user, retrying when another writer interleaves. */
    public WriteResult<User> update(String username, UnaryOperator<User> change) {
        return table.update(username, change);
    }

    public WriteResult<User> delete(String username) {
        return table.delete(username);
    }

    public List<User> list(PageRequest page) {
        return table.listItems(page).stream().map(this::merge).toList();
    }

    /**
     * Every user, in name order, each read once (key-paged, see {@link DocumentTable#walkItems}):
     * for jobs that visit all of them. Lazy; eventually consistent.
     */
    public Iterable<User> all() {
        return all(WALK_PAGE);
    }

    /** {@link #all()} in pages of {@code pageSize} items. */
    public Iterable<User> all(int pageSize) {
        return after(pageSize, "");
    }

    /** Every user whose name sorts after {@code after}, in name order ({@link #all(int)}). */
    public Iterable<User> after(int pageSize, String after) {
        Iterable<Map<String, AttributeValue>> items = table.walkItems(pageSize, after);
        return () ->
                new java.util.Iterator<>() {
                    private final java.util.Iterator<Map<String, AttributeValue>> it =
                            items.iterator();

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public User next() {
                        return merge(it.next());
                    }
                };
    }

    public UsageCounters usage() {
        return counters;
    }

    private User merge(Map<String, AttributeValue> item) {
        QuotaUsage usage = counters.read(item);
        return table.read(item).toBuilder()
                .usedQuotaSize(usage.usedQuotaSize())
                .usedQuotaFiles(usage.usedQuotaFiles())
                .lastQuotaUpdate(usage.lastQuotaUpdate())
                .build();
    }
}
