package dev.sluice.local;

import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.WorkQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job queue in-process, as SQS and the job function are on AWS: each message is handled on a
 * worker thread by the same job code, with a deadline after which the job checkpoints and sends its
 * continuation back here (so one long check does not hold a worker for good). A message that fails
 * is retried a few times, then dropped with a log line (SQS's dead-letter queue).
 */
final class LocalWorkQueue implements WorkQueue, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkQueue.class);

    /** The slice a job works before handing the rest back (a Lambda invocation's stand-in). */
    static final long SLICE_MILLIS = 60_000;

    static final int ATTEMPTS = 3;

    private final String name;
    private final ExecutorService workers;
    private volatile BiConsumer<JobMessage, Deadline> handler;

    LocalWorkQueue(String name, int workers) {
        this.name = name;
        this.workers =
                Executors.newFixedThreadPool(
                        workers,
                        r -> {
                            Thread t = new Thread(r, "sluice-" + name);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Who handles the messages (set once the job exists: the job also sends to this queue). */
    void handler(BiConsumer<JobMessage, Deadline> value) {
        this.handler = value;
    }

    @Override
    public void send(JobMessage message) {
        workers.execute(() -> deliver(message, 1));
    }

    private void deliver(JobMessage message, int attempt) {
        BiConsumer<JobMessage, Deadline> h = handler;
        if (h == null) {
            LOG.warn("{} queue: no handler yet for {}; dropped", name, message.body());
            return;
        }
        try {
            h.accept(message, Deadline.in(SLICE_MILLIS));
        } catch (IllegalArgumentException e) {
            LOG.error("{} message {} ignored: {}", name, message.body(), e.getMessage());
        } catch (RuntimeException e) {
            if (attempt < ATTEMPTS && !workers.isShutdown()) {
                LOG.warn(
                        "{} message {} failed (attempt {}); retrying",
                        name,
                        message.body(),
                        attempt,
                        e);
                workers.execute(() -> deliver(message, attempt + 1));
            } else {
                LOG.error(
                        "{} message {} failed {} times; dropped", name, message.body(), attempt, e);
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
