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
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one JSON configuration of Sluice: SFTPGo's snake_case field names, strict input.
 *
 * <p>Input is strict so that mistakes surface instead of passing silently: unknown fields
 * (other than the SFTPGo fields a type lists as accepted-and-ignored), wrong types, strings
 * where numbers belong, floats where integers belong, duplicate keys and trailing garbage are all
 * refused with a {@link ValidationException} naming the field.
 */
public final class Json {

    private static final ObjectMapper MAPPER = build();

    private Json() {
    }

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
        if (json == null || json.isBlank()) {
            throw new ValidationException(new FieldError("body", null, "a JSON document is required"));
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new ValidationException(new FieldError("body", "null", "a JSON document is required, not null"));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw translate(e);
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
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown, unknown.getPropertyName());
            return new ValidationException(new FieldError(field, null,
                "unknown field; allowed fields here: " + unknown.getKnownPropertyIds()));
        }
        if (e instanceof InvalidFormatException invalid) {
            return new ValidationException(FieldError.of(path(invalid, null), invalid.getValue(),
                "wrong type: expected " + describe(invalid.getTargetType())));
        }
        if (e instanceof MismatchedInputException mismatched) {
            String field = path(mismatched, null);
            Class<?> target = mismatched.getTargetType();
            String expected = target == null ? "a different JSON type" : describe(target);
            String message = mismatched.getOriginalMessage();
            if (message != null && message.contains("Duplicate")) {
                return new ValidationException(new FieldError(field, null, "duplicate field"));
            }
            return new ValidationException(new FieldError(field, null, "wrong type: expected " + expected));
        }
        if (e instanceof JsonParseException parse) {
            String message = parse.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return new ValidationException(new FieldError("body", null, message.replace('\'', '"')));
            }
            var location = parse.getLocation();
            return new ValidationException(new FieldError("body", null,
                "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr()
                    + ": " + firstLine(message)));
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof ValidationException inner) {
            return inner;
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof IllegalArgumentException bad) {
            return new ValidationException(new FieldError(path(mapping, null), null, bad.getMessage()));
        }
        return new ValidationException(new FieldError("body", null, "malformed JSON: " + firstLine(e.getOriginalMessage())));
    }

    private static String path(JsonMappingException e, String leaf) {
        StringBuilder out = new StringBuilder();
        List<JsonMappingException.Reference> refs = e.getPath();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
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
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
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
        JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // null for a number means 0, as in SFTPGo (Go's zero values); absent fields default too.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // SFTPGo omits empty optional fields; numbers (even 0) are always written.
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();
        // No silent "" -> 0 / null -> "" style coercions: types must match.
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Bound what one document may cost to parse (the API also caps the body size).
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(32).build());
        return mapper;
    }

    /** For tests and callers that hold raw bytes. */
    public static <T> T read(byte[] json, Class<T> type) {
        return read(new String(json, java.nio.charset.StandardCharsets.UTF_8), type);
    }

}
