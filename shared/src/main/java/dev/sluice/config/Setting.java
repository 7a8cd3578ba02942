package dev.sluice.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configuration key (as MINA SSHD's typed {@code Property} keys): the environment variable, its
 * type and allowed values, its default or whether it is required, which components read it, and
 * what it means. Defined once in {@link Settings}; the runtime reads it through an {@link
 * EnvironmentReader}, the CDK stacks write it with {@link #put}, and the docs' table is checked
 * against it.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    private static final Pattern NAME = Pattern.compile("SLUICE_[A-Z0-9_]+");

    private final String variable;
    private final Kind<T> kind;
    private final Optional<T> defaultValue;
    private final String whenUnset;
    private final Set<Component> readBy;
    private final Set<Component> requiredBy;
    private final String description;

    private Setting(Builder<T> b) {
        this.variable = b.variable;
        this.kind = b.kind;
        this.defaultValue = Optional.ofNullable(b.defaultValue);
        this.whenUnset = b.whenUnset;
        this.readBy = Set.copyOf(b.readBy);
        this.requiredBy = Set.copyOf(b.requiredBy);
        this.description = b.description;
    }

    /** Any non-blank text (leading and trailing blanks are dropped). */
    public static Builder<String> text(String variable) {
        return new Builder<>(variable, new Kind<>("any text", s -> s, s -> s, false));
    }

    /** A whole number between {@code min} and {@code max}, inclusive. */
    public static Builder<Integer> integer(String variable, int min, int max) {
        return new Builder<>(variable, Kind.whole(min, max, n -> (int) n, Integer::longValue));
    }

    /** A whole number of seconds between {@code min} and {@code max}, inclusive. */
    public static Builder<Duration> seconds(String variable, long min, long max) {
        return new Builder<>(
                variable, Kind.whole(min, max, Duration::ofSeconds, Setting::wholeSeconds));
    }

    /** A whole number of minutes between {@code min} and {@code max}, inclusive. */
    public static Builder<Duration> minutes(String variable, long min, long max) {
        return new Builder<>(
                variable,
                Kind.whole(
                        min,
                        max,
                        Duration::ofMinutes,
                        d ->
                                wholeSeconds(d) % 60 == 0
                                        ? d.toMinutes()
                                        : fail("must be whole minutes")));
    }

    /** {@code true} or {@code false}, in any case. */
    public static Builder<Boolean> bool(String variable) {
        return new Builder<>(
                variable,
                new Kind<>(
                        "true or false",
                        s ->
                                switch (s.toLowerCase(Locale.ROOT)) {
                                    case "true" -> true;
                                    case "false" -> false;
                                    default -> fail("must be true or false");
                                },
                        b -> Boolean.toString(b)));
    }

    /**
     * One of an enum's constants, named in lower case with hyphens for underscores (read in any
     * case).
     */
    public static <E extends Enum<E>> Builder<E> choice(String variable, Class<E> type) {
        String names =
                Arrays.stream(type.getEnumConstants())
                        .map(Setting::lower)
                        .collect(Collectors.joining(" or "));
        return new Builder<>(
                variable,
                new Kind<>(
                        names,
                        s ->
                                Arrays.stream(type.getEnumConstants())
                                        .filter(e -> lower(e).equals(s.toLowerCase(Locale.ROOT)))
                                        .findFirst()
                                        .orElseGet(() -> fail("must be " + names)),
                        Setting::lower));
    }

    /** An absolute http or https URI. */
    public static Builder<URI> uri(String variable) {
        return new Builder<>(
                variable,
                new Kind<>(
                        "an http or https URI",
                        s -> {
                            URI uri;
                            try {
                                uri = new URI(s);
                            } catch (java.net.URISyntaxException e) {
                                return fail(
                                        "must be an http or https URI such as http://127.0.0.1:9000");
                            }
                            if (uri.getHost() == null
                                    || !("http".equals(uri.getScheme())
                                            || "https".equals(uri.getScheme()))) {
                                return fail(
                                        "must be an http or https URI such as http://127.0.0.1:9000");
                            }
                            return uri;
                        },
                        URI::toString));
    }

    /**
     * A comma-separated list of e-mail addresses, each checked as a report recipient is ({@link
     * dev.sluice.mail.EmailAddress#parseAll}): a bad address, a duplicate or too many stop the
     * start.
     */
    public static Builder<java.util.List<String>> emailAddresses(String variable) {
        return new Builder<>(
                variable,
                new Kind<>(
                        "comma-separated e-mail addresses (at most "
                                + dev.sluice.mail.EmailAddress.MAX_RECIPIENTS
                                + ")",
                        s -> {
                            java.util.List<String> parts =
                                    Arrays.stream(s.split(",", -1)).map(String::strip).toList();
                            try {
                                return dev.sluice.mail.EmailAddress.parseAll(parts, variable)
                                        .stream()
                                        .map(dev.sluice.mail.EmailAddress::address)
                                        .toList();
                            } catch (dev.sluice.validation.ValidationException e) {
                                return fail(
                                        e.errors().stream()
                                                .map(
                                                        f ->
                                                                f.field()
                                                                        + " \""
                                                                        + f.value()
                                                                        + "\" "
                                                                        + f.problem())
                                                .collect(Collectors.joining("; ")));
                            }
                        },
                        list -> String.join(",", list)));
    }

    /**
     * A comma-separated list of networks: CIDRs ("192.0.2.0/24", "2001:db8::/32") or single
     * addresses (a /32 or /128), literal only (no DNS); at most 1,000.
     */
    public static Builder<java.util.List<dev.sluice.net.Cidr>> networks(String variable) {
        return new Builder<>(
                variable,
                new Kind<>(
                        "comma-separated IP addresses or CIDR networks (at most 1000)",
                        s -> {
                            java.util.List<dev.sluice.net.Cidr> out = new java.util.ArrayList<>();
                            for (String part : s.split(",", -1)) {
                                String text = part.strip();
                                java.util.Optional<dev.sluice.net.Cidr> cidr =
                                        text.contains("/")
                                                ? dev.sluice.net.Cidr.parse(text)
                                                : dev.sluice.net.Cidr.address(text)
                                                        // the address's own spelling: an
                                                        // IPv4-mapped one is its IPv4 host
                                                        .flatMap(
                                                                a ->
                                                                        dev.sluice.net.Cidr.parse(
                                                                                dev.sluice.net.Cidr
                                                                                                .text(
                                                                                                        a)
                                                                                        + "/"
                                                                                        + a
                                                                                                        .getAddress()
                                                                                                        .length
                                                                                                * 8));
                                if (cidr.isEmpty()) {
                                    return fail(
                                            "\""
                                                    + text
                                                    + "\" is not an IP address or CIDR network such as 192.0.2.0/24");
                                }
                                out.add(cidr.get());
                            }
                            if (out.size() > 1000) {
                                return fail("at most 1000 networks");
                            }
                            return java.util.List.copyOf(out);
                        },
                        list ->
                                list.stream()
                                        .map(dev.sluice.net.Cidr::canonical)
                                        .collect(Collectors.joining(","))));
    }

    /** The environment variable. */
    public String variable() {
        return variable;
    }

    /** What the setting means, one line. */
    public String description() {
        return description;
    }

    /** The components that read it. */
    public Set<Component> readBy() {
        return readBy;
    }

    /** Whether {@code component} cannot start without it. */
    public boolean isRequiredFor(Component component) {
        return requiredBy.contains(component);
    }

    /** The value when the variable is unset, if it has one. */
    public Optional<T> defaultValue() {
        return defaultValue;
    }

    /**
     * The values allowed, as the docs and error messages say it: "an integer between 1 and 3600".
     */
    public String allowed() {
        return kind.allowed;
    }

    /**
     * The default as the docs show it: the value, "required", "required by the API functions" (with
     * what the others do without it), or what happens when it is unset ("none", "the host name").
     */
    public String defaultText() {
        if (defaultValue.isPresent()) {
            return kind.format.apply(defaultValue.get());
        }
        if (requiredBy.equals(readBy)) {
            return "required";
        }
        if (requiredBy.isEmpty()) {
            return whenUnset;
        }
        return "required by the "
                + requiredBy.stream()
                        .sorted()
                        .map(Component::label)
                        .collect(Collectors.joining(", "))
                + "; otherwise "
                + whenUnset;
    }

    /**
     * Reads a value from its text (blanks around it dropped).
     *
     * @throws IllegalArgumentException saying what is allowed, when the text is not
     */
    public T parse(String text) {
        return kind.parse.apply(text.strip());
    }

    /**
     * The text that {@link #parse} reads back as {@code value}.
     *
     * @throws IllegalArgumentException when the value is outside what is allowed
     */
    public String format(T value) {
        Objects.requireNonNull(value, variable);
        String text = kind.format.apply(value);
        if (kind.checksRange) {
            parse(text); // the range check
        }
        return text;
    }

    /**
     * Writes the variable into an environment (how the CDK stacks configure functions and tasks).
     */
    public void put(Map<String, String> environment, T value) {
        environment.put(variable, format(value));
    }

    @Override
    public String toString() {
        return variable;
    }

    private static long wholeSeconds(Duration d) {
        if (d.toNanos() % 1_000_000_000L != 0) {
            fail("must be whole seconds");
        }
        return d.toSeconds();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <V> V fail(String problem) {
        throw new IllegalArgumentException(problem);
    }

    /**
     * How one type of value is read and written. Only text is written unchecked (it can be a CDK
     * token).
     */
    private record Kind<T>(
            String allowed,
            Function<String, T> parse,
            Function<T, String> format,
            boolean checksRange) {

        Kind(String allowed, Function<String, T> parse, Function<T, String> format) {
            this(allowed, parse, format, true);
        }

        static <T> Kind<T> whole(
                long min,
                long max,
                java.util.function.LongFunction<T> of,
                java.util.function.ToLongFunction<T> value) {
            String allowed = "an integer between " + min + " and " + max;
            return new Kind<>(
                    allowed,
                    s -> {
                        long n;
                        try {
                            n = Long.parseLong(s);
                        } catch (NumberFormatException e) {
                            return fail("must be " + allowed);
                        }
                        if (n < min || n > max) {
                            return fail("must be " + allowed);
                        }
                        return of.apply(n);
                    },
                    v -> Long.toString(value.applyAsLong(v)));
        }
    }

    /** Defines a setting; {@link #build()} checks the definition is complete. */
    public static final class Builder<T> {
        private final String variable;
        private final Kind<T> kind;
        private T defaultValue;
        private String whenUnset = "none";
        private final Set<Component> readBy = EnumSet.noneOf(Component.class);
        private final Set<Component> requiredBy = EnumSet.noneOf(Component.class);
        private String description;
        private boolean requiredByAll;

        private Builder(String variable, Kind<T> kind) {
            if (!NAME.matcher(variable).matches()) {
                throw new IllegalArgumentException(
                        "a setting's variable is SLUICE_ and capitals, got " + variable);
            }
            this.variable = variable;
            this.kind = kind;
        }

        public Builder<T> readBy(Component... components) {
            readBy.addAll(Arrays.asList(components));
            return this;
        }

        /** Every component that reads it needs it. */
        public Builder<T> required() {
            this.requiredByAll = true;
            return this;
        }

        /** These components need it; the others do without ({@link #whenUnset}). */
        public Builder<T> requiredBy(Component... components) {
            requiredBy.addAll(Arrays.asList(components));
            return this;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** What happens without it, for the docs ("none", "the host name"). */
        public Builder<T> whenUnset(String text) {
            this.whenUnset = text;
            return this;
        }

        public Builder<T> description(String text) {
            this.description = text;
            return this;
        }

        public Setting<T> build() {
            if (requiredByAll) {
                requiredBy.addAll(readBy);
            }
            if (readBy.isEmpty() || description == null || description.isBlank()) {
                throw new IllegalStateException(
                        variable + ": a setting says who reads it and what it means");
            }
            if (!readBy.containsAll(requiredBy) || defaultValue != null && !requiredBy.isEmpty()) {
                throw new IllegalStateException(
                        variable
                                + ": required by a component that does not read it, or required with a default");
            }
            Setting<T> setting = new Setting<>(this);
            if (defaultValue != null) {
                setting.format(
                        defaultValue); // a default outside the range is a mistake in the definition
            }
            return setting;
        }
    }
}
