package dev.sluice.sftp.quota;

import dev.sluice.quota.LeaseSettings;
import dev.sluice.quota.QuotaLeases;
import dev.sluice.quota.QuotaReaper;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This task's quota lease timers: renews the leases of its own uploads every third of the lease
 * length, and reaps lapsed leases of any task (dead ones) every reaper interval, the first round at
 * a random point of the first interval so that tasks started together do not reap in step.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ScheduledExecutorService timer;

    private LeaseKeeper(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static LeaseKeeper start(
            QuotaLeases leases, QuotaReaper reaper, LeaseSettings settings) {
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "quota-leases");
                            t.setDaemon(true);
                            return t;
                        });
        long renew = settings.renewEvery().toMillis();
        long reap = settings.reapEvery().toMillis();
        // A task that throws stops its schedule: every run catches what it meets.
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        leases.renewAll();
                    } catch (RuntimeException e) {
                        log.warn(
                                "renewing quota leases failed (next try in {} ms): {}",
                                renew,
                                e.toString());
                    }
                },
                renew,
                renew,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        reaper.reapLapsed();
                    } catch (RuntimeException e) {
                        log.warn(
                                "reaping lapsed quota leases failed (next try in {} ms): {}",
                                reap,
                                e.toString());
                    }
                },
                ThreadLocalRandom.current().nextLong(reap) + 1,
                reap,
                TimeUnit.MILLISECONDS);
        return new LeaseKeeper(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
