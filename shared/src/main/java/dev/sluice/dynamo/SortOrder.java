package dev.sluice.dynamo;

import java.util.Locale;
import java.util.Optional;

/** SFTPGo's {@code order} query parameter: by name, ascending or descending. */
public enum SortOrder {
    ASC,
    DESC;

    public static Optional<SortOrder> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(ASC);
        }
        try {
            return Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
