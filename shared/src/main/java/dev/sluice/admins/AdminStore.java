package dev.sluice.admins;

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

/** Administrators in DynamoDB. */
public final class AdminStore {

    private final DocumentTable<Admin> table;

    public AdminStore(DynamoDbClient dynamoDb, TableNames names) {
        this.table =
                new DocumentTable<>(
                        dynamoDb,
                        names.of(Tables.ADMINS),
                        Tables.ADMINS,
                        Admin.class,
                        Admin::username);
    }

    public WriteResult<Admin> create(Admin admin) {
        return table.create(admin);
    }

    public Optional<Versioned<Admin>> get(String username) {
        return table.get(username);
    }

    public Optional<Admin> find(String username) {
        return table.get(username).map(Versioned::value);
    }

    public WriteResult<Admin> update(Admin admin, long expectedVersion) {
        return table.update(admin, expectedVersion);
    }

    public WriteResult<Admin> update(String username, UnaryOperator<Admin> change) {
        return table.update(username, change);
    }

    public WriteResult<Admin> delete(String username) {
        return table.delete(username);
    }

    public List<Admin> list(PageRequest page) {
        return table.list(page);
    }
}
