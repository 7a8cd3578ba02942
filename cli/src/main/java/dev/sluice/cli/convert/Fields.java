package dev.sluice.cli.convert;

import java.util.OptionalLong;

/** Number fields of account files, read strictly: a bad one names its field and value. */
final class Fields {

    private Fields() {}

    /** A field that held something other than what its format allows. */
    static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;

        BadField(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A required non-negative integer of at most {@code max}.
     *
     * @param name the field's name and position for the message, such as "uid (field 3)"
     */
    static long number(String value, String name, long max) throws BadField {
        OptionalLong parsed = optionalNumber(value, name, max);
        if (parsed.isEmpty()) {
            throw new BadField(name + " is empty; a number is required");
        }
        return parsed.getAsLong();
    }

    /** As {@link #number}, but an empty field is absent (Pure-FTPd's "no limit"). */
    static OptionalLong optionalNumber(String value, String name, long max) throws BadField {
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadField(name + " \"" + shorten(value) + "\" is not a number 0 to " + max);
        }
        long n = Long.parseLong(value);
        if (n > max) {
            throw new BadField(name + " " + n + " is above " + max);
        }
        return OptionalLong.of(n);
    }

    static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 37) + "..." : value;
    }
}
