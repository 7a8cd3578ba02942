package dev.sluice.local;

/** A reason the local system cannot start that the user can fix; printed without a stack trace. */
public final class LocalStartupException extends RuntimeException {

    public LocalStartupException(String message) {
        super(message);
    }

    public LocalStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
