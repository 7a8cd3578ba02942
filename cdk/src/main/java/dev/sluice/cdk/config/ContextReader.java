package dev.sluice.cdk.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.Setting;
import dev.sluice.config.Settings;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** {@code true} or {@code false} in any case, a JSON boolean from cdk.json or a string. */
    boolean bool(String key, boolean defaultValue) {
        return string(key)
                .map(
                        text ->
                                switch (text.toLowerCase(Locale.ROOT)) {
                                    case "true" -> true;
                                    case "false" -> false;
                                    default ->
                                            throw new IllegalArgumentException(
                                                    "context "
                                                            + key
                                                            + ": must be true or false, got \""
                                                            + text
                                                            + "\"");
                                })
                .orElse(defaultValue);
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

    /**
     * The parameter that carries one runtime setting ({@link #parameterOf}), read with the
     * setting's own parser so that synthesis refuses what the function or task would refuse at
     * start. A list (from cdk.json, or a JSON array from {@code -c}) is the setting's
     * comma-separated text; blank is absent.
     *
     * @throws IllegalArgumentException naming the parameter and what is allowed
     */
    <T> Optional<T> optional(Setting<T> setting) {
        String key = parameterOf(setting);
        Object value = lookup.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().strip();
        if (value instanceof List<?> || text.startsWith("[")) {
            text = String.join(",", strings(key, List.of()));
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(setting.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "context " + key + ": " + e.getMessage() + ", got \"" + text + "\"");
        }
    }

    /** {@link #optional(Setting)}, or the setting's default when the parameter is absent. */
    <T> T setting(Setting<T> setting) {
        return optional(setting)
                .orElseGet(
                        () ->
                                setting.defaultValue()
                                        .orElseThrow(
                                                () ->
                                                        new IllegalStateException(
                                                                setting + " has no default")));
    }

    /**
     * The context parameter that carries a setting: its variable in camel case without {@code
     * SLUICE_} ({@code SLUICE_DEFENDER_BAN_TIME_MINUTES} is {@code defenderBanTimeMinutes}), so the
     * two names cannot drift apart.
     */
    static String parameterOf(Setting<?> setting) {
        String[] words =
                setting.variable()
                        .substring("SLUICE_".length())
                        .toLowerCase(Locale.ROOT)
                        .split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }

    /**
     * A rule across settings that the runtime's own check broke (scores against the threshold),
     * told in parameter names rather than variable names.
     */
    static IllegalArgumentException inParameterNames(ConfigurationException e) {
        List<Setting<?>> longestFirst =
                Settings.ALL.stream()
                        .sorted(
                                Comparator.comparingInt((Setting<?> s) -> s.variable().length())
                                        .reversed())
                        .toList();
        String text =
                e.problems().stream()
                        .map(
                                problem -> {
                                    String line = "context " + problem.describe();
                                    for (Setting<?> s : longestFirst) {
                                        line = line.replace(s.variable(), parameterOf(s));
                                    }
                                    return line;
                                })
                        .collect(Collectors.joining("; "));
        return new IllegalArgumentException(text, e);
    }
}
