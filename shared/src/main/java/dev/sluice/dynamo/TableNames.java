package dev.sluice.dynamo;

import java.util.Map;
import java.util.Objects;

/**
 * Physical table names: {@code <prefix><id>} (e.g. "sluice-users"), unless an explicit name is
 * given for a table (CloudFormation-generated names reach the Lambdas through environment
 * variables such as {@code SLUICE_TABLE_USERS}).
 */
public record TableNames(String prefix, Map<String, String> overrides) {

    public TableNames {
        Objects.requireNonNull(prefix, "prefix");
        overrides = Map.copyOf(overrides);
    }

    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix, Map.of());
    }

    /** Reads {@code SLUICE_TABLE_PREFIX} (default "sluice-") and {@code SLUICE_TABLE_<ID>} overrides. */
    public static TableNames fromEnvironment(Map<String, String> env) {
        String prefix = env.getOrDefault("SLUICE_TABLE_PREFIX", "sluice-");
        var overrides = new java.util.HashMap<String, String>();
        for (TableSpec spec : Tables.ALL) {
            String value = env.get(environmentVariable(spec));
            if (value != null && !value.isBlank()) {
                overrides.put(spec.id(), value);
            }
        }
        return new TableNames(prefix, overrides);
    }

    public static String environmentVariable(TableSpec spec) {
        return "SLUICE_TABLE_" + spec.id().toUpperCase(java.util.Locale.ROOT);
    }

    public String of(TableSpec spec) {
        return overrides.getOrDefault(spec.id(), prefix + spec.id());
    }
}
