package dev.sluice.sftp.quota;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This task's quota settlements that no SFTP request needs to wait for: completed uploads and
 * deletes of files whose counters have no limit ({@link dev.sluice.quota.UploadReservation#commit(
 * Executor)}, {@link dev.sluice.quota.Quotas#charge(java.util.List, long, int, Executor)}). Each is
 * a DynamoDB round trip that used to sit between a small file's last byte and the client's next
 * request.
 *
 * <p>One thread, in order. The queue is bounded: when DynamoDB falls behind, the request that would
 * overflow it waits for room (back-pressure instead of unbounded memory, and no settlement out of
 * turn), and after {@link #close} everything settles on the caller. A process that dies with
 * settlements queued loses nothing an upload needs: their leases lapse and a reaper settles them
 * from the objects' markers (deletes are best-effort changes that a quota scan corrects, as
 * before).
 */
public final class Settlements implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Settlements.class);

    private final ThreadPoolExecutor pool;

    /**
     * @param capacity settlements that may wait before callers wait for room
     */
    public Settlements(int capacity) {
        this.pool =
                new ThreadPoolExecutor(
                        1,
                        1,
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(capacity),
                        r -> {
                            Thread t = new Thread(r, "quota-settle");
                            t.setDaemon(true);
                            return t;
                        },
                        Settlements::waitForRoom);
    }

    /**
     * A full queue makes the caller wait for room rather than settle out of turn: a delete settled
     * before the upload it follows would drive a counter below zero. Once closed, the caller
     * settles itself.
     */
    private static void waitForRoom(Runnable settlement, ThreadPoolExecutor executor) {
        if (!executor.isShutdown()) {
            try {
                executor.getQueue().put(settlement);
                if (!executor.isShutdown() || !executor.getQueue().remove(settlement)) {
                    return; // queued, and the thread will take it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        settlement.run();
    }

    /** Settles {@code settlement} in the background (or now, when the queue is full or closed). */
    @Override
    public void execute(Runnable settlement) {
        pool.execute(
                () -> {
                    try {
                        settlement.run();
                    } catch (RuntimeException e) {
                        // Settlements never throw by contract; this only keeps the thread alive.
                        log.warn("a quota settlement failed: {}", e.toString());
                    }
                });
    }

    /**
     * Waits until everything queued before this call has settled, at most {@code timeout}; false
     * when it is not done by then.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        execute(done::countDown);
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Settles what is queued (up to 30 s), then settles later calls on the caller. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("quota settlements still queued at shutdown; reapers settle them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
