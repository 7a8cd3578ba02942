package dev.sluice.schedule;

/** Digit checks that accept ASCII digits only and never overflow. */
final class Numbers {

    private Numbers() {}

    /** True for one or more of 0-9 (not Unicode digits such as U+0663, not a sign). */
    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** True when the digits stand for a number above {@code max}, however many there are. */
    static boolean exceeds(String digits, long max) {
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 18) {
            return true;
        }
        return Long.parseLong(trimmed) > max;
    }
}
