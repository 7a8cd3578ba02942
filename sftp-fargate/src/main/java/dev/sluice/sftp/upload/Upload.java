package dev.sluice.sftp.upload;

import dev.sluice.quota.Quotas;
import dev.sluice.quota.UploadReservation;
import dev.sluice.sftp.fs.Refusal;
import dev.sluice.sftp.throttle.Throttle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file being uploaded to S3, as the file system hands it to a protocol adapter: writes at
 * offsets, then exactly one of {@link #commit} (the protocol says the file is complete: the object
 * appears now, or never) and {@link #abort} (disconnect, shutdown, error). {@link #close} without a
 * commit aborts, so an adapter that merely closes, or whose stream merely ends, never stores a
 * truncated object; which event commits is the adapter's decision ({@link EndOfFile}).
 *
 * <p>Made of three parts, each with one job: a {@link ReorderBuffer} puts pipelined writes in
 * order, an {@link S3MultipartWriter} streams them into the object, and an {@link
 * UploadReservation} holds the quota while they travel and always releases it unless the object
 * completes. Any refusal or failure aborts the upload and leaves a previous object untouched.
 *
 * <p>Resume: the first write at the existing object's end, on an upload opened without truncate,
 * continues that object (server-side copy). Quota: each part is reserved before it is sent; the
 * file count and the replaced object's size are settled on commit, the object carrying the lease's
 * marker so that a reaper settles it if this process dies in between.
 */
public final class Upload implements AutoCloseable {

    /**
     * How far ahead of the next expected offset a write may arrive (OpenSSH keeps at most 64 x
     * 32-256 KiB).
     */
    static final long REORDER_WINDOW = 16L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Upload.class);

    /**
     * What all uploads of a task share; {@code settlements} runs the quota settlements nothing
     * waits for ({@link UploadReservation#commit(java.util.concurrent.Executor)}).
     */
    public record Services(
            MemoryBudget memory,
            java.util.concurrent.ExecutorService partPool,
            int partsInFlight,
            UploadRegistry registry,
            Quotas quotas,
            java.util.concurrent.Executor settlements) {

        S3MultipartWriter.Resources writerResources() {
            return new S3MultipartWriter.Resources(memory, partPool, partsInFlight);
        }
    }

    private enum State {
        OPEN,
        COMMITTED,
        ABORTED
    }

    private enum Mode {
        UNDECIDED,
        FRESH,
        RESUME
    }

    /** Told of the object an upload stored (a cache of object metadata). */
    public interface Committed {

        /** {@code stored} is the object now at the upload's key. */
        void stored(UploadTarget target, S3MultipartWriter.Stored stored);
    }

    private final UploadTarget target;
    private final Committed committed;
    private Optional<Instant> mtime = Optional.empty();
    private final UploadRegistry registry;
    private final java.util.concurrent.Executor settlements;
    private final Throttle throttle;
    private final UploadReservation quota;
    private final S3MultipartWriter writer;
    private ReorderBuffer order;
    private volatile State state = State.OPEN;
    private Mode mode = Mode.UNDECIDED;
    private String abortReason;

    public Upload(UploadTarget target, Services services, Throttle throttle) {
        this(target, services, throttle, (t, s) -> {});
    }

    /** An upload whose stored object {@code committed} hears of. */
    public Upload(UploadTarget target, Services services, Throttle throttle, Committed committed) {
        this.target = target;
        this.committed = committed;
        this.registry = services.registry();
        this.settlements = services.settlements();
        this.throttle = throttle;
        this.quota =
                new UploadReservation(
                        services.quotas(), target.counters(), target.session(), target.object());
        this.writer =
                new S3MultipartWriter(
                        target.mount(),
                        target.key(),
                        target.sizer(),
                        services.writerResources(),
                        quota.objectMetadata(),
                        new S3MultipartWriter.Listener() {
                            @Override
                            public void started(String uploadId) {
                                quota.uploadStarted(uploadId);
                            }

                            @Override
                            public void sending(long newBytes) throws Refusal {
                                Refusal.require(quota.reserve(newBytes));
                            }
                        });
        registry.opened(this);
    }

    /** The file's virtual path (logs). */
    public String path() {
        return target.virtualPath();
    }

    /**
     * Writes the remaining bytes of {@code src} at file offset {@code at}. A refusal (out of order,
     * too large, over quota) or failure aborts the upload.
     */
    public synchronized int write(long at, ByteBuffer src) throws IOException {
        ensureOpen();
        int length = src.remaining();
        try {
            if (mode == Mode.UNDECIDED) {
                start(at);
            }
            if (target.maxFileSize() > 0 && at + length > target.maxFileSize()) {
                throw new Refusal(
                        Refusal.Reason.TOO_LARGE,
                        "file exceeds max_upload_file_size (" + target.maxFileSize() + " bytes)");
            }
            throttle.take(length);
            if (src.hasArray()) {
                // The common case: straight from the protocol's buffer into the part (copied only
                // if early).
                order.write(at, src.array(), src.arrayOffset() + src.position(), length);
                src.position(src.limit());
            } else {
                byte[] data = new byte[length];
                src.get(data);
                order.write(at, data, 0, length);
            }
        } catch (IOException | RuntimeException e) {
            abort(e.getMessage());
            throw e;
        }
        return length;
    }

    /** The size the object has so far: the bytes written, or the existing size before any write. */
    public synchronized long size() {
        if (mode == Mode.UNDECIDED) {
            return target.truncate()
                    ? 0
                    : target.existing().map(UploadTarget.Existing::size).orElse(0L);
        }
        return order.next() + order.earlyBytes();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * The client set the file's modification time while the upload is open (OpenSSH's {@code put
     * -p} sends FSETSTAT before closing): the object will carry it, at no extra cost for a single
     * PutObject. False when the upload is no longer open.
     */
    public synchronized boolean setModifiedTime(Instant time) {
        if (state != State.OPEN) {
            return false;
        }
        mtime = Optional.of(time);
        return true;
    }

    /**
     * The protocol says the file is complete: the object appears now, or never (then the upload is
     * aborted and the refusal says why). Committing again is a no-op; after an abort it is refused.
     */
    public synchronized void commit(EndOfFile end) throws IOException {
        if (state == State.COMMITTED) {
            return;
        }
        if (state == State.ABORTED) {
            throw new Refusal(Refusal.Reason.ABORTED, "upload aborted: " + abortReason);
        }
        try {
            complete(end);
            state = State.COMMITTED;
        } catch (Refusal e) {
            abort(e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            abort(e.getMessage());
            throw new Refusal(
                    Refusal.Reason.STORAGE_FAILED,
                    "upload failed, nothing was stored: " + e.getMessage());
        } finally {
            registry.ended(this);
        }
    }

    /**
     * Abandons the upload (disconnect, shutdown, refusal, failure): nothing appears, any previous
     * object stays, the reserved quota and the memory are given back. Safe to call more than once
     * and from other threads.
     */
    public void abort(String reason) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.ABORTED;
            abortReason = reason == null ? "aborted" : reason;
        }
        registry.ended(this);
        // The protocol may interrupt its thread when the connection goes away; the S3 calls must
        // still run.
        boolean interrupted = Thread.interrupted();
        try {
            writer.abort();
            if (order != null) {
                order.clear();
            }
        } finally {
            quota.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("upload of {} aborted: {}", target.virtualPath(), abortReason);
    }

    /** Aborts unless committed: ending without the protocol's end of file stores nothing. */
    @Override
    public void close() {
        abort("the upload ended without its end of file");
    }

    // ------------------------------------------------------------------ internals

    /** Decides on the first write whether this replaces the object or resumes it. */
    private void start(long at) throws IOException {
        var existing = target.existing();
        if (at == 0 || target.truncate() || existing.isEmpty()) {
            if (at != 0 && existing.isEmpty() && at > REORDER_WINDOW) {
                throw new Refusal(
                        Refusal.Reason.OUT_OF_ORDER,
                        "S3 uploads start at offset 0 (got " + at + ")");
            }
            mode = Mode.FRESH;
            order = new ReorderBuffer(writer, 0, REORDER_WINDOW);
            return;
        }
        long size = existing.get().size();
        if (at != size) {
            throw new Refusal(
                    Refusal.Reason.OUT_OF_ORDER,
                    "a resumed upload must continue at the end of the"
                            + " existing file ("
                            + size
                            + " bytes), not at offset "
                            + at);
        }
        mode = Mode.RESUME;
        writer.resume(size, existing.get().etag());
        order = new ReorderBuffer(writer, size, REORDER_WINDOW);
    }

    private void complete(EndOfFile end) throws IOException {
        boolean replaces = target.existing().isPresent();
        if (mode == Mode.UNDECIDED && replaces && !target.truncate()) {
            // Opened for writing, wrote nothing, no truncate: the object stays as it is.
            checkLength(end, target.existing().get().size());
            quota.close();
            return;
        }
        if (mode == Mode.UNDECIDED) {
            mode = Mode.FRESH;
            order = new ReorderBuffer(writer, 0, REORDER_WINDOW);
        }
        if (order.hasGap()) {
            throw new Refusal(
                    Refusal.Reason.INCOMPLETE,
                    "the client closed the file with a gap at offset "
                            + order.next()
                            + "; nothing was stored");
        }
        checkLength(end, order.next());
        // What the new object finally adds: its new bytes (a resumed prefix is counted already)
        // less
        // the object it replaces, and a file unless it replaces one.
        long replacedBytes = mode == Mode.RESUME || !replaces ? 0 : target.existing().get().size();
        int files = replaces ? 0 : 1;
        var stored =
                writer.complete(
                        (lastBytes, newBytes) ->
                                Refusal.require(
                                        quota.beforeAppear(
                                                lastBytes, files, newBytes - replacedBytes)),
                        mtime);
        quota.commit(settlements);
        committed.stored(target, stored);
    }

    private static void checkLength(EndOfFile end, long received) throws Refusal {
        if (end instanceof EndOfFile.Length announced && announced.bytes() != received) {
            throw new Refusal(
                    Refusal.Reason.INCOMPLETE,
                    "the client announced "
                            + announced.bytes()
                            + " bytes and sent "
                            + received
                            + "; nothing was stored");
        }
    }

    private void ensureOpen() throws IOException {
        if (state == State.ABORTED) {
            throw new Refusal(Refusal.Reason.ABORTED, "upload aborted: " + abortReason);
        }
        if (state != State.OPEN) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "Upload[" + target.virtualPath() + ", " + state + "]";
    }
}
