package dev.sluice.sftp.upload;

/**
 * How a protocol adapter tells an {@link Upload} that the file is complete; the only way to commit
 * one. A stream that merely ends is no such signal: a client that disconnects mid-file ends SCP's
 * stream "normally", so an adapter whose protocol announces the length gives it here and the upload
 * checks it.
 */
public sealed interface EndOfFile permits EndOfFile.Signalled, EndOfFile.Length {

    /** The protocol's own explicit end of file, such as SFTP's SSH_FXP_CLOSE of the handle. */
    record Signalled() implements EndOfFile {}

    /**
     * The length the protocol announced before the data (SCP's {@code C0644 <length> <name>}); any
     * other is refused.
     */
    record Length(long bytes) implements EndOfFile {
        public Length {
            if (bytes < 0) {
                throw new IllegalArgumentException("a file's length is 0 or more, got " + bytes);
            }
        }
    }

    static EndOfFile signalled() {
        return new Signalled();
    }

    static EndOfFile length(long bytes) {
        return new Length(bytes);
    }
}
