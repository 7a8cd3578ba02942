package dev.sluice.dynamo;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates tables from {@link TableSpec}s through the DynamoDB API, for the local mode and tests (on
 * AWS the CDK stacks create them from the same specs).
 */
public final class TableProvisioner {

    private final DynamoDbClient dynamoDb;
    private final TableNames names;

    public TableProvisioner(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.names = names;
    }

    /**
     * Creates every table in {@code specs} that does not exist yet and waits until all are active.
     */
    public void createMissing(List<TableSpec> specs) {
        for (TableSpec spec : specs) {
            if (exists(names.of(spec))) {
                continue; // a restart of the local mode finds its tables in place
            }
            try {
                dynamoDb.createTable(request(spec));
            } catch (ResourceInUseException createdMeanwhile) {
                // Another process created it between the check and the create: fine.
            }
        }
        for (TableSpec spec : specs) {
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(names.of(spec)));
            spec.ttlAttribute().ifPresent(attribute -> enableTimeToLive(names.of(spec), attribute));
        }
    }

    private boolean exists(String table) {
        try {
            dynamoDb.describeTable(b -> b.tableName(table));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return false;
        }
    }

    /** Idempotent: DynamoDB refuses to enable TTL twice, and a restart finds it enabled. */
    private void enableTimeToLive(String table, String attribute) {
        var current = dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        boolean enabled =
                current != null
                        && attribute.equals(current.attributeName())
                        && (current.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                                || current.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        if (!enabled) {
            dynamoDb.updateTimeToLive(
                    b ->
                            b.tableName(table)
                                    .timeToLiveSpecification(
                                            t -> t.enabled(true).attributeName(attribute)));
        }
    }

    public CreateTableRequest request(TableSpec spec) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        attributes.add(definition(spec.partitionKey()));
        spec.sortKey().ifPresent(sort -> attributes.add(definition(sort)));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSpec.Index index : spec.indexes()) {
            for (TableSpec.Attribute a : List.of(index.partitionKey(), index.sortKey())) {
                if (attributes.stream().noneMatch(d -> d.attributeName().equals(a.name()))) {
                    attributes.add(definition(a));
                }
            }
            indexes.add(
                    GlobalSecondaryIndex.builder()
                            .indexName(index.name())
                            .keySchema(
                                    key(index.partitionKey(), KeyType.HASH),
                                    key(index.sortKey(), KeyType.RANGE))
                            .projection(
                                    Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build());
        }
        var builder =
                CreateTableRequest.builder()
                        .tableName(names.of(spec))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes)
                        .keySchema(
                                spec.sortKey().isPresent()
                                        ? List.of(
                                                key(spec.partitionKey(), KeyType.HASH),
                                                key(spec.sortKey().get(), KeyType.RANGE))
                                        : List.of(key(spec.partitionKey(), KeyType.HASH)));
        if (!indexes.isEmpty()) {
            builder.globalSecondaryIndexes(indexes);
        }
        return builder.build();
    }

    private static AttributeDefinition definition(TableSpec.Attribute attribute) {
        return AttributeDefinition.builder()
                .attributeName(attribute.name())
                .attributeType(
                        attribute.type() == TableSpec.Type.STRING
                                ? ScalarAttributeType.S
                                : ScalarAttributeType.N)
                .build();
    }

    private static KeySchemaElement key(TableSpec.Attribute attribute, KeyType type) {
        return KeySchemaElement.builder().attributeName(attribute.name()).keyType(type).build();
    }
}
