package dev.sluice.validation;

/**
 * One thing wrong with one field of an input object, phrased so a user can fix it.
 *
 * @param field the JSON path of the field, e.g. {@code filters.allowed_ip[1]}
 * @param value the offending value as received, or {@code null} when the field is missing
 * @param problem what is wrong and what is allowed, e.g. "must be a CIDR such as 192.0.2.0/24"
 */
public record FieldError(String field, String value, String problem) {

    public FieldError {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field is required");
        }
        if (problem == null || problem.isBlank()) {
            throw new IllegalArgumentException("problem is required");
        }
    }

    public static FieldError of(String field, Object value, String problem) {
        return new FieldError(field, value == null ? null : String.valueOf(value), problem);
    }

    /** "field: problem (got "value")", the form every API error and log line uses. */
    public String describe() {
        if (value == null) {
            return field + ": " + problem;
        }
        String shown = value.length() > 120 ? value.substring(0, 117) + "..." : value;
        return field + ": " + problem + " (got \"" + shown + "\")";
    }
}
