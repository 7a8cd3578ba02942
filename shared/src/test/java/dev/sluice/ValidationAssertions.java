package dev.sluice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts on the exact error text a user sees. */
public final class ValidationAssertions {

    private ValidationAssertions() {}

    /** Runs {@code call} and returns the described errors ("field: problem (got "x")"). */
    public static List<String> errorsOf(ThrowingCallable call) {
        java.util.concurrent.atomic.AtomicReference<List<String>> out =
                new java.util.concurrent.atomic.AtomicReference<>();
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> out.set(e.errors().stream().map(FieldError::describe).toList()));
        return out.get();
    }
}
