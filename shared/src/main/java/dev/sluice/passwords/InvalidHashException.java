package dev.sluice.passwords;

/**
 * A stored hash that has a known prefix but cannot be verified: malformed, or with cost parameters
 * beyond this gateway's limits. The message completes "the password hash ..." for a user, e.g. "has
 * bcrypt cost 99; 4 to 16 is supported".
 */
final class InvalidHashException extends Exception {

    InvalidHashException(String problem) {
        super(problem, null, false, false);
    }
}
