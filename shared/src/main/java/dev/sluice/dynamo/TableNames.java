package dev.sluice.dynamo;

import java.util.Map;
import java.util.Objects;

/**
 * Physical table names: {@code <prefix><id>} (e.g. "sluice-users"), unless an explicit name is
 * given for a table (CloudFormation-generated names reach the Lambdas through environment variables
 * such as {@code SLUICE_TABLE_USERS}: see {@code dev.sluice.config.EnvironmentReader#tables()}).
 */
public record TableNames(String prefix, Map<String, String> overrides) {

    public TableNames {
        Objects.requireNonNull(prefix, "prefix");
        overrides = Map.copyOf(overrides);
    }

    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix, Map.of());
    }

    public String of(TableSpec spec) {
        return overrides.getOrDefault(spec.id(), prefix + spec.id());
    }
}
