package dev.sluice.sftp.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * What a SETSTAT with a size gets: setting the size a file already has is accepted (clients send it
 * after uploads); any other size would rewrite the object and is refused.
 */
final class SizeOnlyChannel implements SeekableByteChannel {

    private final long size;
    private boolean open = true;

    SizeOnlyChannel(long size) {
        this.size = size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) throws IOException {
        if (newSize != size) {
            throw new SftpException(
                    SftpConstants.SSH_FX_OP_UNSUPPORTED,
                    "S3 objects cannot be truncated or extended");
        }
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new NonReadableChannelException();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "not writable");
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
