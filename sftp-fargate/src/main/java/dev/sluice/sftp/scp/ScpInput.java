package dev.sluice.sftp.scp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.sshd.scp.common.ScpException;
import org.apache.sshd.scp.common.helpers.ScpAckInfo;

/**
 * What the SCP client sends, as MINA's SCP code reads it, with two additions: {@link #peek} looks
 * at the client's status byte after a file's data without consuming it (the upload commits only on
 * the client's all-clear), and a command line may not grow without end (MINA reads lines byte by
 * byte into memory until a newline).
 */
final class ScpInput extends FilterInputStream {

    /** Longest command line taken: a {@code C} line with a PATH_MAX name fits many times over. */
    static final int MAX_LINE = 16 * 1024;

    private static final int NOTHING = -2;

    private int peeked = NOTHING;
    private int lineLength;

    ScpInput(InputStream in) {
        super(in);
    }

    /** The next byte without consuming it; -1 at the end of the stream. Blocks until it arrives. */
    int peek() throws IOException {
        if (peeked == NOTHING) {
            peeked = in.read();
        }
        return peeked;
    }

    /** MINA reads command lines and status bytes one at a time: those count towards a line. */
    @Override
    public int read() throws IOException {
        int c;
        if (peeked != NOTHING) {
            c = peeked;
            peeked = peeked == -1 ? -1 : NOTHING;
        } else {
            c = in.read();
        }
        // A lone 0 is a status byte (the client's "ok"), not part of a line.
        if (c == '\n' || c == -1 || (c == 0 && lineLength == 0)) {
            lineLength = 0;
        } else if (++lineLength > MAX_LINE) {
            throw new ScpException(
                    "an SCP command line is longer than " + MAX_LINE + " bytes", ScpAckInfo.ERROR);
        }
        return c;
    }

    /** File data arrives in blocks. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        lineLength = 0;
        if (len == 0) {
            return 0;
        }
        if (peeked != NOTHING) {
            if (peeked == -1) {
                return -1;
            }
            b[off] = (byte) peeked;
            peeked = NOTHING;
            return 1;
        }
        return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("SCP input is not skipped");
    }

    @Override
    public int available() throws IOException {
        return peeked >= 0 ? 1 : peeked == -1 ? 0 : in.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
