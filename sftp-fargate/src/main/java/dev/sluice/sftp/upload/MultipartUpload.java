package dev.sluice.sftp.upload;

import dev.sluice.quota.QuotaLease;
import dev.sluice.quota.QuotaLeases;
import dev.sluice.quota.Quotas;
import dev.sluice.sftp.quota.SftpQuotaStatus;
import dev.sluice.sftp.throttle.Throttle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An SFTP upload streamed into S3: bytes fill a part buffer; each full part is uploaded in the
 * background while the next fills (at most {@link Services#partsInFlight} per upload), so memory
 * stays at a few parts whatever the file size. The object appears only when the client closes the
 * handle and S3 completes the upload; any failure, an abort (disconnect, shutdown, quota) or a
 * close with a gap aborts the multipart upload and gives back the reserved quota, leaving any
 * previous object untouched. A file that fits in one part is sent with one PutObject instead.
 *
 * <p>Writes are expected in order. Clients pipeline requests and some deliver them out of order:
 * writes up to {@link #REORDER_WINDOW} ahead wait in a reorder buffer; a write of bytes still in
 * the current part buffer overwrites them. Anything else (true random access) fails with
 * SSH_FX_OP_UNSUPPORTED rather than corrupting the object.
 *
 * <p>Resume: a write at the existing object's end on a handle opened without TRUNCATE copies the
 * existing object server-side as the first part(s) and appends.
 *
 * <p>Quota: each part's bytes are reserved (bounded atomic increment) before it is sent, under the
 * upload's quota lease; the file count and the replaced object's size are settled on completion.
 * Before the object can appear the lease is marked completing, and the object carries the lease id
 * in its metadata ({@link QuotaLeases#OBJECT_MARKER}), so that if this process dies between S3
 * completing the object and the settlement, a reaper settles instead of releasing.
 */
public final class MultipartUpload implements SeekableByteChannel {

    /** How far ahead of the next expected offset a write may arrive (OpenSSH keeps at most 64 x 32-256 KiB). */
    static final long REORDER_WINDOW = 16L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(MultipartUpload.class);

    /** What all uploads of a task share. */
    public record Services(MemoryBudget memory, ExecutorService partPool, int partsInFlight, UploadRegistry registry,
                           Quotas quotas) {
    }

    private enum State { OPEN, COMPLETED, ABORTED }

    private enum Mode { UNDECIDED, FRESH, RESUME }

    private final UploadTarget target;
    private final Services services;
    private final Throttle throttle;
    private final Semaphore inFlight;
    private final TreeMap<Long, byte[]> early = new TreeMap<>();
    private final List<CompletableFuture<CompletedPart>> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long earlyBytes;
    private volatile State state = State.OPEN;
    private Mode mode = Mode.UNDECIDED;
    private String abortReason;
    private long position;
    /** Offset of the first byte of {@link #current}. */
    private long partStart;
    private PartBuffer current;
    private int nextPartNumber = 1;
    private String uploadId;
    /** What this upload holds in the usage counters until it completes (released on abort). */
    private final QuotaLease lease;
    /** New bytes this upload stored (a resumed prefix excluded). */
    private long newBytes;
    /** Bytes of a small resumed object copied into the first part buffer: already counted, not charged again. */
    private long uncharged;
    /** Whether any counter has a limit: only then are bytes reserved part by part. */
    private final boolean limited;
    private volatile Throwable partFailure;

    public MultipartUpload(UploadTarget target, Services services, Throttle throttle) {
        this.target = target;
        this.services = services;
        this.throttle = throttle;
        this.inFlight = new Semaphore(services.partsInFlight());
        this.limited = target.counters().stream().anyMatch(dev.sluice.quota.QuotaScope.Counter::limited);
        this.lease = services.quotas().open(target.counters(), target.session(), Optional.of(target.object()));
        services.registry().opened(this);
    }

    // ------------------------------------------------------------------ SeekableByteChannel

    @Override
    public int read(ByteBuffer dst) {
        throw new NonReadableChannelException();
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureOpen();
        int length = src.remaining();
        try {
            if (src.hasArray() && mode != Mode.UNDECIDED && position == expectedOffset()
                && (target.maxFileSize() == 0 || position + length <= target.maxFileSize())) {
                // The common case, an in-order write: straight from MINA's buffer into the part.
                append(src.array(), src.arrayOffset() + src.position(), length);
                src.position(src.limit());
                drainEarly();
            } else {
                byte[] data = new byte[length];
                src.get(data);
                accept(position, data);
            }
        } catch (IOException | RuntimeException e) {
            abort(e.getMessage());
            throw e;
        }
        position += length;
        return length;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) {
        this.position = newPosition;
        return this;
    }

    /** The size the object has so far: the bytes written, or the existing size before any write. */
    @Override
    public synchronized long size() {
        long written = expectedOffset() + earlyBytes;
        if (mode == Mode.UNDECIDED && !target.truncate()) {
            return target.existing().map(UploadTarget.Existing::size).orElse(0L);
        }
        return written;
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size == size()) {
            return this;
        }
        throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "S3 objects cannot be truncated while uploading");
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Completes the upload: the object appears now, or never. */
    @Override
    public synchronized void close() throws IOException {
        if (state == State.COMPLETED) {
            return;
        }
        if (state == State.ABORTED) {
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "upload aborted: " + abortReason);
        }
        try {
            complete();
            state = State.COMPLETED;
        } catch (IOException | RuntimeException e) {
            abort(e.getMessage());
            if (e instanceof SftpException sftp) {
                throw sftp;
            }
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "upload failed, nothing was stored: " + e.getMessage());
        } finally {
            services.registry().ended(this);
        }
    }

    /**
     * Abandons the upload (disconnect, shutdown, quota, failure): aborts the multipart upload,
     * releases reserved quota and memory. Safe to call more than once and from other threads.
     */
    public void abort(String reason) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.ABORTED;
            abortReason = reason == null ? "aborted" : reason;
        }
        services.registry().ended(this);
        // MINA interrupts the SFTP thread when the channel goes away; the S3 calls below must still run.
        boolean interrupted = Thread.interrupted();
        try {
            cleanUp();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("upload of {} aborted: {}", target.virtualPath(), abortReason);
    }

    private void cleanUp() {
        // Queued part tasks see the ABORTED state and skip their upload (they are not cancelled:
        // a cancelled supplyAsync task never runs, so it would never give back its permit).
        // Wait for parts in flight so none lands after the abort (S3 would keep it as an orphan).
        try {
            inFlight.acquire(services.partsInFlight());
            inFlight.release(services.partsInFlight());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (uploadId != null) {
            try {
                target.mount().s3().abortMultipartUpload(b -> b.bucket(target.mount().bucket()).key(target.key()).uploadId(uploadId));
            } catch (SdkException e) {
                log.warn("could not abort multipart upload of {} (the bucket's lifecycle rule will): {}", target.key(), e.toString());
            }
        }
        if (current != null) {
            current.free();
        }
        early.clear();
        services.quotas().release(lease);
    }

    // ------------------------------------------------------------------ writes

    private void accept(long offset, byte[] data) throws IOException {
        if (mode == Mode.UNDECIDED) {
            start(offset);
        }
        long end = offset + data.length;
        if (target.maxFileSize() > 0 && end > target.maxFileSize()) {
            throw new SftpException(SftpConstants.SSH_FX_QUOTA_EXCEEDED,
                "file exceeds max_upload_file_size (" + target.maxFileSize() + " bytes)");
        }
        long expected = expectedOffset();
        if (offset == expected) {
            append(data, 0, data.length);
            drainEarly();
        } else if (offset > expected) {
            if (end - expected > REORDER_WINDOW) {
                throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "S3 uploads are written in order: offset "
                    + offset + " is beyond the reorder window (next expected offset " + expected + ")");
            }
            early.merge(offset, data, (a, b) -> b.length >= a.length ? b : a);
            earlyBytes += data.length;
        } else if (current != null && offset >= partStart && end <= expected) {
            current.overwrite((int) (offset - partStart), data, 0, data.length);
        } else {
            throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "S3 uploads are written in order: offset "
                + offset + " was already sent to S3 (next expected offset " + expected + ")");
        }
    }

    /** Decides on the first write whether this replaces the object or resumes it. */
    private void start(long offset) throws IOException {
        var existing = target.existing();
        if (offset == 0 || target.truncate() || existing.isEmpty()) {
            if (offset != 0 && existing.isEmpty() && offset > REORDER_WINDOW) {
                throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED,
                    "S3 uploads start at offset 0 (got " + offset + ")");
            }
            mode = Mode.FRESH;
            partStart = 0;
            return;
        }
        long size = existing.get().size();
        if (offset != size) {
            throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "a resumed upload must continue at the end of the"
                + " existing file (" + size + " bytes), not at offset " + offset);
        }
        mode = Mode.RESUME;
        copyExistingPrefix(size, existing.get().etag());
    }

    /** Resume: the existing object becomes the first part(s) by server-side copy (or, under 5 MiB, is read back). */
    private void copyExistingPrefix(long size, String etag) throws IOException {
        var m = target.mount();
        try {
            if (size < PartSizer.MIN_PART) {
                // Too small to be a part of its own: it becomes the start of the first part buffer.
                byte[] head = m.s3().getObjectAsBytes(b -> b.bucket(m.bucket()).key(target.key()).ifMatch(etag)).asByteArray();
                partStart = 0;
                append(head, 0, head.length);
                uncharged = head.length;
                return;
            }
            ensureMultipart();
            long chunk = PartSizer.MAX_PART;
            for (long start = 0; start < size; start += chunk) {
                long last = Math.min(size, start + chunk) - 1;
                int number = nextPartNumber++;
                String range = "bytes=" + start + "-" + last;
                var copied = m.s3().uploadPartCopy(b -> b.sourceBucket(m.bucket()).sourceKey(target.key()).copySourceIfMatch(etag)
                    .destinationBucket(m.bucket()).destinationKey(target.key()).uploadId(uploadId).partNumber(number)
                    .copySourceRange(range));
                parts.add(CompletableFuture.completedFuture(
                    CompletedPart.builder().partNumber(number).eTag(copied.copyPartResult().eTag()).build()));
            }
            partStart = size;
        } catch (SdkException e) {
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "cannot resume: the existing file could not be copied ("
                + e.getMessage() + ")");
        }
    }

    private long expectedOffset() {
        return partStart + (current == null ? 0 : current.length());
    }

    private void append(byte[] data, int offset, int length) throws IOException {
        throttle.take(length);
        int done = 0;
        while (done < length) {
            if (current == null) {
                current = new PartBuffer(services.memory(), target.sizer().partSize(nextPartNumber), nextPartNumber > 1);
            }
            done += current.append(data, offset + done, length - done);
            if (current.isFull()) {
                sendCurrent();
            }
        }
    }

    private void drainEarly() throws IOException {
        Map.Entry<Long, byte[]> next;
        while ((next = early.firstEntry()) != null) {
            long expected = expectedOffset();
            long at = next.getKey();
            byte[] data = next.getValue();
            if (at > expected) {
                return;
            }
            early.pollFirstEntry();
            earlyBytes -= data.length;
            long skip = expected - at;
            if (skip < data.length) {
                append(data, (int) skip, (int) (data.length - skip));
            }
        }
    }

    // ------------------------------------------------------------------ parts

    private void ensureMultipart() {
        if (uploadId == null) {
            var m = target.mount();
            uploadId = m.s3().createMultipartUpload(b -> b.bucket(m.bucket()).key(target.key()).storageClass(m.storageClass())
                .metadata(marker())).uploadId();
            lease.uploadId(uploadId);
        }
    }

    /**
     * Uploads the part in the background. With a quota, the part's bytes are reserved first, in
     * the same background task: a DynamoDB round trip per part on the SFTP thread would stall the
     * client's pipelined writes (measured: ~45 ms per part against DynamoDB Local). A refused
     * reservation fails the upload at the next write or at close, before the object can complete.
     */
    private void sendCurrent() throws IOException {
        PartBuffer part = current;
        current = null;
        checkPartFailure();
        long charge = part.length() - uncharged;
        uncharged = 0;
        newBytes += charge;
        try {
            ensureMultipart();
        } catch (SdkException e) {
            part.free();
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "S3 refused the upload: " + e.getMessage());
        }
        if (nextPartNumber > PartSizer.MAX_PARTS) {
            part.free();
            throw new SftpException(SftpConstants.SSH_FX_QUOTA_EXCEEDED, "file exceeds the largest S3 object this server can store");
        }
        int number = nextPartNumber++;
        partStart += part.length();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            part.free();
            throw new java.io.InterruptedIOException("interrupted");
        }
        var m = target.mount();
        String id = uploadId;
        parts.add(CompletableFuture.supplyAsync(() -> {
            try {
                if (state == State.ABORTED) {
                    throw new IllegalStateException("aborted");
                }
                long length = part.length();
                if (limited) {
                    reserveOrFail(charge);
                }
                var response = m.s3().uploadPart(b -> b.bucket(m.bucket()).key(target.key()).uploadId(id).partNumber(number)
                    .contentLength(length), RequestBody.fromContentProvider(part::stream, length, "application/octet-stream"));
                return CompletedPart.builder().partNumber(number).eTag(response.eTag()).build();
            } catch (RuntimeException e) {
                partFailure = e;
                throw e;
            } finally {
                part.free();
                inFlight.release();
            }
        }, services.partPool()));
    }

    private void reserve(long bytes) throws IOException {
        if (bytes <= 0 || !limited) {
            return;
        }
        SftpQuotaStatus.require(services.quotas().reserve(lease, bytes, 0));
    }

    /** The object's metadata: the lease id, so a reaper can tell that this upload completed. */
    private Map<String, String> marker() {
        return Map.of(QuotaLeases.OBJECT_MARKER, lease.id());
    }

    /** {@link #reserve} for the part tasks, which cannot throw checked exceptions. */
    private void reserveOrFail(long bytes) {
        try {
            reserve(bytes);
        } catch (IOException e) {
            throw new QuotaRefused(e);
        }
    }

    /** A part task's quota refusal, carrying the SFTP status to report. */
    private static final class QuotaRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QuotaRefused(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void checkPartFailure() throws IOException {
        Throwable failure = partFailure;
        if (failure instanceof QuotaRefused refused && refused.getCause() instanceof SftpException sftp) {
            throw sftp;
        }
        if (failure != null) {
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "S3 refused a part: " + failure.getMessage());
        }
    }

    private void complete() throws IOException {
        if (!early.isEmpty()) {
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "the client closed the file with a gap at offset "
                + expectedOffset() + "; nothing was stored");
        }
        var m = target.mount();
        boolean replaces = target.existing().isPresent();
        long replacedSize = replaces ? target.existing().get().size() : 0;
        if (mode == Mode.UNDECIDED && replaces && !target.truncate()) {
            return; // opened for writing, wrote nothing, no truncate: the object is unchanged
        }
        // What the new object finally adds: its new bytes (a resumed prefix is counted already) less
        // the object it replaces, and a file unless it replaces one.
        long replacedBytes = mode == Mode.RESUME ? 0 : replacedSize;
        int files = replaces ? 0 : 1;
        if (uploadId == null) {
            // Everything fits in one request: a plain PutObject, atomic like a completed upload.
            PartBuffer only = current == null ? new PartBuffer(services.memory(), 0) : current;
            current = null;
            try {
                long length = only.length();
                long charge = length - uncharged;
                uncharged = 0;
                newBytes += charge;
                if (limited) {
                    SftpQuotaStatus.require(services.quotas().reserve(lease, charge, files));
                }
                SftpQuotaStatus.require(services.quotas().completing(lease, newBytes - replacedBytes, files));
                m.s3().putObject(b -> b.bucket(m.bucket()).key(target.key()).storageClass(m.storageClass()).contentLength(length)
                    .metadata(marker()), RequestBody.fromContentProvider(only::stream, length, "application/octet-stream"));
            } finally {
                only.free();
            }
        } else {
            if (current != null && current.length() > 0) {
                sendCurrent();
            }
            List<CompletedPart> done = new ArrayList<>();
            for (CompletableFuture<CompletedPart> part : parts) {
                try {
                    done.add(part.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof QuotaRefused refused && refused.getCause() instanceof SftpException sftp) {
                        throw sftp;
                    }
                    throw new SftpException(SftpConstants.SSH_FX_FAILURE, "S3 refused a part: " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            // With a file-count limit, the new file is counted (bounded) before the object completes.
            if (limited && files > 0) {
                SftpQuotaStatus.require(services.quotas().reserve(lease, 0, files));
            }
            SftpQuotaStatus.require(services.quotas().completing(lease, newBytes - replacedBytes, files));
            String id = uploadId;
            m.s3().completeMultipartUpload(b -> b.bucket(m.bucket()).key(target.key()).uploadId(id)
                .multipartUpload(u -> u.parts(done)));
        }
        // The new object is in place: the reservation becomes its usage.
        services.quotas().commit(lease);
    }

    private void ensureOpen() throws IOException {
        if (state == State.ABORTED) {
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "upload aborted: " + abortReason);
        }
        if (state != State.OPEN) {
            throw new ClosedChannelException();
        }
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return "MultipartUpload[" + target.virtualPath() + ", " + state + "]";
    }
}
