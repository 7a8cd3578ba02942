package dev.sluice.sftp.quota;

import dev.sluice.quota.Reservation;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * The SFTP face of the quota service's outcomes ({@link Reservation}): over quota is
 * SSH_FX_QUOTA_EXCEEDED, a lost lease a plain failure. The rules and the messages are the
 * service's ({@code dev.sluice.quota.Quotas}); only the status codes are decided here.
 */
public final class SftpQuotaStatus {

    private SftpQuotaStatus() {
    }

    /** Returns when the quota was reserved; throws what the client is told otherwise. */
    public static void require(Reservation reservation) throws SftpException {
        if (!(reservation instanceof Reservation.Reserved)) {
            throw refusal(reservation);
        }
    }

    /** The SFTP error for a refused reservation. */
    public static SftpException refusal(Reservation reservation) {
        return switch (reservation) {
            case Reservation.OverQuota over -> new SftpException(SftpConstants.SSH_FX_QUOTA_EXCEEDED, over.message());
            case Reservation.LeaseLost lost -> new SftpException(SftpConstants.SSH_FX_FAILURE, lost.message());
            case Reservation.Reserved reserved -> throw new IllegalArgumentException("a reservation that was granted is no refusal");
        };
    }
}
