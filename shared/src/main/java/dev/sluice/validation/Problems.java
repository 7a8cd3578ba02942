package dev.sluice.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects field errors while a validator walks an object, so a user sees every problem at once.
 * Paths nest with {@link #at(String)}: {@code problems.at("filters").add("allowed_ip[0]", ...)}.
 */
public final class Problems {

    private final List<FieldError> errors;
    private final String prefix;

    public Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<FieldError> errors, String prefix) {
        this.errors = errors;
        this.prefix = prefix;
    }

    /** A view that adds errors under {@code field} of this view's path, sharing one list. */
    public Problems at(String field) {
        return new Problems(errors, join(field));
    }

    public Problems add(String field, Object value, String problem) {
        errors.add(FieldError.of(join(field), value, problem));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Throws a {@link ValidationException} carrying every error collected, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private String join(String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }
}
