package dev.sluice.sftp.fs;

import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.AbstractSftpEventListenerAdapter;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;

/**
 * Aborts the uploads of handles still open when an SFTP session ends (disconnect, kill, network
 * loss, server shutdown): MINA tells this listener of each such handle before it closes it, and the
 * client never confirmed those files, so they must not appear.
 */
public final class AbortUploadsOnExit extends AbstractSftpEventListenerAdapter {

    @Override
    public void exiting(ServerSession session, Handle handle) {
        if (handle instanceof FileHandle file
                && file.getFileChannel() instanceof SftpUploadChannel upload) {
            upload.abort("the session ended before the file was closed");
        }
    }
}
