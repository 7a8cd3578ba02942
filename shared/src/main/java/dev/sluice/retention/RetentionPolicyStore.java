package dev.sluice.retention;

import dev.sluice.dynamo.DocumentTable;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Retention policies in DynamoDB ({@link Tables#RETENTION_POLICIES}). */
public final class RetentionPolicyStore {

    private final DocumentTable<RetentionPolicy> table;

    public RetentionPolicyStore(DynamoDbClient dynamoDb, TableNames names) {
        this.table =
                new DocumentTable<>(
                        dynamoDb,
                        names.of(Tables.RETENTION_POLICIES),
                        Tables.RETENTION_POLICIES,
                        RetentionPolicy.class,
                        RetentionPolicy::name);
    }

    public WriteResult<RetentionPolicy> create(RetentionPolicy policy) {
        return table.create(policy);
    }

    public Optional<Versioned<RetentionPolicy>> get(String name) {
        return DocumentTable.storable(name) ? table.get(name) : Optional.empty();
    }

    public Optional<RetentionPolicy> find(String name) {
        return get(name).map(Versioned::value);
    }

    public WriteResult<RetentionPolicy> update(RetentionPolicy policy, long expectedVersion) {
        return table.update(policy, expectedVersion);
    }

    public WriteResult<RetentionPolicy> delete(String name) {
        return table.delete(name);
    }

    public List<RetentionPolicy> list(PageRequest page) {
        return table.list(page);
    }
}
