package dev.sluice.validation;

import dev.sluice.net.Cidr;
import dev.sluice.passwords.PasswordHasher;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field rules shared by several object types (names, e-mail, CIDR lists, ranges), each adding a
 * precise error to {@link Problems} so every validator words the same rule the same way.
 */
public final class FieldRules {

    /** SFTPGo's default naming rule; names also become S3 key segments and URL path segments. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]+");

    public static final int NAME_MAX = 255;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private FieldRules() {}

    /**
     * A user, admin or folder name: required, 1-255 of {@code A-Z a-z 0-9 . _ ~ -}, not "." or
     * "..".
     */
    public static void name(Problems problems, String field, String value) {
        if (value == null || value.isEmpty()) {
            problems.add(field, null, "is required");
        } else if (value.length() > NAME_MAX) {
            problems.add(field, value, "must be at most " + NAME_MAX + " characters");
        } else if (!NAME.matcher(value).matches()) {
            problems.add(field, value, "may only contain letters, digits and . _ ~ -");
        } else if (value.equals(".") || value.equals("..")) {
            problems.add(field, value, "must not be \".\" or \"..\"");
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    /**
     * An opaque identifier (connection ids and the like): 1-{@code max} of {@code A-Z a-z 0-9 _ -}.
     */
    public static void token(Problems problems, String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            problems.add(field, null, "is required");
        } else if (value.length() > max) {
            problems.add(field, value, "must be at most " + max + " characters");
        } else if (!TOKEN.matcher(value).matches()) {
            problems.add(field, value, "may only contain letters, digits, _ and -");
        }
    }

    public static final int PASSWORD_MIN_LENGTH = 8;
    public static final int PASSWORD_MAX_LENGTH = 1024;

    /**
     * A password as a client sends it: a hash in a supported format (stored as is; a malformed one
     * is refused rather than stored where nobody could log in with it) or a plain password of
     * 8-1024 characters (hashed before storage). Absent values are the caller's concern.
     */
    public static void password(Problems problems, String field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (PasswordHasher.detect(value).isSupported()) {
            PasswordHasher.problemWith(value)
                    .ifPresent(
                            problem -> problems.add(field, null, "the password hash " + problem));
            return;
        }
        if (value.length() < PASSWORD_MIN_LENGTH) {
            problems.add(field, null, "must be at least " + PASSWORD_MIN_LENGTH + " characters");
        } else if (value.length() > PASSWORD_MAX_LENGTH) {
            problems.add(field, null, "must be at most " + PASSWORD_MAX_LENGTH + " characters");
        }
    }

    public static void email(Problems problems, String field, String value) {
        if (value != null
                && !value.isEmpty()
                && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            problems.add(field, value, "must be an e-mail address such as user@example.com");
        }
    }

    public static void status(Problems problems, String field, int value) {
        if (value != 0 && value != 1) {
            problems.add(field, value, "must be 0 (disabled) or 1 (enabled)");
        }
    }

    public static void nonNegative(Problems problems, String field, long value, String unit) {
        if (value < 0) {
            problems.add(field, value, "must be 0 or more (" + unit + ")");
        }
    }

    public static void atLeast(
            Problems problems, String field, long value, long min, String meaning) {
        if (value < min) {
            problems.add(field, value, "must be " + min + " or more (" + meaning + ")");
        }
    }

    public static void maxLength(Problems problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(field, value, "must be at most " + max + " characters");
        }
    }

    /**
     * A list of CIDRs ("192.0.2.0/24", "2001:db8::/32"), no duplicates; returns them in their
     * canonical spelling ({@link Cidr#canonical()}), which is what gets stored.
     */
    public static List<String> cidrs(Problems problems, String field, List<String> values) {
        Set<Cidr> seen = new HashSet<>();
        List<String> canonical = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            var cidr = Cidr.parse(value);
            if (cidr.isEmpty()) {
                problems.add(
                        field + "[" + i + "]",
                        value,
                        "must be an IP network in CIDR notation, such as 192.0.2.0/24 or 2001:db8::/32 (no leading zeros)");
            } else if (!seen.add(cidr.get())) {
                problems.add(
                        field + "[" + i + "]",
                        value,
                        "is listed twice (as " + cidr.get().canonical() + ")");
            } else {
                canonical.add(cidr.get().canonical());
            }
        }
        return canonical;
    }
}
