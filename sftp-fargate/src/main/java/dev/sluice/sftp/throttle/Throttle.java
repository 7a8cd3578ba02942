package dev.sluice.sftp.throttle;

import java.io.InterruptedIOException;

/**
 * A per-session bandwidth limit in KB/s (SFTPGo's unit: 1 KB = 1024 bytes), as a token bucket with
 * one second of burst. Transfers call {@link #take} with the bytes they move; it sleeps as needed,
 * and for uploads the sleep holds back the SSH window, so the client slows down.
 */
public final class Throttle {

    public static final Throttle UNLIMITED = new Throttle(0);

    private final long bytesPerSecond;
    private double tokens;
    private long last = System.nanoTime();

    public Throttle(int kibPerSecond) {
        this.bytesPerSecond = kibPerSecond <= 0 ? 0 : kibPerSecond * 1024L;
        this.tokens = bytesPerSecond;
    }

    public void take(long bytes) throws InterruptedIOException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(bytesPerSecond, tokens + (now - last) * bytesPerSecond / 1e9);
            last = now;
            tokens -= bytes;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }
}
