package dev.sluice.reports;

/**
 * Makes user-controlled strings (user names, paths, error messages, policy names) safe to show:
 * control characters and bidirectional overrides removed for text and subjects, and HTML-escaped
 * for the HTML part, so a path cannot add a mail header, inject markup or reorder what a reader
 * sees.
 */
final class UserText {

    private UserText() {}

    /** {@code value} without control characters, line breaks or bidirectional controls. */
    static String plain(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(c -> !hidden(c)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** {@link #plain(String)}, cut to {@code max} characters with an ellipsis. */
    static String plain(String value, int max) {
        String clean = plain(value);
        if (clean.codePointCount(0, clean.length()) <= max) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** {@link #plain(String)}, then escaped for HTML text and attribute values. */
    static String escape(String raw) {
        String value = plain(raw);
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hidden(int c) {
        return Character.isISOControl(c)
                || c == 0x2028
                || c == 0x2029
                || c == 0x200E
                || c == 0x200F
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
