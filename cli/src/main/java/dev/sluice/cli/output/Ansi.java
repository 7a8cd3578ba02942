package dev.sluice.cli.output;

/**
 * Colours for terminals, or nothing.
 *
 * @param enabled whether to emit escape sequences ({@code --color}, or a terminal without {@code
 *     NO_COLOR})
 */
public record Ansi(boolean enabled) {

    /** Bold text (table headers). */
    public String bold(String text) {
        return wrap("1", text);
    }

    /** Red text (errors). */
    public String red(String text) {
        return wrap("31", text);
    }

    /** Yellow text (warnings). */
    public String yellow(String text) {
        return wrap("33", text);
    }

    /** Cyan text (JSON keys). */
    public String cyan(String text) {
        return wrap("36", text);
    }

    /** Green text (JSON strings). */
    public String green(String text) {
        return wrap("32", text);
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
