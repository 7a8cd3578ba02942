package dev.sluice.cdk.sftp;

import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.storage.DataResources;
import software.amazon.awscdk.services.ec2.IVpc;

/** What the SFTP stack needs from the rest of the installation. */
public record SftpStackProps(SluiceConfig config, IVpc vpc, DataResources data) {}
