package dev.sluice.retention;

import java.util.List;

/**
 * What a retention check did for its user, per rule.
 *
 * @param username the user checked
 * @param paths one tally per rule, in path order
 */
public record RetentionResult(String username, List<PathTally> paths) {

    public RetentionResult {
        paths = List.copyOf(paths);
    }

    public long deleted() {
        return paths.stream().mapToLong(PathTally::deleted).sum();
    }

    public long bytes() {
        return paths.stream().mapToLong(PathTally::bytes).sum();
    }

    public long errors() {
        return paths.stream().mapToLong(PathTally::errors).sum();
    }
}
