package dev.sluice.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A whole retention run: one API check (one user) or one run of a named policy (many users).
 *
 * @param policy the policy's name, or empty for a check started through the API
 * @param started when the run started
 * @param finished when its last user finished, not before {@code started}
 * @param users every user covered, in the order to report them
 */
public record RetentionSummary(
        Optional<String> policy, Instant started, Instant finished, List<UserRetention> users) {

    /** Checks the times are in order. */
    public RetentionSummary {
        policy = policy == null ? Optional.empty() : policy;
        Figures.inOrder(started, finished);
        users = List.copyOf(users);
    }

    /** Files examined for every user. */
    public long filesExamined() {
        return users.stream().mapToLong(UserRetention::filesExamined).sum();
    }

    /** Files deleted for every user. */
    public long filesDeleted() {
        return users.stream().mapToLong(UserRetention::filesDeleted).sum();
    }

    /** Bytes freed for every user. */
    public long bytesFreed() {
        return users.stream().mapToLong(UserRetention::bytesFreed).sum();
    }

    /** Empty directories removed for every user. */
    public long dirsDeleted() {
        return users.stream().mapToLong(UserRetention::dirsDeleted).sum();
    }

    /** Errors of every user. */
    public long errorCount() {
        return users.stream().mapToLong(UserRetention::errorCount).sum();
    }

    /** The run's wall-clock time (users may run in parallel, so not the sum of theirs). */
    public Duration duration() {
        return Duration.between(started, finished);
    }
}
