package dev.sluice.quota;

import dev.sluice.dynamo.UsageCounters;

/**
 * What asking for quota came to: a reservation under a lease, or the room check before an upload.
 * Protocol-neutral: the SFTP server turns a refusal into a status code, another protocol or the
 * REST API into its own; the messages are for the user either way.
 */
public sealed interface Reservation
        permits Reservation.Reserved, Reservation.OverQuota, Reservation.LeaseLost {

    /** The bytes and files are held (or, for a room check, there is room). */
    record Reserved() implements Reservation {}

    /**
     * {@code counter} has no room: its quota ({@link UsageCounters.Limit#QUOTA}) or the counter's
     * own range ({@link UsageCounters.Limit#RANGE}); nothing was reserved.
     */
    record OverQuota(QuotaScope.Counter counter, UsageCounters.Limit limit) implements Reservation {

        /** Which limit, for the user: the owner and its limits, or the counter's range. */
        public String message() {
            String who =
                    counter.owner() == QuotaScope.Owner.USER
                            ? "user"
                            : "folder \"" + counter.key() + "\"";
            if (limit == UsageCounters.Limit.RANGE) {
                return "quota exceeded: the usage counter of the "
                        + who
                        + " is at its maximum ("
                        + QuotaUsage.MAX_SIZE
                        + " bytes / "
                        + QuotaUsage.MAX_FILES
                        + " files)";
            }
            return "quota exceeded: "
                    + who
                    + " limit "
                    + counter.maxSize()
                    + " bytes / "
                    + counter.maxFiles()
                    + " files";
        }
    }

    /** The lease lapsed and a reaper released it: the upload or move it covered cannot go on. */
    record LeaseLost() implements Reservation {

        public String message() {
            return "the upload's quota reservation lapsed (this server could not renew it in time); nothing was stored";
        }
    }
}
