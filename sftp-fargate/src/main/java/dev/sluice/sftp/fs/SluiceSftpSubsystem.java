package dev.sluice.sftp.fs;

import dev.sluice.quota.QuotaSpace;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;

/**
 * MINA's SFTP subsystem plus OpenSSH's {@code statvfs@openssh.com} and {@code
 * fstatvfs@openssh.com}, which MINA 2.19 does not answer: {@code df} in OpenSSH's sftp, rclone
 * {@code about} and asyncssh ask them. S3 has no size; the answer is the user's quota (see {@link
 * QuotaSpace}), as SFTPGo answers for cloud storage.
 */
public final class SluiceSftpSubsystem extends SftpSubsystem {

    /** OpenSSH's extension names, advertised in the init reply (see {@link SftpExtensions}). */
    static final String STATVFS = "statvfs@openssh.com";

    static final String FSTATVFS = "fstatvfs@openssh.com";

    /** SSH_FXE_STATVFS_ST_NOSUID: the only flag that holds (no set-uid files on S3). */
    private static final long ST_NOSUID = 0x2;

    /** The longest name a path element may have (S3 keys are up to 1024 bytes). */
    private static final long NAME_MAX = 255;

    /** A subsystem for one SFTP channel, configured as {@code configurator} says. */
    public SluiceSftpSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator) {
        super(channel, configurator);
    }

    @Override
    protected void executeExtendedCommand(Buffer buffer, int id, String extension)
            throws IOException {
        if (!extension.equals(STATVFS) && !extension.equals(FSTATVFS)) {
            super.executeExtendedCommand(buffer, id, extension);
            return;
        }
        QuotaSpace space;
        try {
            String target = buffer.getString();
            Path path =
                    extension.equals(STATVFS)
                            ? resolveFile(target)
                            : validateHandle(target, handles.get(target), FileHandle.class)
                                    .getFile();
            space =
                    SluiceFileSystemProvider.tree(path)
                            .space(SluiceFileSystemProvider.cast(path).virtualPath());
        } catch (IOException | RuntimeException e) {
            sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, extension);
            return;
        }
        Buffer reply = prepareReply(buffer);
        reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
        reply.putUInt(id);
        reply.putLong(space.blockSize()); // f_bsize
        reply.putLong(space.blockSize()); // f_frsize
        reply.putLong(space.totalBlocks()); // f_blocks
        reply.putLong(space.freeBlocks()); // f_bfree
        reply.putLong(space.freeBlocks()); // f_bavail
        reply.putLong(space.totalFiles()); // f_files
        reply.putLong(space.freeFiles()); // f_ffree
        reply.putLong(space.freeFiles()); // f_favail
        reply.putLong(0); // f_fsid
        reply.putLong(ST_NOSUID); // f_flag
        reply.putLong(NAME_MAX); // f_namemax
        send(reply);
    }
}
