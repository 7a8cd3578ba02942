package dev.sluice.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one JSON configuration of Sluice: SFTPGo's snake_case field names, strict input.
 *
 * <p>Input is strict so that mistakes surface instead of passing silently: unknown fields (other
 * than the SFTPGo fields a type lists as accepted-and-ignored), wrong types, strings where numbers
 * belong, floats where integers belong, duplicate keys and trailing garbage are all refused with a
 * {@link ValidationException} naming the field.
 */
public final class Json {

    private static final ObjectMapper MAPPER = build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code json} as {@code type}; bad input raises {@link ValidationException}. */
    public static <T> T read(String json, Class<T> type) {
        return read(json, MAPPER.constructType(type));
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return read(json, MAPPER.constructType(type));
    }

    public static <T> T read(String json, JavaType type) {
        return read(json, type, null);
    }

    /**
     * Parses {@code json} as {@code type} and reports every problem of the document at once:
     * unknown fields and wrong types anywhere in it (not just the first), and, when {@code
     * validator} is given, the rule violations of the rest of the document too. Without binding
     * problems the value is returned unvalidated (the service validates it).
     *
     * <p>How: bind; on a failure, record it, remove the offending field (or array element) from the
     * parsed tree and bind again, until the rest binds. The partially bound value then goes through
     * {@code validator}; its errors on fields already reported are dropped.
     */
    public static <T> T read(String json, Class<T> type, Consumer<? super T> validator) {
        return read(json, MAPPER.constructType(type), validator);
    }

    private static <T> T read(String json, JavaType type, Consumer<? super T> validator) {
        if (json == null || json.isBlank()) {
            throw new ValidationException(
                    new FieldError("body", null, "a JSON document is required"));
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw translate(e);
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            throw new ValidationException(
                    new FieldError("body", "null", "a JSON document is required, not null"));
        }
        List<FieldError> problems = new ArrayList<>();
        Removals removals = new Removals(tree);
        for (int attempt = 0; attempt <= MAX_REPORTED_PROBLEMS; attempt++) {
            try {
                T value = MAPPER.readerFor(type).readValue(tree);
                if (problems.isEmpty()) {
                    return value;
                }
                throw new ValidationException(withRuleProblems(problems, value, validator));
            } catch (JsonProcessingException e) {
                problems.add(translate(e, removals).errors().getFirst());
                if (!(e instanceof JsonMappingException mapping) || !removals.remove(mapping)) {
                    throw new ValidationException(problems);
                }
            } catch (java.io.IOException e) {
                // Binding from a parsed tree does no I/O; anything else here is a bug.
                throw new UncheckedIOException(e);
            }
        }
        throw new ValidationException(problems);
    }

    /** Bounds the work one hostile document can cause (each problem costs one more bind). */
    static final int MAX_REPORTED_PROBLEMS = 50;

    private static <T> List<FieldError> withRuleProblems(
            List<FieldError> problems, T value, Consumer<? super T> validator) {
        if (validator == null) {
            return problems;
        }
        List<FieldError> all = new ArrayList<>(problems);
        try {
            validator.accept(value);
        } catch (ValidationException rules) {
            for (FieldError error : rules.errors()) {
                boolean reported =
                        problems.stream().anyMatch(p -> covers(p.field(), error.field()));
                if (!reported) {
                    all.add(error);
                }
            }
        } catch (RuntimeException partial) {
            // The document is half-bound on purpose; a rule tripping over a missing part adds
            // nothing.
        }
        return all;
    }

    /**
     * True when {@code field} is {@code reported} or lies inside it ("a.b" covers "a.b.c" and
     * "a.b[0]").
     */
    private static boolean covers(String reported, String field) {
        return field.equals(reported)
                || field.startsWith(reported + ".")
                || field.startsWith(reported + "[")
                || reported.equals("body");
    }

    /**
     * The fields removed from a document while collecting its problems. Array elements are removed
     * too, so later indexes shift: this remembers each array's original positions, so a problem is
     * always reported at the index the client sent.
     */
    private static final class Removals {
        private final JsonNode root;
        private final Map<JsonNode, List<Integer>> positions = new IdentityHashMap<>();

        Removals(JsonNode root) {
            this.root = root;
        }

        /**
         * Removes the node a mapping problem points at; false when there is nothing to remove (the
         * root).
         */
        boolean remove(JsonMappingException e) {
            List<JsonMappingException.Reference> refs = new ArrayList<>(e.getPath());
            if (e instanceof UnrecognizedPropertyException unknown
                    && (refs.isEmpty()
                            || !unknown.getPropertyName().equals(refs.getLast().getFieldName()))) {
                refs.add(new JsonMappingException.Reference(null, unknown.getPropertyName()));
            }
            if (refs.isEmpty()) {
                return false;
            }
            JsonNode parent = root;
            for (int i = 0; i < refs.size() - 1; i++) {
                parent = child(parent, refs.get(i));
                if (parent == null) {
                    return false;
                }
            }
            JsonMappingException.Reference last = refs.getLast();
            if (parent instanceof ObjectNode object
                    && last.getFieldName() != null
                    && object.has(last.getFieldName())) {
                object.remove(last.getFieldName());
                return true;
            }
            if (parent instanceof ArrayNode array
                    && last.getIndex() >= 0
                    && last.getIndex() < array.size()) {
                List<Integer> original =
                        positions.computeIfAbsent(
                                array,
                                a -> {
                                    List<Integer> all = new ArrayList<>();
                                    for (int i = 0; i < a.size(); i++) {
                                        all.add(i);
                                    }
                                    return all;
                                });
                original.remove(last.getIndex());
                array.remove(last.getIndex());
                return true;
            }
            return false;
        }

        private static JsonNode child(JsonNode node, JsonMappingException.Reference ref) {
            if (ref.getFieldName() != null) {
                return node.get(ref.getFieldName());
            }
            return ref.getIndex() >= 0 ? node.get(ref.getIndex()) : null;
        }

        /**
         * The index the client sent for position {@code index} of the array reached by {@code
         * refs[0..upTo)}.
         */
        int originalIndex(List<JsonMappingException.Reference> refs, int upTo, int index) {
            JsonNode node = root;
            for (int i = 0; i < upTo && node != null; i++) {
                node = child(node, refs.get(i));
            }
            List<Integer> original = node == null ? null : positions.get(node);
            return original == null || index >= original.size() ? index : original.get(index);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only our own model types are written: failing here is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
    }

    /** Turns Jackson's exception into the field error a user can act on. */
    static ValidationException translate(JsonProcessingException e) {
        return translate(e, null);
    }

    private static ValidationException translate(JsonProcessingException e, Removals removals) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown, unknown.getPropertyName(), removals);
            return new ValidationException(
                    new FieldError(
                            field,
                            null,
                            "unknown field; allowed fields here: "
                                    + unknown.getKnownPropertyIds()));
        }
        if (e instanceof InvalidFormatException invalid) {
            return new ValidationException(
                    FieldError.of(
                            path(invalid, null, removals),
                            invalid.getValue(),
                            "wrong type: expected " + describe(invalid.getTargetType())));
        }
        if (e instanceof MismatchedInputException mismatched) {
            String field = path(mismatched, null, removals);
            Class<?> target = mismatched.getTargetType();
            String expected = target == null ? "a different JSON type" : describe(target);
            String message = mismatched.getOriginalMessage();
            if (message != null && message.contains("Duplicate")) {
                return new ValidationException(new FieldError(field, null, "duplicate field"));
            }
            return new ValidationException(
                    new FieldError(field, null, "wrong type: expected " + expected));
        }
        if (e instanceof JsonParseException parse) {
            String message = parse.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return new ValidationException(
                        new FieldError("body", null, message.replace('\'', '"')));
            }
            var location = parse.getLocation();
            return new ValidationException(
                    new FieldError(
                            "body",
                            null,
                            "malformed JSON at line "
                                    + location.getLineNr()
                                    + ", column "
                                    + location.getColumnNr()
                                    + ": "
                                    + firstLine(message)));
        }
        if (e instanceof JsonMappingException mapping
                && mapping.getCause() instanceof ValidationException inner) {
            return inner;
        }
        if (e instanceof JsonMappingException mapping
                && mapping.getCause() instanceof IllegalArgumentException bad) {
            return new ValidationException(
                    new FieldError(path(mapping, null, removals), null, bad.getMessage()));
        }
        return new ValidationException(
                new FieldError(
                        "body", null, "malformed JSON: " + firstLine(e.getOriginalMessage())));
    }

    private static String path(JsonMappingException e, String leaf, Removals removals) {
        StringBuilder out = new StringBuilder();
        List<JsonMappingException.Reference> refs = e.getPath();
        for (int i = 0; i < refs.size(); i++) {
            JsonMappingException.Reference ref = refs.get(i);
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                int index =
                        removals == null
                                ? ref.getIndex()
                                : removals.originalIndex(refs, i, ref.getIndex());
                out.append('[').append(index).append(']');
            }
        }
        if (leaf != null && (refs.isEmpty() || !leaf.equals(refs.getLast().getFieldName()))) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(leaf);
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static ObjectMapper build() {
        JsonMapper mapper =
                JsonMapper.builder()
                        .propertyNamingStrategy(
                                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        // null for a number means 0, as in SFTPGo (Go's zero values); absent fields
                        // default too.
                        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                        // SFTPGo omits empty optional fields; numbers (even 0) are always written.
                        .defaultPropertyInclusion(
                                JsonInclude.Value.construct(
                                        JsonInclude.Include.NON_EMPTY,
                                        JsonInclude.Include.NON_EMPTY))
                        .build();
        // No silent "" -> 0 / null -> "" style coercions: types must match.
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Bound what one document may cost to parse (the API also caps the body size).
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(64)
                                .maxStringLength(1_000_000)
                                .maxNumberLength(32)
                                .build());
        return mapper;
    }

    /** For tests and callers that hold raw bytes. */
    public static <T> T read(byte[] json, Class<T> type) {
        return read(new String(json, java.nio.charset.StandardCharsets.UTF_8), type);
    }
}
