package dev.sluice.cdk.jobs;

import software.amazon.awscdk.services.sqs.IQueue;

/**
 * The jobs' work queues, for the API functions that start work: the users area enqueues quota
 * scans, the retention area retention checks and policy runs (and EventBridge Scheduler enqueues
 * policy runs, see {@link RetentionSchedules}).
 *
 * @param quotaScans the quota scan job's queue
 * @param retention the retention job's queue
 */
public record JobQueues(IQueue quotaScans, IQueue retention) {

    /** The queue of one job. */
    public IQueue of(Job job) {
        return switch (job) {
            case QUOTA_SCAN -> quotaScans;
            case RETENTION -> retention;
        };
    }
}
