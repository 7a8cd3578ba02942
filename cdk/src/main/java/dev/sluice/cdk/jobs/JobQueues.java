package dev.sluice.cdk.jobs;

import software.amazon.awscdk.services.sqs.IQueue;

/**
 * The queues the API enqueues on-demand work on. Retention checks get their queue here when the
 * retention API arrives (see {@link Job}).
 */
public record JobQueues(IQueue quotaScans) {}
