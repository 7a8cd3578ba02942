package dev.sluice.quota;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The quota side of one upload: what it reserves while its bytes travel, held under a lease of the
 * {@link Quotas} service, turned into usage when the object is in place ({@link #commit}) and given
 * back otherwise. It always releases: {@link #close} without a commit releases, so an upload that
 * ends by any path but a completed object leaves nothing in the counters (and a process that dies
 * leaves nothing once its lease lapses).
 *
 * <p>Bytes are reserved part by part only where a counter has a limit; without one the upload's
 * contribution is settled at once on commit. Thread-safe (parts reserve from background tasks).
 */
public final class UploadReservation implements AutoCloseable {

    private final Quotas quotas;
    private final QuotaLease lease;
    private final boolean limited;
    private boolean committed;

    /**
     * @param session who uploads (user and connection), recorded with the lease
     * @param object the object the upload writes, so a reaper can tell whether it completed
     */
    public UploadReservation(
            Quotas quotas, List<QuotaScope.Counter> counters, String session, LeasedObject object) {
        this.quotas = quotas;
        this.lease = quotas.open(counters, session, Optional.of(object));
        this.limited = counters.stream().anyMatch(QuotaScope.Counter::limited);
    }

    /**
     * The object's metadata that marks it as this upload's ({@link QuotaLeases#OBJECT_MARKER}): a
     * reaper that finds the object so marked settles the lease instead of releasing it.
     */
    public Map<String, String> objectMetadata() {
        return Map.of(QuotaLeases.OBJECT_MARKER, lease.id());
    }

    /** The multipart upload's id, recorded with the lease so a reaper can abort it. */
    public void uploadStarted(String uploadId) {
        lease.uploadId(uploadId);
    }

    /** Reserves {@code bytes} more (only where a counter has a limit). */
    public Reservation reserve(long bytes) {
        if (bytes <= 0 || !limited) {
            return new Reservation.Reserved();
        }
        return quotas.reserve(lease, bytes, 0);
    }

    /**
     * The last step before the object appears: reserves {@code lastBytes} and the new file
     * (bounded, where a counter has a limit), then marks the lease completing with what the upload
     * finally adds, {@code settleBytes} and {@code files}. Anything but {@link
     * Reservation.Reserved} means the object must not appear.
     */
    public Reservation beforeAppear(long lastBytes, int files, long settleBytes) {
        if (limited && (lastBytes > 0 || files > 0)) {
            // A small file's only reservation and its completing mark are one write.
            return quotas.reserveAndComplete(
                    lease, Math.max(0, lastBytes), files, settleBytes, files);
        }
        return quotas.completing(lease, settleBytes, files);
    }

    /** The object is in place: the reservation becomes its usage. Never throws. */
    public synchronized void commit() {
        committed = true;
        quotas.commit(lease);
    }

    /**
     * The object is in place: as {@link #commit()}, except that where no counter has a limit the
     * settlement runs on {@code background}. Nothing waits on it then (there is no limit for the
     * next upload to check), and it stays crash-safe: the lease is COMPLETING and the object
     * carries its marker, so a reaper settles it if this process dies first. With a limit it
     * settles now. Never throws.
     */
    public void commit(Executor background) {
        if (limited) {
            commit();
            return;
        }
        synchronized (this) {
            committed = true;
        }
        background.execute(() -> quotas.commit(lease));
    }

    /** Gives back everything reserved, unless committed. Never throws; safe to call again. */
    @Override
    public synchronized void close() {
        if (!committed) {
            quotas.release(lease);
        }
    }

    /** Whether a reaper took the lease (the upload must not go on). */
    public boolean lost() {
        return lease.lost();
    }

    @Override
    public String toString() {
        return "UploadReservation[" + lease + (committed ? ", committed" : "") + "]";
    }
}
