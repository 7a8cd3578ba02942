package dev.sluice.cdk;

import dev.sluice.cdk.api.ApiStack;
import dev.sluice.cdk.jobs.JobsStack;
import dev.sluice.cdk.network.NetworkStack;
import dev.sluice.cdk.sftp.SftpStack;
import dev.sluice.cdk.storage.DataStack;
import java.util.List;
import software.amazon.awscdk.Stack;

/** The installation's stacks, in deployment order. */
public record SluiceStacks(
        NetworkStack network, DataStack data, JobsStack jobs, ApiStack api, SftpStack sftp) {

    public List<Stack> all() {
        return List.of(network, data, jobs, api, sftp);
    }
}
