package dev.sluice.cdk.config;

import java.util.Locale;
import software.amazon.awscdk.RemovalPolicy;

/**
 * What {@code cdk destroy} does to stateful resources (context {@code removalPolicy}). RETAIN is
 * the default because the bucket and tables hold customers' files and accounts: deleting a stack by
 * mistake must not delete them.
 */
public enum Removal {
    RETAIN,
    DESTROY;

    public static Removal parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "context removalPolicy: must be retain or destroy (got \"" + value + "\")");
        }
    }

    public RemovalPolicy policy() {
        return this == RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    public boolean destroys() {
        return this == DESTROY;
    }
}
