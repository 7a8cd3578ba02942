package dev.sluice.local;

import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.WorkQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled jobs on timers, as EventBridge schedules run them on AWS: the daily quota scan (the
 * first one an hour after start, so a restart does not rescan at once), sent as the schedule's
 * {@code {"scope":"all"}} message to the quota scan queue, so it runs through the same job code,
 * runs and report as on AWS.
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

    LocalJobs(WorkQueue quotaScans) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        quotaScans.send(new JobMessage.ScanAll());
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "daily quota scan not queued; the next one runs in {}",
                                QUOTA_SCAN_EVERY,
                                e);
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
