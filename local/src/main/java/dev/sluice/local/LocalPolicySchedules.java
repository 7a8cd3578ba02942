package dev.sluice.local;

import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.retention.PolicySchedules;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention policies' schedules as timers, the local mode's EventBridge Scheduler: each policy's
 * expression gives its next time (in its zone); when it comes, {@code {"policy":"<name>"}} goes to
 * the retention queue, as the schedule's target on AWS, and the next time is set.
 */
final class LocalPolicySchedules implements PolicySchedules, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPolicySchedules.class);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "sluice-schedules");
                        t.setDaemon(true);
                        return t;
                    });
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final WorkQueue retention;

    LocalPolicySchedules(WorkQueue retention) {
        this.retention = retention;
    }

    @Override
    public synchronized void put(RetentionPolicy policy) {
        cancel(policy.name());
        if (!policy.active()) {
            return;
        }
        ScheduleExpression expression = ScheduleExpression.parse(policy.schedule(), "schedule");
        ZoneId zone = ScheduleExpression.zone(policy.timezone(), "timezone");
        arm(policy.name(), expression, ZonedDateTime.now(zone));
    }

    private void arm(String name, ScheduleExpression expression, ZonedDateTime after) {
        Optional<ZonedDateTime> next = expression.next(after);
        if (next.isEmpty()) {
            LOG.info("retention policy {}: its schedule {} does not fire again", name, expression);
            return;
        }
        long delay =
                Math.max(
                        0,
                        Duration.between(ZonedDateTime.now(after.getZone()), next.get())
                                .toMillis());
        timers.put(
                name,
                timer.schedule(
                        () -> {
                            LOG.info("retention policy {}: schedule fired ({})", name, expression);
                            try {
                                retention.send(new JobMessage.Policy(name));
                            } finally {
                                arm(name, expression, next.get());
                            }
                        },
                        delay,
                        TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void delete(String policyName) {
        cancel(policyName);
    }

    private void cancel(String name) {
        ScheduledFuture<?> old = timers.remove(name);
        if (old != null) {
            old.cancel(false);
        }
    }

    /** The policies with a timer set (for tests and the start banner). */
    java.util.Set<String> scheduled() {
        return java.util.Set.copyOf(timers.keySet());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
