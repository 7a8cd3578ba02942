package dev.sluice.apikeys;

import dev.sluice.dynamo.DocumentTable;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** API keys in DynamoDB, keyed by their public id; the {@code key} field holds only a hash. */
public final class ApiKeyStore {

    private final DocumentTable<ApiKey> table;

    public ApiKeyStore(DynamoDbClient dynamoDb, TableNames names) {
        this.table =
                new DocumentTable<>(
                        dynamoDb,
                        names.of(Tables.API_KEYS),
                        Tables.API_KEYS,
                        ApiKey.class,
                        ApiKey::id);
    }

    public WriteResult<ApiKey> create(ApiKey key) {
        return table.create(key);
    }

    public Optional<Versioned<ApiKey>> get(String id) {
        return table.get(id);
    }

    public WriteResult<ApiKey> update(ApiKey key, long expectedVersion) {
        return table.update(key, expectedVersion);
    }

    public WriteResult<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        return table.update(id, change);
    }

    public WriteResult<ApiKey> delete(String id) {
        return table.delete(id);
    }

    public List<ApiKey> list(PageRequest page) {
        return table.list(page);
    }
}
