package dev.sluice.sftp.auth;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs password checks (argon2id: CPU and about 19 MiB each) on a few threads of their own with a
 * bounded queue, and hands each answer back to MINA asynchronously ({@link AsyncAuthException}).
 * MINA's NIO threads, which also move every logged-in user's data, never hash; a flood of guesses
 * costs at most {@link #threads()} cores and that many hashes' memory, and waits in a queue of at
 * most {@link #queued()} attempts. When the queue is full, an attempt is refused at once, as any
 * wrong password is (the client sees an ordinary failure), and the refusal is logged. An attempt
 * whose client went away, or whose address was banned, while it waited is answered without hashing
 * (after a ban, the guesses a spray still has queued would otherwise each cost a hash).
 */
public final class VerificationPool implements AutoCloseable {

    /**
     * Attempts that may wait per thread: a few seconds of hashing at most, far below a login grace.
     */
    static final int QUEUED_PER_THREAD = 64;

    private static final Logger log = LoggerFactory.getLogger(VerificationPool.class);

    private final ThreadPoolExecutor executor;
    private final int queued;
    private final Predicate<InetAddress> refused;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * A pool of {@code threads} threads and {@code queued} waiting attempts.
     *
     * @param refused whether attempts from an address are refused now, asked when an attempt's turn
     *     comes (the defender's {@code refuses}: a banned address)
     * @throws IllegalArgumentException if {@code threads} or {@code queued} is below 1
     */
    public VerificationPool(int threads, int queued, Predicate<InetAddress> refused) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 (was " + threads + ")");
        }
        if (queued < 1) {
            throw new IllegalArgumentException("queued must be at least 1 (was " + queued + ")");
        }
        this.queued = queued;
        this.refused = Objects.requireNonNull(refused, "refused");
        AtomicInteger n = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        30,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(queued),
                        r -> {
                            Thread t = new Thread(r, "password-check-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.AbortPolicy());
        // Idle threads end, so a server that is never closed leaves none behind.
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Sized for a task with {@code cores} processors: half of them (at least one) hash, so the
     * other half keeps moving data however many guesses arrive; {@value #QUEUED_PER_THREAD}
     * attempts may wait per thread.
     */
    public static VerificationPool forCores(int cores, Predicate<InetAddress> refused) {
        int threads = Math.max(1, cores / 2);
        return new VerificationPool(threads, threads * QUEUED_PER_THREAD, refused);
    }

    /** Checks that may run at once. */
    public int threads() {
        return executor.getMaximumPoolSize();
    }

    /** Checks that may wait for a thread before more are refused. */
    public int queued() {
        return queued;
    }

    /** Checks running or waiting now. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Answers a password or keyboard-interactive attempt of {@code session} with {@code check}, run
     * on this pool. MINA's authenticators call this and let its exception through: the answer
     * reaches MINA when the check ends. A check whose session has closed meanwhile is skipped (a
     * client that gave up costs no hashing), one whose address is refused by then is answered as a
     * wrong password without running, and one that throws counts as refused.
     *
     * @param username for the log only
     * @return false, at once, when the queue is full (the attempt is refused without a check)
     * @throws AsyncAuthException otherwise, always: MINA's signal that the answer comes later
     */
    public boolean verify(ServerSession session, String username, BooleanSupplier check) {
        AsyncAuthException answer = new AsyncAuthException();
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> run(session, username, check, answer));
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            InetAddress client = SshAuthenticators.clientAddress(session);
            log.warn(
                    "login refused for user \"{}\" from {}: {} password checks running and {}"
                            + " waiting, the most this task allows",
                    username,
                    client == null ? "?" : client.getHostAddress(),
                    threads(),
                    queued);
            return false;
        }
        throw answer;
    }

    private void run(
            ServerSession session,
            String username,
            BooleanSupplier check,
            AsyncAuthException answer) {
        boolean accepted;
        try {
            if (!session.isOpen()) {
                return; // nobody to answer; MINA would only log that it could not write
            }
            InetAddress client = SshAuthenticators.clientAddress(session);
            if (client != null && refused.test(client)) {
                log.info(
                        "login refused for user \"{}\" from {}: the address was banned while the"
                                + " attempt waited",
                        username,
                        client.getHostAddress());
                accepted = false;
            } else {
                accepted = check.getAsBoolean();
            }
        } catch (RuntimeException e) {
            log.warn("password check of user \"{}\" failed: {}", username, e.toString());
            accepted = false;
        } finally {
            inFlight.decrementAndGet();
        }
        answer.setAuthed(accepted);
    }

    /** Stops the threads; checks still waiting are dropped (their sessions are closing too). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
