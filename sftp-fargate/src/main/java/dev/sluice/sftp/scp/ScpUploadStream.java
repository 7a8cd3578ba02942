package dev.sluice.sftp.scp;

import dev.sluice.sftp.upload.EndOfFile;
import dev.sluice.sftp.upload.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of one file an SCP client sends, written into an {@link Upload} in order. Closing it
 * aborts unless {@link #commit} came first: MINA closes the stream on every way out of a transfer,
 * and only the complete file, followed by the client's all-clear, may appear.
 */
final class ScpUploadStream extends OutputStream {

    private final Upload upload;
    private final long announced;
    private long position;

    ScpUploadStream(Upload upload, long announced) {
        this.upload = upload;
        this.announced = announced;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int written = upload.write(position, ByteBuffer.wrap(b, off, len));
        position += written;
    }

    /**
     * The file is complete: the object appears now, or never (fewer bytes than the {@code C} line
     * announced are refused).
     */
    void commit() throws IOException {
        upload.commit(EndOfFile.length(announced));
    }

    /** Abandons the upload: nothing appears and its quota is given back. */
    void abort(String reason) {
        upload.abort(reason);
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        upload.close();
    }
}
