package dev.sluice.sftp.fs;

import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

/**
 * Every failure status the SFTP server sends, fitted to the protocol version the client negotiated:
 * the one place where that is decided. Status codes after 8 were added by SFTP versions 4 to 6; a
 * version 3 client (OpenSSH, paramiko, rclone, lftp, curl) knows only 0-8 and shows the others as
 * "Unknown status". Such a client gets the version 3 code that fits, the precise meaning staying in
 * the message text ("Directory not empty" under SSH_FX_FAILURE). Newer clients get the precise
 * code. The file system's own refusals are turned into codes before this, by {@link SftpStatus}.
 */
public final class VersionedStatus implements SftpErrorStatusDataHandler {

    /** The highest status code each version defines (draft-ietf-secsh-filexfer 02, 04, 05, 13). */
    static int lastCodeOf(int version) {
        if (version <= 3) {
            return SftpConstants.SSH_FX_OP_UNSUPPORTED;
        }
        if (version == 4) {
            return SftpConstants.SSH_FX_NO_MEDIA;
        }
        if (version == 5) {
            return SftpConstants.SSH_FX_LOCK_CONFLICT;
        }
        return SftpConstants.SSH_FX_NO_MATCHING_BYTE_RANGE_LOCK;
    }

    /**
     * The code a client speaking {@code version} gets for {@code status}: itself when the version
     * defines it, else the nearest older code (a missing path is "no such file", a protected one
     * "permission denied", everything else "failure").
     */
    public static int forVersion(int status, int version) {
        if (status <= lastCodeOf(version)) {
            return status;
        }
        return switch (status) {
            case SftpConstants.SSH_FX_NO_SUCH_PATH -> SftpConstants.SSH_FX_NO_SUCH_FILE;
            case SftpConstants.SSH_FX_NOT_A_DIRECTORY ->
                    version >= 4
                            ? SftpConstants.SSH_FX_NO_SUCH_PATH
                            : SftpConstants.SSH_FX_NO_SUCH_FILE;
            case SftpConstants.SSH_FX_WRITE_PROTECT,
                    SftpConstants.SSH_FX_CANNOT_DELETE,
                    SftpConstants.SSH_FX_OWNER_INVALID,
                    SftpConstants.SSH_FX_GROUP_INVALID ->
                    SftpConstants.SSH_FX_PERMISSION_DENIED;
            default -> SftpConstants.SSH_FX_FAILURE;
        };
    }

    @Override
    public int resolveSubStatus(
            SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int cmd, Object... args) {
        return forVersion(SftpHelper.resolveSubstatus(e), sftpSubsystem.getVersion());
    }

    /**
     * The message: the file system's own words where it gave them (a quota refusal says which
     * limit), else the standard text of the precise status, so a version 3 client whose code was
     * widened still reads what happened.
     */
    @Override
    public String resolveErrorMessage(
            SftpSubsystemEnvironment sftpSubsystem,
            int id,
            Throwable e,
            int subStatus,
            int cmd,
            Object... args) {
        if (e instanceof org.apache.sshd.sftp.common.SftpException
                && e.getMessage() != null
                && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return SftpHelper.resolveStatusMessage(SftpHelper.resolveSubstatus(e));
    }
}
