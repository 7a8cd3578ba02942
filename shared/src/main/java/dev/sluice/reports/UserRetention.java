package dev.sluice.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One user's part of a retention check: a row per rule path, plus errors that belong to no path
 * (the user could not be read, the check was cut short).
 *
 * @param username the user checked
 * @param started when the user's check started
 * @param finished when it finished, not before {@code started}
 * @param paths one entry per rule path
 * @param errors errors outside any path
 */
public record UserRetention(
        String username,
        Instant started,
        Instant finished,
        List<PathRetention> paths,
        List<String> errors) {

    /** Checks the times are in order. */
    public UserRetention {
        Objects.requireNonNull(username, "username");
        Figures.inOrder(started, finished);
        paths = List.copyOf(paths);
        errors = List.copyOf(errors);
    }

    /** Files examined under every path. */
    public long filesExamined() {
        return paths.stream().mapToLong(PathRetention::filesExamined).sum();
    }

    /** Files deleted under every path. */
    public long filesDeleted() {
        return paths.stream().mapToLong(PathRetention::filesDeleted).sum();
    }

    /** Bytes freed under every path. */
    public long bytesFreed() {
        return paths.stream().mapToLong(PathRetention::bytesFreed).sum();
    }

    /** Empty directories removed under every path. */
    public long dirsDeleted() {
        return paths.stream().mapToLong(PathRetention::dirsDeleted).sum();
    }

    /** Errors of the user and of every path. */
    public long errorCount() {
        return errors.size() + paths.stream().mapToLong(p -> p.errors().size()).sum();
    }

    /** How long the user's check took. */
    public Duration duration() {
        return Duration.between(started, finished);
    }
}
