package dev.sluice.quota;

import dev.sluice.validation.FieldError;
import java.util.List;

/** What an administrator's change of a user's or folder's usage counters came to. */
public sealed interface UsageUpdate
        permits UsageUpdate.Updated, UsageUpdate.NotFound, UsageUpdate.Invalid {

    /** The counters changed, in one conditional write. */
    record Updated() implements UsageUpdate {}

    /** No such user or folder: it has no counters. */
    record NotFound() implements UsageUpdate {}

    /**
     * The values cannot be applied (a negative reset, a result past the counter's range); nothing
     * changed.
     */
    record Invalid(List<FieldError> errors) implements UsageUpdate {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
