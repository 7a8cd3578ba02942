package dev.sluice.cdk.api;

import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.storage.DataResources;

/** What the API stack needs from the rest of the installation. */
public record ApiStackProps(SluiceConfig config, DataResources data) {}
