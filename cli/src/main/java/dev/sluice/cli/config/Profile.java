package dev.sluice.cli.config;

import java.util.Map;
import java.util.Optional;

/**
 * One named section of the profile file.
 *
 * @param name the section's name ({@code [default]}, {@code [prod]})
 * @param values its {@code key = value} lines
 */
public record Profile(String name, Map<String, String> values) {

    /** The keys a profile may set. */
    public static final java.util.List<String> KEYS =
            java.util.List.of("url", "user", "password", "password_file", "api_key", "insecure");

    /** A value, empty when the profile does not set it. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }
}
