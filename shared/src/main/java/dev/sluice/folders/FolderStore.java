package dev.sluice.folders;

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

/** Virtual folders in DynamoDB, with their own atomic usage counters. */
public final class FolderStore {

    /** Items per page of {@link #all()}: DynamoDB returns at most 1 MB a page anyway. */
    static final int WALK_PAGE = 500;

    private final DocumentTable<VirtualFolder> table;
    private final UsageCounters counters;

    public FolderStore(DynamoDbClient dynamoDb, TableNames names) {
        String tableName = names.of(Tables.FOLDERS);
        this.table =
                new DocumentTable<>(
                        dynamoDb,
                        tableName,
                        Tables.FOLDERS,
                        VirtualFolder.class,
                        VirtualFolder::name);
        this.counters = new UsageCounters(dynamoDb, tableName, table.keyName());
    }

    public WriteResult<VirtualFolder> create(VirtualFolder folder) {
        return table.create(
                folder,
                UsageCounters.initial(
                        new QuotaUsage(
                                folder.usedQuotaSize(),
                                folder.usedQuotaFiles(),
                                folder.lastQuotaUpdate())));
    }

    public Optional<Versioned<VirtualFolder>> get(String name) {
        return table.getItem(name)
                .map(item -> new Versioned<>(merge(item), DocumentTable.version(item)));
    }

    public Optional<VirtualFolder> find(String name) {
        return get(name).map(Versioned::value);
    }

    public WriteResult<VirtualFolder> update(VirtualFolder folder, long expectedVersion) {
        return table.update(folder, expectedVersion);
    }

    public WriteResult<VirtualFolder> update(String name, UnaryOperator<VirtualFolder> change) {
        return table.update(name, change);
    }

    public WriteResult<VirtualFolder> delete(String name) {
        return table.delete(name);
    }

    public List<VirtualFolder> list(PageRequest page) {
        return table.listItems(page).stream().map(this::merge).toList();
    }

    /**
     * Every folder, in name order, each read once (key-paged, see {@link DocumentTable#walkItems}):
     * for jobs that visit all of them. Lazy; eventually consistent.
     */
    public Iterable<VirtualFolder> all() {
        return all(WALK_PAGE);
    }

    /** {@link #all()} in pages of {@code pageSize} items. */
    public Iterable<VirtualFolder> all(int pageSize) {
        return after(pageSize, "");
    }

    /** Every folder whose name sorts after {@code after}, in name order ({@link #all(int)}). */
    public Iterable<VirtualFolder> after(int pageSize, String after) {
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
                    public VirtualFolder next() {
                        return merge(it.next());
                    }
                };
    }

    public UsageCounters usage() {
        return counters;
    }

    private VirtualFolder merge(Map<String, AttributeValue> item) {
        QuotaUsage usage = counters.read(item);
        return table.read(item)
                .withUsage(usage.usedQuotaSize(), usage.usedQuotaFiles(), usage.lastQuotaUpdate());
    }
}
