package dev.sluice.quota;

import dev.sluice.config.Settings;
import java.time.Duration;

/**
 * How long a quota lease lives without renewal and how often lapsed leases are reaped. A task
 * renews its leases every third of {@code length}; a task that dies stops renewing, its leases
 * lapse at most {@code length} after its death, and the next reaper round (at most {@code
 * reapEvery} later) gives their bytes back: counters converge to the stored bytes within {@link
 * #bound()}.
 *
 * @param length lease length ({@link Settings#QUOTA_LEASE})
 * @param reapEvery reaper interval on every SFTP task ({@link Settings#QUOTA_REAP})
 */
public record LeaseSettings(Duration length, Duration reapEvery) {

    public static final LeaseSettings DEFAULTS =
            new LeaseSettings(
                    Settings.QUOTA_LEASE.defaultValue().orElseThrow(),
                    Settings.QUOTA_REAP.defaultValue().orElseThrow());

    public LeaseSettings {
        if (length.toMillis() < 3 || reapEvery.toMillis() < 1) {
            throw new IllegalArgumentException("lease length and reaper interval must be positive");
        }
    }

    public Duration renewEvery() {
        return length.dividedBy(3);
    }

    /** How long after a task's death its reservations stay in the counters, at most. */
    public Duration bound() {
        return length.plus(reapEvery);
    }
}
