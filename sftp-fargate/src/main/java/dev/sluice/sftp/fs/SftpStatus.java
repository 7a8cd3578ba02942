package dev.sluice.sftp.fs;

import java.io.IOException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * The SFTP adapter's translation of the file system's refusals into SFTP status codes: the only
 * place they are decided. A quota refusal is SSH_FX_QUOTA_EXCEEDED, an order S3 cannot take
 * SSH_FX_OP_UNSUPPORTED, anything that ended the upload a plain failure.
 */
final class SftpStatus {

    /** An operation of the file system that may be refused. */
    interface Operation<T> {
        T run() throws IOException;
    }

    private SftpStatus() {}

    static SftpException of(Refusal refusal) {
        int status =
                switch (refusal.reason()) {
                    case OUT_OF_ORDER, UNSUPPORTED -> SftpConstants.SSH_FX_OP_UNSUPPORTED;
                    case TOO_LARGE, OVER_QUOTA -> SftpConstants.SSH_FX_QUOTA_EXCEEDED;
                    case LEASE_LOST, INCOMPLETE, STORAGE_FAILED, ABORTED ->
                            SftpConstants.SSH_FX_FAILURE;
                };
        SftpException e = new SftpException(status, refusal.getMessage());
        e.initCause(refusal);
        return e;
    }

    /** Runs {@code operation}, its refusal becoming the SFTP status the client gets. */
    static <T> T translated(Operation<T> operation) throws IOException {
        try {
            return operation.run();
        } catch (Refusal refusal) {
            throw of(refusal);
        }
    }
}
