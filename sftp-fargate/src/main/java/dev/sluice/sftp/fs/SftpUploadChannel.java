package dev.sluice.sftp.fs;

import dev.sluice.sftp.upload.EndOfFile;
import dev.sluice.sftp.upload.Upload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * An SFTP file handle opened for writing, over an {@link Upload}. SFTP's end of file is the
 * client's SSH_FXP_CLOSE of the handle, which MINA turns into {@link #close()}: that commits. A
 * handle that is still open when the session ends is aborted first ({@link AbortUploadsOnExit}), so
 * MINA's closing of it afterwards stores nothing. Refusals become SFTP status codes here.
 */
public final class SftpUploadChannel implements SeekableByteChannel {

    private final Upload upload;
    private long position;

    SftpUploadChannel(Upload upload) {
        this.upload = upload;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new NonReadableChannelException();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = SftpStatus.translated(() -> upload.write(position, src));
        position += written;
        return written;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        this.position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return upload.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size == size()) {
            return this;
        }
        throw new SftpException(
                SftpConstants.SSH_FX_OP_UNSUPPORTED,
                "S3 objects cannot be truncated while uploading");
    }

    @Override
    public boolean isOpen() {
        return upload.isOpen();
    }

    /** The client closed the handle: the file is complete, the object appears now or never. */
    @Override
    public void close() throws IOException {
        SftpStatus.translated(
                () -> {
                    upload.commit(EndOfFile.signalled());
                    return null;
                });
    }

    /** The session ended with the handle open: the client never said the file was complete. */
    void abort(String reason) {
        upload.abort(reason);
    }

    @Override
    public String toString() {
        return "SftpUploadChannel[" + upload + "]";
    }
}
