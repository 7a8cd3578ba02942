package dev.sluice.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Input that cannot be accepted; carries every field error found, not just the first. */
public final class ValidationException extends RuntimeException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(render(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ValidationException(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String render(List<FieldError> errors) {
        return errors.stream().map(FieldError::describe).collect(Collectors.joining("; "));
    }
}
