package dev.sluice.sftp.fs;

import dev.sluice.quota.Reservation;
import java.io.IOException;

/**
 * Why the file system refused an operation, in words for the user and a reason every protocol
 * adapter maps to its own status (SFTP: {@code SftpStatus}). The file system and the upload
 * machinery throw this, never a protocol's status code.
 */
public final class Refusal extends IOException {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal. */
    public enum Reason {
        /**
         * A write that S3 cannot take in this order (true random access, a resume elsewhere than
         * the end).
         */
        OUT_OF_ORDER,
        /** Something S3 cannot do at all here (truncate while uploading, rename across quotas). */
        UNSUPPORTED,
        /**
         * The file passes {@code max_upload_file_size} or the largest object this server can store.
         */
        TOO_LARGE,
        /** A quota counter has no room ({@link Reservation.OverQuota}). */
        OVER_QUOTA,
        /** The quota lease lapsed ({@link Reservation.LeaseLost}). */
        LEASE_LOST,
        /**
         * The protocol ended the file before all of it arrived (a gap, fewer bytes than announced).
         */
        INCOMPLETE,
        /** S3 refused or failed a call. */
        STORAGE_FAILED,
        /** The upload was aborted before (disconnect, shutdown, an earlier failure). */
        ABORTED
    }

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The refusal a quota outcome that was not {@link Reservation.Reserved} amounts to. */
    public static Refusal of(Reservation refused) {
        return switch (refused) {
            case Reservation.OverQuota over -> new Refusal(Reason.OVER_QUOTA, over.message());
            case Reservation.LeaseLost lost -> new Refusal(Reason.LEASE_LOST, lost.message());
            case Reservation.Reserved reserved ->
                    throw new IllegalArgumentException("a granted reservation is no refusal");
        };
    }

    /** Returns when the quota was reserved; throws the refusal otherwise. */
    public static void require(Reservation reservation) throws Refusal {
        if (!(reservation instanceof Reservation.Reserved)) {
            throw of(reservation);
        }
    }

    public Reason reason() {
        return reason;
    }
}
