package dev.sluice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts on the exact error text a user sees. */
public final class ValidationAssertions {

    private ValidationAssertions() {
    }

    /** Runs {@code call} and returns the described errors ("field: problem (got "x")"). */
    public static List<String> errorsOf(ThrowingCallable call) {
        List<String>[] out = new List[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
            e -> out[0] = e.errors().stream().map(FieldError::describe).toList());
        return out[0];
    }
}
