package dev.sluice.cdk.jobs;

import software.amazon.awscdk.services.sqs.IQueue;

/** The queues the API enqueues on-demand work on. */
public record JobQueues(IQueue quotaScans, IQueue retentionChecks) {
}
