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

    private final DocumentTable<VirtualFolder> table;
    private final UsageCounters counters;

    public FolderStore(DynamoDbClient dynamoDb, TableNames names) {
        String tableName = names.of(Tables.FOLDERS);
        this.table = new DocumentTable<>(dynamoDb, tableName, Tables.FOLDERS, VirtualFolder.class, VirtualFolder::name);
        this.counters = new UsageCounters(dynamoDb, tableName, table.keyName());
    }

    public WriteResult<VirtualFolder> create(VirtualFolder folder) {
        return table.create(folder, UsageCounters.initial(
            new QuotaUsage(folder.usedQuotaSize(), folder.usedQuotaFiles(), folder.lastQuotaUpdate())));
    }

    public Optional<Versioned<VirtualFolder>> get(String name) {
        return table.getItem(name).map(item -> new Versioned<>(merge(item), DocumentTable.version(item)));
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

    public UsageCounters usage() {
        return counters;
    }

    private VirtualFolder merge(Map<String, AttributeValue> item) {
        QuotaUsage usage = counters.read(item);
        return table.read(item).withUsage(usage.usedQuotaSize(), usage.usedQuotaFiles(), usage.lastQuotaUpdate());
    }
}
