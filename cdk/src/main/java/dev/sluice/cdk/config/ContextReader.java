package dev.sluice.cdk.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads context values, which arrive as strings from {@code cdk -c key=value} and as JSON values
 * (numbers, lists) from {@code cdk.json}: both spellings of a value must mean the same thing.
 */
final class ContextReader {

    private final Function<String, Object> lookup;

    ContextReader(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    Optional<String> string(String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    int integer(String key, int defaultValue) {
        Object value = lookup.apply(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "context " + key + ": must be a whole number (got \"" + value + "\")");
        }
    }

    /**
     * A JSON list from cdk.json, a JSON array string or a comma-separated string from {@code -c}.
     */
    List<String> strings(String key, List<String> defaultValue) {
        Object value = lookup.apply(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).map(String::strip).toList();
        }
        String text = value.toString().strip();
        if (text.startsWith("[")) {
            try {
                return Arrays.stream(new ObjectMapper().readValue(text, String[].class))
                        .map(String::strip)
                        .toList();
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "context " + key + ": not a JSON list of strings (got " + text + ")");
            }
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
