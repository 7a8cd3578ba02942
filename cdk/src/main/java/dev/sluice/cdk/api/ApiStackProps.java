package dev.sluice.cdk.api;

import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.jobs.JobQueues;
import dev.sluice.cdk.jobs.RetentionSchedules;
import dev.sluice.cdk.storage.DataResources;

/**
 * What the API stack needs from the rest of the installation.
 *
 * @param queues the jobs' queues, which routes that start work send to
 * @param schedules where retention policies' schedules are made, and the role they run as
 */
public record ApiStackProps(
        SluiceConfig config, DataResources data, JobQueues queues, RetentionSchedules schedules) {}
