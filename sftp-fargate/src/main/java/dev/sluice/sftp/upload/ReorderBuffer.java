package dev.sluice.sftp.upload;

import dev.sluice.sftp.fs.Refusal;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a client's pipelined writes back in file order before they reach the {@link Sink}, which
 * takes bytes only in order (S3 parts). SFTP clients keep many writes outstanding (OpenSSH: up to
 * 64 of 32-256 KiB) and some deliver them out of order: a write up to {@code window} bytes ahead of
 * the next expected offset waits here; a write of bytes the sink still holds (not yet sent)
 * overwrites them; anything else is true random access and is refused, never written wrongly.
 *
 * <p>Pure: no I/O of its own, not thread-safe (its owner serialises writes).
 */
public final class ReorderBuffer {

    /** Where the bytes go once in order. */
    public interface Sink {

        /** Takes the next bytes of the file, in order. */
        void append(byte[] data, int offset, int length) throws IOException;

        /**
         * Overwrites bytes already appended, at file offset {@code at}, if the sink still holds
         * them; false when they have left (then the write is refused).
         */
        boolean overwrite(long at, byte[] data, int offset, int length);
    }

    private final Sink sink;
    private final long window;
    private final TreeMap<Long, byte[]> early = new TreeMap<>();
    private long earlyBytes;
    private long next;

    /**
     * @param start the file offset of the first byte the sink takes (0, or a resumed file's size)
     * @param window how far ahead of the next expected offset a write may end
     */
    public ReorderBuffer(Sink sink, long start, long window) {
        this.sink = sink;
        this.next = start;
        this.window = window;
    }

    /**
     * Accepts {@code length} bytes of {@code data} from {@code offset} for file offset {@code at}.
     * An in-order write goes to the sink without a copy; an early one is copied and kept.
     */
    public void write(long at, byte[] data, int offset, int length) throws IOException {
        long end = at + length;
        if (at == next) {
            append(data, offset, length);
            drain();
        } else if (at > next) {
            if (end - next > window) {
                throw new Refusal(
                        Refusal.Reason.OUT_OF_ORDER,
                        "S3 uploads are written in order: offset "
                                + at
                                + " is beyond the reorder window (next expected offset "
                                + next
                                + ")");
            }
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            byte[] kept = early.get(at);
            // A write re-sent at the same offset: the longer one stands.
            if (kept == null || copy.length >= kept.length) {
                early.put(at, copy);
                earlyBytes += copy.length - (kept == null ? 0 : kept.length);
            }
        } else if (end > next || !sink.overwrite(at, data, offset, length)) {
            throw new Refusal(
                    Refusal.Reason.OUT_OF_ORDER,
                    "S3 uploads are written in order: offset "
                            + at
                            + " was already sent to S3 (next expected offset "
                            + next
                            + ")");
        }
    }

    /** The file offset the next in-order byte has: everything before it went to the sink. */
    public long next() {
        return next;
    }

    /** Bytes waiting for the gap before them to fill. */
    public long earlyBytes() {
        return earlyBytes;
    }

    /**
     * Whether writes are waiting for a gap that never filled (the file is incomplete if it ends
     * now).
     */
    public boolean hasGap() {
        return !early.isEmpty();
    }

    /** Drops what is waiting (the upload is abandoned). */
    public void clear() {
        early.clear();
        earlyBytes = 0;
    }

    private void append(byte[] data, int offset, int length) throws IOException {
        sink.append(data, offset, length);
        next += length;
    }

    /** Hands on every waiting write the sink has now reached, skipping bytes it already has. */
    private void drain() throws IOException {
        Map.Entry<Long, byte[]> first;
        while ((first = early.firstEntry()) != null && first.getKey() <= next) {
            early.pollFirstEntry();
            byte[] data = first.getValue();
            earlyBytes -= data.length;
            long skip = next - first.getKey();
            if (skip < data.length) {
                append(data, (int) skip, (int) (data.length - skip));
            }
        }
    }
}
