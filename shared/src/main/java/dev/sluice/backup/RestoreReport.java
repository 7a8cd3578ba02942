package dev.sluice.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore did: counts per object type, and every object or field it skipped, ignored or
 * mapped, with the reason. Stored with the restore's checkpoint, so it is bounded: past {@link
 * #MAX_NOTES} notes only their number is kept.
 *
 * @param counts per type ({@code users}, {@code folders}, {@code admins}, {@code api_keys}, {@code
 *     retention_policies}, and the SFTPGo types Sluice does not have)
 * @param notes what was skipped, ignored or mapped
 * @param notesOmitted notes past {@link #MAX_NOTES}, counted but not kept
 */
public record RestoreReport(Map<String, Counts> counts, List<Note> notes, int notesOmitted) {

    /**
     * The most notes kept: a checkpoint is one DynamoDB item (at most 400 KB), and each note's
     * fields are cut to {@link #MAX_TEXT} characters (a dump's text reaches them).
     */
    public static final int MAX_NOTES = 150;

    /** The longest text of a note's field; longer ones are cut and end with "...". */
    public static final int MAX_TEXT = 500;

    public RestoreReport {
        counts =
                counts == null
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * Objects of one type.
     *
     * @param kept existing objects left as they were because the mode adds only
     */
    public record Counts(int created, int updated, int unchanged, int kept, int skipped) {

        static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        Counts plus(Outcome outcome) {
            return switch (outcome) {
                case CREATED -> new Counts(created + 1, updated, unchanged, kept, skipped);
                case UPDATED -> new Counts(created, updated + 1, unchanged, kept, skipped);
                case UNCHANGED -> new Counts(created, updated, unchanged + 1, kept, skipped);
                case KEPT -> new Counts(created, updated, unchanged, kept + 1, skipped);
                case SKIPPED -> new Counts(created, updated, unchanged, kept, skipped + 1);
            };
        }
    }

    /** What happened to one object. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED,
        KEPT,
        SKIPPED
    }

    /**
     * One object or field not restored as it was written.
     *
     * @param object its type ({@code user}, {@code folder}, {@code admin}, {@code api_key}, {@code
     *     retention_policy}, {@code group}, ...)
     * @param name its name (or id), or null for a whole section
     * @param field the field concerned, or null for the whole object
     * @param action {@code skipped} (not restored), {@code ignored} (the field was dropped), {@code
     *     mapped} (restored in another form), {@code kept} (left as stored) or {@code disconnected}
     *     (sessions closed, mode 2)
     * @param reason why, and what to do about it
     */
    public record Note(String object, String name, String field, String action, String reason) {

        public Note {
            object = cut(object);
            name = cut(name);
            field = cut(field);
            reason = cut(reason);
        }

        private static String cut(String text) {
            return text == null || text.length() <= MAX_TEXT
                    ? text
                    : text.substring(0, MAX_TEXT - 3) + "...";
        }
    }

    /** An empty report. */
    public static RestoreReport empty() {
        return new RestoreReport(Map.of(), List.of(), 0);
    }

    /** This report with one more object of {@code type} counted. */
    public RestoreReport count(String type, Outcome outcome) {
        Map<String, Counts> next = new LinkedHashMap<>(counts);
        next.put(type, next.getOrDefault(type, Counts.ZERO).plus(outcome));
        return new RestoreReport(next, notes, notesOmitted);
    }

    /** This report with {@code more} notes. */
    public RestoreReport note(List<Note> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Note> next = new ArrayList<>(notes);
        int omitted = notesOmitted;
        for (Note n : more) {
            if (next.size() < MAX_NOTES) {
                next.add(n);
            } else {
                omitted++;
            }
        }
        return new RestoreReport(counts, next, omitted);
    }
}
