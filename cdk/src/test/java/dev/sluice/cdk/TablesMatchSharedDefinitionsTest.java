package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The DynamoDB tables in the data stack's template are exactly the shared definitions ({@link
 * Tables#ALL}), and agree with the tables the local mode and the tests create through {@link
 * TableProvisioner}: the same keys, attribute types and indexes, so code that works locally meets
 * the same tables on AWS.
 */
class TablesMatchSharedDefinitionsTest {

    static Stream<TableSpec> specs() {
        return Tables.ALL.stream();
    }

    private static Map<String, Object> tableResource(TableSpec spec) {
        SynthesizedApp app = SynthesizedApp.get();
        String logicalId = Cfn.logicalId(app.stacks().data().resources().tables().table(spec));
        Map<String, Object> resource =
                app.resources(app.stacks().data(), "AWS::DynamoDB::Table").get(logicalId);
        assertThat(resource).as("table resource for " + spec.id()).isNotNull();
        return resource;
    }

    @Test
    void theTemplateHasOneTablePerSharedDefinitionAndNoOther() {
        SynthesizedApp app = SynthesizedApp.get();
        Set<String> expected =
                Tables.ALL.stream()
                        .map(
                                spec ->
                                        Cfn.logicalId(
                                                app.stacks()
                                                        .data()
                                                        .resources()
                                                        .tables()
                                                        .table(spec)))
                        .collect(Collectors.toSet());
        assertThat(app.resources(app.stacks().data(), "AWS::DynamoDB::Table").keySet())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void keysAndAttributesMatchTheLocalModeDefinition(TableSpec spec) {
        CreateTableRequest local =
                new TableProvisioner(null, TableNames.withPrefix("")).request(spec);
        Map<String, Object> props = Cfn.props(tableResource(spec));

        assertThat(props.get("KeySchema")).isEqualTo(keySchema(local.keySchema()));
        assertThat(Cfn.list(props.get("AttributeDefinitions")))
                .containsExactlyInAnyOrderElementsOf(
                        local.attributeDefinitions().stream()
                                .map(
                                        d ->
                                                Map.of(
                                                        "AttributeName",
                                                        d.attributeName(),
                                                        "AttributeType",
                                                        d.attributeTypeAsString()))
                                .toList());
        List<Map<String, String>> expectedKeys = new java.util.ArrayList<>();
        expectedKeys.add(Map.of("AttributeName", spec.partitionKey().name(), "KeyType", "HASH"));
        spec.sortKey()
                .ifPresent(
                        sort ->
                                expectedKeys.add(
                                        Map.of("AttributeName", sort.name(), "KeyType", "RANGE")));
        assertThat(props.get("KeySchema")).isEqualTo(expectedKeys);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void indexesMatchTheSharedDefinition(TableSpec spec) {
        CreateTableRequest local =
                new TableProvisioner(null, TableNames.withPrefix("")).request(spec);
        Map<String, Object> props = Cfn.props(tableResource(spec));
        List<Object> indexes =
                props.containsKey("GlobalSecondaryIndexes")
                        ? Cfn.list(props.get("GlobalSecondaryIndexes"))
                        : List.of();

        assertThat(indexes).hasSameSizeAs(local.globalSecondaryIndexes());
        for (GlobalSecondaryIndex expected : local.globalSecondaryIndexes()) {
            assertThat(indexes)
                    .contains(
                            Map.of(
                                    "IndexName", expected.indexName(),
                                    "KeySchema", keySchema(expected.keySchema()),
                                    "Projection", Map.of("ProjectionType", "ALL")));
        }
        // And in the spec's own words: an ordered listing index is by_name, partition list_pk,
        // sorted by the table's key (job runs' other indexes are checked against the provisioner
        // above).
        for (TableSpec.Index index : spec.indexes()) {
            if (!index.name().equals(Tables.BY_NAME_INDEX)) {
                continue;
            }
            assertThat(indexes)
                    .contains(
                            Map.of(
                                    "IndexName", Tables.BY_NAME_INDEX,
                                    "KeySchema",
                                            List.of(
                                                    Map.of(
                                                            "AttributeName",
                                                            Tables.LIST_PARTITION,
                                                            "KeyType",
                                                            "HASH"),
                                                    Map.of(
                                                            "AttributeName",
                                                            spec.partitionKey().name(),
                                                            "KeyType",
                                                            "RANGE")),
                                    "Projection", Map.of("ProjectionType", "ALL")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void expiryIsOnExactlyWhereTheSpecNamesATtlAttribute(TableSpec spec) {
        Map<String, Object> props = Cfn.props(tableResource(spec));
        if (spec.ttlAttribute().isPresent()) {
            assertThat(props.get("TimeToLiveSpecification"))
                    .isEqualTo(Map.of("AttributeName", spec.ttlAttribute().get(), "Enabled", true));
        } else {
            assertThat(props).doesNotContainKey("TimeToLiveSpecification");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void onDemandWithPointInTimeRecoveryAndRetainedByDefault(TableSpec spec) {
        Map<String, Object> resource = tableResource(spec);
        Map<String, Object> props = Cfn.props(resource);
        assertThat(props.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(props.get("PointInTimeRecoverySpecification"))
                .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(props.get("DeletionProtectionEnabled")).isEqualTo(true);
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(resource.get("UpdateReplacePolicy")).isEqualTo("Retain");
    }

    private static List<Map<String, String>> keySchema(List<KeySchemaElement> elements) {
        return elements.stream()
                .map(
                        k ->
                                Map.of(
                                        "AttributeName",
                                        k.attributeName(),
                                        "KeyType",
                                        k.keyTypeAsString()))
                .toList();
    }
}
