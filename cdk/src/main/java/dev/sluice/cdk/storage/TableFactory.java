package dev.sluice.cdk.storage;

import dev.sluice.cdk.config.Removal;
import dev.sluice.dynamo.TableSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * Turns a shared {@link TableSpec} into a DynamoDB table. Nothing about a table's keys or indexes
 * is written here: it all comes from the spec, the same one the local mode and the tests create
 * their tables from ({@code dev.sluice.dynamo.TableProvisioner}).
 */
final class TableFactory {

    private TableFactory() {}

    static Table create(Construct scope, TableSpec spec, Removal removal) {
        Table table =
                Table.Builder.create(scope, constructId(spec))
                        .partitionKey(attribute(spec.partitionKey()))
                        .sortKey(spec.sortKey().map(TableFactory::attribute).orElse(null))
                        // On demand: an SFTP gateway's load is bursty and mostly idle; no capacity
                        // planning.
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .pointInTimeRecoverySpecification(
                                PointInTimeRecoverySpecification.builder()
                                        .pointInTimeRecoveryEnabled(true)
                                        .build())
                        // Encrypted at rest with an AWS owned key: no KMS charges, no key policy to
                        // get wrong.
                        .encryption(TableEncryption.DEFAULT)
                        .timeToLiveAttribute(spec.ttlAttribute().orElse(null))
                        .removalPolicy(removal.policy())
                        // A retained table also refuses deletion through the console or API by
                        // accident.
                        .deletionProtection(!removal.destroys())
                        .build();
        for (TableSpec.Index index : spec.indexes()) {
            table.addGlobalSecondaryIndex(
                    GlobalSecondaryIndexProps.builder()
                            .indexName(index.name())
                            .partitionKey(attribute(index.partitionKey()))
                            .sortKey(attribute(index.sortKey()))
                            .projectionType(ProjectionType.ALL)
                            .build());
        }
        return table;
    }

    /**
     * "revoked_tokens" → "RevokedTokensTable": stable, so logical IDs never change under a deployed
     * stack.
     */
    static String constructId(TableSpec spec) {
        return Arrays.stream(spec.id().split("[^A-Za-z0-9]+"))
                        .filter(part -> !part.isEmpty())
                        .map(
                                part ->
                                        part.substring(0, 1).toUpperCase(Locale.ROOT)
                                                + part.substring(1))
                        .collect(Collectors.joining())
                + "Table";
    }

    private static Attribute attribute(TableSpec.Attribute attribute) {
        return Attribute.builder()
                .name(attribute.name())
                .type(
                        attribute.type() == TableSpec.Type.STRING
                                ? AttributeType.STRING
                                : AttributeType.NUMBER)
                .build();
    }
}
