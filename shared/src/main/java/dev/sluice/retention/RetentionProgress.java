package dev.sluice.retention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A retention check's checkpoint, stored with its run: where the listing stands, the totals so far,
 * and the batch being deleted (written before {@code DeleteObjects}, cleared in the transaction
 * that charges the quota counters for it, so a check resumed after a crash deletes and charges that
 * batch exactly once).
 *
 * @param sweep the listing in progress ({@link RetentionCheck} plans them), "" before the first
 * @param after the last key of that listing already decided and recorded
 * @param open directory markers whose range the listing is inside, outermost first
 * @param tallies what was examined and deleted, by the rule that governed it
 * @param pending the batch being deleted, or null
 */
public record RetentionProgress(
        String sweep,
        String after,
        List<OpenDir> open,
        Map<String, PathTally> tallies,
        Batch pending) {

    public RetentionProgress {
        sweep = sweep == null ? "" : sweep;
        after = after == null ? "" : after;
        open = open == null ? List.of() : List.copyOf(open);
        tallies = tallies == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(tallies));
    }

    static RetentionProgress initial() {
        return new RetentionProgress("", "", List.of(), Map.of(), null);
    }

    /** The batch being deleted, if any. */
    public Optional<Batch> batch() {
        return Optional.ofNullable(pending);
    }

    /**
     * A directory marker ({@code key/}) the listing is inside.
     *
     * @param keeps something below it stays, so it is not empty
     */
    public record OpenDir(String key, String path, boolean keeps) {}

    /** One object of a batch: its key, size, user-visible path, and the rule it falls under. */
    public record Doomed(String key, long size, String path, String rule, boolean directory) {}

    /**
     * A batch being deleted, with the listing state to record once it is.
     *
     * @param examined files examined since the last checkpoint, by rule
     */
    public record Batch(
            String sweep,
            List<Doomed> objects,
            String after,
            List<OpenDir> open,
            Map<String, Long> examined) {
        public Batch {
            objects = List.copyOf(objects);
            open = List.copyOf(open);
            examined = Map.copyOf(examined);
        }
    }
}
