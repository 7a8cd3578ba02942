package dev.sluice.sftp.download;

import dev.sluice.sftp.fs.Mount;
import dev.sluice.sftp.throttle.Throttle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Random-access reads of one S3 object: the object is seen as fixed-size chunks fetched with ranged
 * GETs; a read fetches the chunk it needs and starts the next {@link #READ_AHEAD} in parallel, so a
 * sequential download keeps several requests in flight while a client that seeks (resume, parallel
 * segments) only costs the chunks it touches. Every GET is pinned to the ETag seen at open: if the
 * object is replaced mid-download the read fails instead of mixing versions.
 */
public final class RangedReader implements SeekableByteChannel {

    static final int CHUNK = 4 * 1024 * 1024;
    static final int READ_AHEAD = 4;

    private final Mount mount;
    private final String key;
    private final long size;
    private final String etag;
    private final ExecutorService pool;
    private final Throttle throttle;
    private final ConcurrentSkipListMap<Long, CompletableFuture<byte[]>> chunks =
            new ConcurrentSkipListMap<>();
    private long position;
    private volatile boolean open = true;

    public RangedReader(
            Mount mount,
            String key,
            long size,
            String etag,
            ExecutorService pool,
            Throttle throttle) {
        this.mount = mount;
        this.key = key;
        this.size = size;
        this.etag = etag;
        this.pool = pool;
        this.throttle = throttle;
    }

    /**
     * Fills {@code dst} as far as the object allows, across chunk boundaries: a short read would
     * make OpenSSH's sftp drop its pipelining back to one request and ramp up again, which costs
     * most of the throughput.
     */
    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && position < size) {
            total += readWithinChunk(dst);
        }
        throttle.take(total);
        return total;
    }

    private int readWithinChunk(ByteBuffer dst) throws IOException {
        long index = position / CHUNK;
        for (long i = index; i <= index + READ_AHEAD && i * CHUNK < size; i++) {
            chunks.computeIfAbsent(i, c -> CompletableFuture.supplyAsync(() -> fetch(c), pool));
        }
        // Chunks behind the reader are done with (a client re-reading far back fetches again).
        Iterator<Map.Entry<Long, CompletableFuture<byte[]>>> behind =
                chunks.headMap(index - 1).entrySet().iterator();
        while (behind.hasNext()) {
            behind.next().getValue().cancel(false);
            behind.remove();
        }
        byte[] data = await(chunks.get(index));
        int within = (int) (position - index * CHUNK);
        int n = Math.min(dst.remaining(), data.length - within);
        dst.put(data, within, n);
        position += n;
        return n;
    }

    private byte[] fetch(long chunk) {
        long start = chunk * CHUNK;
        long end = Math.min(size, start + CHUNK) - 1;
        int length = (int) (end - start + 1);
        // Read straight into an array of the range's size (getObjectAsBytes copies the body twice
        // more).
        try (var in =
                mount.s3()
                        .getObject(
                                b ->
                                        b.bucket(mount.bucket())
                                                .key(key)
                                                .ifMatch(etag)
                                                .range("bytes=" + start + "-" + end))) {
            byte[] out = new byte[length];
            int n = in.readNBytes(out, 0, length);
            if (n != length) {
                throw new java.io.UncheckedIOException(
                        new java.io.EOFException("S3 returned " + n + " of " + length + " bytes"));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] await(CompletableFuture<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (CancellationException e) {
            throw new IOException("download cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof S3Exception s3 && s3.statusCode() == 412) {
                throw new SftpException(
                        SftpConstants.SSH_FX_FAILURE,
                        "the file changed on the server during the download; retry");
            }
            if (cause instanceof SdkException || cause instanceof java.io.UncheckedIOException) {
                throw new IOException("S3 read failed: " + cause.getMessage(), cause);
            }
            throw new IOException(cause);
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        chunks.values().forEach(f -> f.cancel(false));
        chunks.clear();
    }
}
