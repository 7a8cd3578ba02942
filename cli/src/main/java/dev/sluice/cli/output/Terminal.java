package dev.sluice.cli.output;

/**
 * Makes text from the API safe to show on a terminal: control characters (escape sequences that
 * could move the cursor, retitle the window or hide text) become {@code ?}.
 */
public final class Terminal {

    private Terminal() {}

    /** The text with every control character replaced (tabs and newlines too). */
    public static String safe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.toString();
    }
}
