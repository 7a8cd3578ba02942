package dev.sluice.cdk.jobs;

import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.storage.DataResources;

/** What the jobs stack needs from the rest of the installation. */
public record JobsStackProps(SluiceConfig config, DataResources data) {}
