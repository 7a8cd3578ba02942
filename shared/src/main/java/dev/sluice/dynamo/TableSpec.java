package dev.sluice.dynamo;

import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB table, described once: the CDK stacks, the local mode and the tests all create their
 * tables from these specs, so the three can never disagree about keys or indexes.
 *
 * @param id logical name ("users"); the physical name comes from {@link TableNames}
 * @param partitionKey the partition key
 * @param sortKey the sort key, for tables holding several items per partition
 * @param indexes global secondary indexes
 * @param ttlAttribute the numeric attribute (epoch seconds) DynamoDB expires items by, if any
 */
public record TableSpec(
        String id,
        Attribute partitionKey,
        Optional<Attribute> sortKey,
        List<Index> indexes,
        Optional<String> ttlAttribute) {

    public TableSpec {
        indexes = List.copyOf(indexes);
    }

    /** A table with one item per partition key. */
    public TableSpec(
            String id, Attribute partitionKey, List<Index> indexes, Optional<String> ttlAttribute) {
        this(id, partitionKey, Optional.empty(), indexes, ttlAttribute);
    }

    public enum Type {
        STRING,
        NUMBER
    }

    public record Attribute(String name, Type type) {
        public static Attribute string(String name) {
            return new Attribute(name, Type.STRING);
        }

        public static Attribute number(String name) {
            return new Attribute(name, Type.NUMBER);
        }
    }

    /** A global secondary index projecting all attributes (our items are small documents). */
    public record Index(String name, Attribute partitionKey, Attribute sortKey) {}
}
