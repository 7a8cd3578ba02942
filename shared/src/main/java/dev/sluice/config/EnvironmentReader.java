package dev.sluice.config;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import dev.sluice.validation.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one component's settings from an environment ({@code System.getenv()} on AWS), collecting
 * every problem instead of stopping at the first: {@link #check()} then reports them all at once. A
 * blank variable counts as unset. A component reads only the settings that name it as a reader, so
 * {@link Setting#readBy()} (and the docs built from it) cannot drift from the code.
 *
 * <pre>{@code
 * EnvironmentReader env = new EnvironmentReader(System.getenv(), Component.SFTP_TASK);
 * int port = env.get(Settings.SFTP_PORT);
 * Optional<URI> s3 = env.optional(Settings.S3_ENDPOINT);
 * env.check();  // before using any value: a missing or invalid one is null
 * }</pre>
 */
public final class EnvironmentReader {

    private final Map<String, String> environment;
    private final Component component;
    private final List<FieldError> problems = new ArrayList<>();
    private final Set<Setting<?>> consulted = new LinkedHashSet<>();

    public EnvironmentReader(Map<String, String> environment, Component component) {
        this.environment = Map.copyOf(environment);
        this.component = component;
    }

    public Component component() {
        return component;
    }

    /**
     * The value of a setting this component requires or that has a default: the default when unset
     * or invalid; null when required and unset or invalid. Problems are recorded for {@link
     * #check()}, so a config can be assembled from what was read (no null where a default exists)
     * and then checked.
     */
    public <T> T get(Setting<T> setting) {
        readable(setting);
        boolean required = setting.isRequiredFor(component);
        if (!required && setting.defaultValue().isEmpty()) {
            throw new IllegalArgumentException(
                    setting
                            + " is optional for the "
                            + component.label()
                            + ": read it with optional()");
        }
        String raw = raw(setting);
        if (raw == null) {
            if (required) {
                problems.add(
                        FieldError.of(
                                setting.variable(),
                                null,
                                "required but not set (" + setting.description() + ")"));
                return null;
            }
            return setting.defaultValue().get();
        }
        return parse(setting, raw).orElse(setting.defaultValue().orElse(null));
    }

    /**
     * The value of a setting this component can do without and that has no default; empty when
     * unset or invalid.
     */
    public <T> Optional<T> optional(Setting<T> setting) {
        readable(setting);
        if (setting.isRequiredFor(component) || setting.defaultValue().isPresent()) {
            throw new IllegalArgumentException(
                    setting
                            + " always has a value for the "
                            + component.label()
                            + ": read it with get()");
        }
        String raw = raw(setting);
        return raw == null ? Optional.empty() : parse(setting, raw);
    }

    /** The table names: {@link Settings#TABLE_PREFIX} and the per-table overrides. */
    public TableNames tables() {
        String prefix = get(Settings.TABLE_PREFIX);
        Map<String, String> overrides = new HashMap<>();
        for (TableSpec spec : Tables.ALL) {
            optional(Settings.table(spec)).ifPresent(name -> overrides.put(spec.id(), name));
        }
        return new TableNames(prefix == null ? "" : prefix, overrides);
    }

    /** Every problem found so far. */
    public List<FieldError> problems() {
        return List.copyOf(problems);
    }

    /** Every setting read so far. */
    public Set<Setting<?>> consulted() {
        return Set.copyOf(consulted);
    }

    /** Throws a {@link ConfigurationException} with every problem found, if there is any. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    private void readable(Setting<?> setting) {
        if (!setting.readBy().contains(component)) {
            throw new IllegalArgumentException(
                    setting + " is not read by the " + component.label() + " (see Setting.readBy)");
        }
    }

    private String raw(Setting<?> setting) {
        consulted.add(setting);
        String raw = environment.get(setting.variable());
        return raw == null || raw.isBlank() ? null : raw;
    }

    private <T> Optional<T> parse(Setting<T> setting, String raw) {
        try {
            return Optional.of(setting.parse(raw));
        } catch (IllegalArgumentException e) {
            problems.add(FieldError.of(setting.variable(), raw, e.getMessage()));
            return Optional.empty();
        }
    }
}
