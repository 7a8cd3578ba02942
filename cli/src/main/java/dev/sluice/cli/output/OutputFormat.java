package dev.sluice.cli.output;

/** What {@code --output} selects. */
public enum OutputFormat {
    /** The API's JSON exactly as it answered (the default: for scripts). */
    json,
    /** Aligned columns for lists, key/value lines for objects (for people). */
    table,
    /** The same document as YAML. */
    yaml
}
