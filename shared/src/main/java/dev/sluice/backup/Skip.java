package dev.sluice.backup;

/** An object of a dump that is not restored, and why (a note of the report). */
final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    Skip(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    /** The field that made the object unrestorable, or null for the object as a whole. */
    String field() {
        return field;
    }
}
