package dev.sluice.sftp.upload;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * The memory all upload part buffers of this task may use together. A buffer that wants to grow
 * waits for room; the wait holds back the SFTP request loop and so the SSH window, which slows the
 * client down instead of running the task out of memory.
 */
public final class MemoryBudget {

    private static final int UNIT = 64 * 1024;
    private final Semaphore units;
    private final int total;

    public MemoryBudget(long bytes) {
        this.total = (int) Math.max(1, bytes / UNIT);
        this.units = new Semaphore(total, true);
    }

    /** Blocks until {@code bytes} (rounded up to 64 KiB) are available. */
    public long acquire(long bytes) throws InterruptedIOException {
        int n = units(bytes);
        if (n > total) {
            throw new IllegalStateException(
                    "a single buffer of " + bytes + " bytes exceeds the upload memory budget");
        }
        try {
            units.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for upload memory");
        }
        return (long) n * UNIT;
    }

    public void release(long grantedBytes) {
        if (grantedBytes > 0) {
            units.release(units(grantedBytes));
        }
    }

    public long availableBytes() {
        return (long) units.availablePermits() * UNIT;
    }

    private static int units(long bytes) {
        return (int) ((bytes + UNIT - 1) / UNIT);
    }
}
