package dev.sluice.local;

import dev.sluice.quota.QuotaScan;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled jobs on timers, as EventBridge schedules run them on AWS: the quota scan, daily
 * (the first one an hour after start, so a restart does not rescan at once).
 */
final class LocalJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobs.class);
    static final Duration QUOTA_SCAN_EVERY = Duration.ofDays(1);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "sluice-jobs");
                        thread.setDaemon(true);
                        return thread;
                    });

    LocalJobs(QuotaScan quotaScan) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        QuotaScan.Result result = quotaScan.run(new QuotaScan.All());
                        LOG.info(
                                "quota scan: {} users, {} folders",
                                result.usersScanned(),
                                result.foldersScanned());
                        result.skipped()
                                .forEach(
                                        s ->
                                                LOG.warn(
                                                        "quota scan skipped {} (bucket {}): {}",
                                                        s.owner(),
                                                        s.bucket(),
                                                        s.reason()));
                    } catch (RuntimeException e) {
                        LOG.warn("quota scan failed; the next one runs in {}", QUOTA_SCAN_EVERY, e);
                    }
                },
                Duration.ofHours(1).toMinutes(),
                QUOTA_SCAN_EVERY.toMinutes(),
                TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
