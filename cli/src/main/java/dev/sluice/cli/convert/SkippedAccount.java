package dev.sluice.cli.convert;

/**
 * An account not converted.
 *
 * @param username the account's name, empty when its line had none
 * @param line the line of the source file it is on (0 when it is on none, such as a name given with
 *     {@code --usernames} but not found)
 * @param reason why, in words an operator can act on
 */
public record SkippedAccount(String username, int line, String reason) implements Outcome {}
