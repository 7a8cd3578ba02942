package dev.sluice.sftp.upload;

import dev.sluice.sftp.fs.Mount;
import dev.sluice.sftp.fs.ObjectMeta;
import dev.sluice.sftp.fs.ObjectStore;
import dev.sluice.sftp.fs.Refusal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes one object to S3 from bytes that arrive in order: they fill a part buffer; each full part
 * is uploaded in the background while the next fills (at most {@link Resources#partsInFlight} per
 * writer), so memory stays at a few parts whatever the file size. Part sizes grow with the file
 * ({@link PartSizer}). A file that fits in one part is sent with one PutObject instead. The object
 * appears only in {@link #complete}, atomically (S3 completes the multipart upload, or the
 * PutObject lands); {@link #abort} leaves nothing and frees the memory.
 *
 * <p>Resume: {@link #resume} makes an existing object the first part(s) by server-side copy (or,
 * under S3's 5 MiB minimum part, reads it back into the first part buffer).
 *
 * <p>Not thread-safe: one owner appends and completes; {@link #abort} may come from another thread
 * once the owner stopped writing.
 */
public final class S3MultipartWriter implements ReorderBuffer.Sink {

    private static final Logger log = LoggerFactory.getLogger(S3MultipartWriter.class);

    /** What all writers of a task share. */
    public record Resources(MemoryBudget memory, ExecutorService partPool, int partsInFlight) {}

    /** What the writer tells its owner, who may refuse a part (a quota). */
    public interface Listener {

        /**
         * The multipart upload exists (record its id where a reaper can abort it); before any part
         * is sent.
         */
        void started(String uploadId);

        /**
         * A part adding {@code newBytes} (bytes this writer adds to storage, a resumed prefix
         * excluded) is about to be sent; called in the part's background task. Throwing refuses the
         * part: the writer fails at the next append or at {@link #complete}.
         */
        void sending(long newBytes) throws Refusal;
    }

    /** The last step before the object can appear. */
    public interface BeforeAppear {

        /**
         * @param lastBytes new bytes not yet announced to {@link Listener#sending} (a single
         *     PutObject's)
         * @param newBytes all new bytes of the object
         */
        void run(long lastBytes, long newBytes) throws IOException;
    }

    /**
     * Internal switch for the throughput bench only ({@code sluice.internal.metadataCopy=false}):
     * hashes are computed but a multipart object does not get them, so the bench can tell the cost
     * of hashing from the cost of the self-copy that stores them. Not a setting.
     */
    static final String METADATA_COPY_SWITCH = "sluice.internal.metadataCopy";

    private final Mount mount;
    private final String key;
    private final PartSizer sizer;
    private final Resources resources;
    private final Map<String, String> metadata;
    private final Listener listener;
    private final Semaphore inFlight;
    private final List<CompletableFuture<CompletedPart>> parts = new CopyOnWriteArrayList<>();
    private volatile boolean aborted;
    private volatile Throwable partFailure;

    /** File offset of the first byte of {@link #current}. */
    private long partStart;

    private PartBuffer current;
    private int nextPartNumber = 1;
    private String uploadId;

    /** New bytes already announced to the listener (a resumed prefix excluded). */
    private long newBytes;

    /** Bytes of a small resumed object read into the first part buffer: stored already, not new. */
    private long uncharged;

    /**
     * The hashes of the object's bytes, fed part by part in file order; null when they cannot be
     * known (a resumed prefix copied server-side) or the bench switched them off.
     */
    private UploadDigests digests;

    /** Done when the last part sent so far has been fed to {@link #digests}. */
    private CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);

    /**
     * What {@link #complete(BeforeAppear, Optional)} stored.
     *
     * @param etag the object's ETag
     * @param lastModified its LastModified where S3 said it (a self-copy's), else null
     * @param meta the metadata it carries (mtime, hashes); none when they could not be stored
     */
    public record Stored(String etag, Instant lastModified, ObjectMeta meta) {}

    /**
     * @param metadata the object's user metadata (x-amz-meta-*)
     */
    public S3MultipartWriter(
            Mount mount,
            String key,
            PartSizer sizer,
            Resources resources,
            Map<String, String> metadata,
            Listener listener) {
        this.mount = mount;
        this.key = key;
        this.sizer = sizer;
        this.resources = resources;
        this.metadata = Map.copyOf(metadata);
        this.listener = listener;
        this.inFlight = new Semaphore(resources.partsInFlight());
        this.digests = UploadDigests.start().orElse(null);
    }

    /** Bytes of the object so far (a resumed prefix included): the file offset of the next byte. */
    public long length() {
        return partStart + (current == null ? 0 : current.length());
    }

    /** New bytes of the object so far, announced or not (a resumed prefix excluded). */
    public long newBytes() {
        return newBytes + (current == null ? 0 : current.length() - uncharged);
    }

    /** The multipart upload's id; null while everything fits in one PutObject. */
    public String uploadId() {
        return uploadId;
    }

    /**
     * Starts from the existing object of {@code size} bytes (which must still have {@code etag}):
     * server-side copies of up to {@link PartSizer#MAX_PART} become the first parts; a smaller
     * object than S3's minimum part is read back into the first part buffer. Before any append.
     */
    public void resume(long size, String etag) throws IOException {
        if (length() != 0) {
            throw new IllegalStateException("resume before the first append");
        }
        try {
            if (size < PartSizer.MIN_PART) {
                // Too small to be a part of its own: it becomes the start of the first part buffer.
                byte[] head =
                        mount.s3()
                                .getObjectAsBytes(
                                        b -> b.bucket(mount.bucket()).key(key).ifMatch(etag))
                                .asByteArray();
                append(head, 0, head.length);
                uncharged = head.length;
                return;
            }
            // The copied prefix never passes through this task: its hashes cannot be known.
            digests = null;
            ensureMultipart();
            long chunk = PartSizer.MAX_PART;
            for (long start = 0; start < size; start += chunk) {
                long last = Math.min(size, start + chunk) - 1;
                int number = nextPartNumber++;
                String range = "bytes=" + start + "-" + last;
                String id = uploadId;
                var copied =
                        mount.s3()
                                .uploadPartCopy(
                                        b ->
                                                b.sourceBucket(mount.bucket())
                                                        .sourceKey(key)
                                                        .copySourceIfMatch(etag)
                                                        .destinationBucket(mount.bucket())
                                                        .destinationKey(key)
                                                        .uploadId(id)
                                                        .partNumber(number)
                                                        .copySourceRange(range));
                parts.add(
                        CompletableFuture.completedFuture(
                                CompletedPart.builder()
                                        .partNumber(number)
                                        .eTag(copied.copyPartResult().eTag())
                                        .build()));
            }
            partStart = size;
        } catch (SdkException e) {
            throw new Refusal(
                    Refusal.Reason.STORAGE_FAILED,
                    "cannot resume: the existing file could not be copied ("
                            + e.getMessage()
                            + ")");
        }
    }

    @Override
    public void append(byte[] data, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (current == null) {
                current =
                        new PartBuffer(
                                resources.memory(),
                                sizer.partSize(nextPartNumber),
                                nextPartNumber > 1);
            }
            done += current.append(data, offset + done, length - done);
            if (current.isFull()) {
                sendCurrent();
            }
        }
    }

    @Override
    public boolean overwrite(long at, byte[] data, int offset, int length) {
        if (current == null || at < partStart || at + length > length()) {
            return false;
        }
        current.overwrite((int) (at - partStart), data, offset, length);
        return true;
    }

    /**
     * Makes the object appear: sends what is left, waits for every part, runs {@code beforeAppear}
     * (which may still refuse) and completes the multipart upload, or puts the whole object when it
     * never needed one. On any failure the object does not appear; the caller then aborts.
     */
    public void complete(BeforeAppear beforeAppear) throws IOException {
        complete(beforeAppear, Optional.empty());
    }

    /**
     * As {@link #complete(BeforeAppear)}, storing the hashes and {@code mtime} (the client's time,
     * if it set one) in the object's metadata: with the PutObject itself, or, after a multipart
     * upload (whose metadata is fixed when it is created), by a self-copy pinned to the completed
     * ETag. A failed self-copy leaves the object stored without them (logged).
     */
    public Stored complete(BeforeAppear beforeAppear, Optional<Instant> mtime) throws IOException {
        if (uploadId == null) {
            // Everything fits in one request: a plain PutObject, atomic like a completed upload.
            PartBuffer only = current == null ? new PartBuffer(resources.memory(), 0) : current;
            current = null;
            try {
                long length = only.length();
                long last = length - uncharged;
                uncharged = 0;
                newBytes += last;
                beforeAppear.run(last, newBytes);
                if (digests != null) {
                    only.hashInto(digests);
                }
                ObjectMeta meta = finalMeta(mtime);
                Map<String, String> all = meta.mergedInto(metadata);
                var put =
                        mount.s3()
                                .putObject(
                                        b ->
                                                b.bucket(mount.bucket())
                                                        .key(key)
                                                        .storageClass(mount.storageClass())
                                                        .contentLength(length)
                                                        .metadata(all),
                                        RequestBody.fromContentProvider(
                                                only::stream, length, "application/octet-stream"));
                return new Stored(put.eTag(), null, meta);
            } finally {
                only.free();
            }
        }
        if (current != null && current.length() > 0) {
            sendCurrent();
        }
        List<CompletedPart> done = new ArrayList<>();
        for (CompletableFuture<CompletedPart> part : parts) {
            try {
                done.add(part.get());
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        }
        beforeAppear.run(0, newBytes);
        String id = uploadId;
        String etag =
                mount.s3()
                        .completeMultipartUpload(
                                b ->
                                        b.bucket(mount.bucket())
                                                .key(key)
                                                .uploadId(id)
                                                .multipartUpload(u -> u.parts(done)))
                        .eTag();
        ObjectMeta meta = finalMeta(mtime);
        if (meta.write().isEmpty() || "false".equals(System.getProperty(METADATA_COPY_SWITCH))) {
            return new Stored(etag, null, meta);
        }
        try {
            var copied =
                    ObjectStore.replaceMetadata(
                            mount,
                            key,
                            etag,
                            length(),
                            meta.mergedInto(metadata),
                            ObjectStore.ContentHeaders.NONE,
                            Optional.ofNullable(mount.storageClass()));
            return new Stored(copied.etag(), copied.lastModified(), meta);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "{} is stored, but without its hashes and time: the metadata copy failed: {}",
                    key,
                    e.toString());
            return new Stored(etag, null, ObjectMeta.NONE);
        }
    }

    /** The hashes (if known) and the client's time (if set) the object will carry. */
    private ObjectMeta finalMeta(Optional<Instant> mtime) {
        ObjectMeta meta = digests == null ? ObjectMeta.NONE : digests.finish();
        digests = null;
        return mtime.map(meta::withMtime).orElse(meta);
    }

    /**
     * Abandons the object: waits for the parts in flight (so none lands after the abort and stays
     * as an orphan), aborts the multipart upload and frees the memory. Safe to call more than once.
     */
    public void abort() {
        aborted = true;
        // Queued part tasks see the abort and skip their upload (they are not cancelled: a
        // cancelled supplyAsync task never runs, so it would never give back its permit). The wait
        // is uninterruptible: a part that lands after the abort would stay behind as an orphan.
        inFlight.acquireUninterruptibly(resources.partsInFlight());
        inFlight.release(resources.partsInFlight());
        String id = uploadId;
        if (id != null) {
            abortMultipart(id);
        }
        PartBuffer part = current;
        current = null;
        if (part != null) {
            part.free();
        }
    }

    /**
     * Aborts the multipart upload from a part-pool thread: the protocol interrupts its own thread
     * when a connection goes away (an SFTP client that disconnects mid-upload), and the SDK gives
     * up a call on an interrupted thread, which left the upload behind. The caller waits for it
     * uninterruptibly and keeps its interrupt for later.
     */
    private void abortMultipart(String id) {
        Runnable call =
                () ->
                        mount.s3()
                                .abortMultipartUpload(
                                        b -> b.bucket(mount.bucket()).key(key).uploadId(id));
        CompletableFuture<Void> done;
        try {
            done = CompletableFuture.runAsync(call, resources.partPool());
        } catch (java.util.concurrent.RejectedExecutionException poolStopped) {
            done = CompletableFuture.completedFuture(null);
            try {
                call.run();
            } catch (SdkException e) {
                done = CompletableFuture.failedFuture(e);
            }
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            log.warn(
                    "could not abort multipart upload of {} (the bucket's lifecycle rule will): {}",
                    key,
                    e.getCause().toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ parts

    private void ensureMultipart() {
        if (uploadId == null) {
            uploadId =
                    mount.s3()
                            .createMultipartUpload(
                                    b ->
                                            b.bucket(mount.bucket())
                                                    .key(key)
                                                    .storageClass(mount.storageClass())
                                                    .metadata(metadata))
                            .uploadId();
            listener.started(uploadId);
        }
    }

    /**
     * Uploads the part in the background. The listener hears of it in the same background task: a
     * quota round trip per part on the writing thread would stall a client's pipelined writes
     * (measured: ~45 ms per part against DynamoDB Local).
     */
    private void sendCurrent() throws IOException {
        PartBuffer part = current;
        current = null;
        Throwable failed = partFailure;
        if (failed != null) {
            part.free();
            throw failure(failed);
        }
        long charge = part.length() - uncharged;
        uncharged = 0;
        newBytes += charge;
        try {
            ensureMultipart();
        } catch (SdkException e) {
            part.free();
            throw new Refusal(
                    Refusal.Reason.STORAGE_FAILED, "S3 refused the upload: " + e.getMessage());
        }
        if (nextPartNumber > PartSizer.MAX_PARTS) {
            part.free();
            throw new Refusal(
                    Refusal.Reason.TOO_LARGE,
                    "file exceeds the largest S3 object this server can store");
        }
        int number = nextPartNumber++;
        partStart += part.length();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            part.free();
            throw new InterruptedIOException("interrupted");
        }
        String id = uploadId;
        // The part is hashed in a task of its own, after the previous part's (file order), while
        // it uploads: neither the client's thread nor the upload waits for it. Nothing blocks on
        // another task, so a busy pool cannot deadlock; the buffer is freed (and the permit given
        // back) once both are done.
        UploadDigests hashTo = digests;
        CompletableFuture<Void> partHashed =
                hashTo == null
                        ? CompletableFuture.completedFuture(null)
                        : hashed.handleAsync(
                                (v, e) -> {
                                    if (!aborted) {
                                        part.hashInto(hashTo);
                                    }
                                    return null;
                                },
                                resources.partPool());
        hashed = partHashed;
        CompletableFuture<CompletedPart> uploaded =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                if (aborted) {
                                    throw new IllegalStateException("aborted");
                                }
                                long length = part.length();
                                try {
                                    listener.sending(charge);
                                } catch (Refusal refusal) {
                                    throw new PartRefused(refusal);
                                }
                                var response =
                                        mount.s3()
                                                .uploadPart(
                                                        b ->
                                                                b.bucket(mount.bucket())
                                                                        .key(key)
                                                                        .uploadId(id)
                                                                        .partNumber(number)
                                                                        .contentLength(length),
                                                        RequestBody.fromContentProvider(
                                                                part::stream,
                                                                length,
                                                                "application/octet-stream"));
                                return CompletedPart.builder()
                                        .partNumber(number)
                                        .eTag(response.eTag())
                                        .build();
                            } catch (RuntimeException e) {
                                partFailure = e;
                                throw e;
                            }
                        },
                        resources.partPool());
        parts.add(
                CompletableFuture.allOf(
                                uploaded.exceptionally(e -> null),
                                partHashed.exceptionally(e -> null))
                        .thenCompose(
                                done -> {
                                    part.free();
                                    inFlight.release();
                                    return uploaded;
                                }));
    }

    /** What a failed part task means for the client: its listener's refusal, or S3's failure. */
    private static Refusal failure(Throwable failure) {
        if (failure instanceof PartRefused refused) {
            return refused.refusal;
        }
        return new Refusal(
                Refusal.Reason.STORAGE_FAILED, "S3 refused a part: " + failure.getMessage());
    }

    /** A part task's refusal by the listener, carried out of the task. */
    private static final class PartRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        PartRefused(Refusal refusal) {
            super(refusal.getMessage(), refusal);
            this.refusal = refusal;
        }
    }
}
