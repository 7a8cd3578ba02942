package dev.sluice.cdk;

import dev.sluice.cdk.api.ApiStack;
import dev.sluice.cdk.api.ApiStackProps;
import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.jobs.JobsStack;
import dev.sluice.cdk.jobs.JobsStackProps;
import dev.sluice.cdk.network.NetworkStack;
import dev.sluice.cdk.sftp.SftpStack;
import dev.sluice.cdk.sftp.SftpStackProps;
import dev.sluice.cdk.storage.DataStack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * Builds the installation's stacks. Each stack receives what it uses from the others as typed props
 * (records); CDK turns those references into CloudFormation exports and imports, and orders the
 * deployments (network, data → jobs → api; network, data → sftp).
 *
 * <p>The stacks are environment-agnostic (no account or region at synthesis): templates build
 * offline, and {@code cdk deploy} targets whatever account and region the AWS credentials name.
 */
public final class Sluice {

    private Sluice() {}

    public static SluiceStacks build(Construct app, SluiceConfig config) {
        Tags.of(app).add("project", "sluice");
        NetworkStack network =
                new NetworkStack(
                        app,
                        "SluiceNetwork",
                        props(
                                "Sluice: VPC over two Availability Zones, NAT, S3/DynamoDB endpoints, flow logs"),
                        config);
        DataStack data =
                new DataStack(
                        app,
                        "SluiceData",
                        props("Sluice: files bucket, DynamoDB tables, secrets"),
                        config);
        JobsStack jobs =
                new JobsStack(
                        app,
                        "SluiceJobs",
                        props(
                                "Sluice: quota scans and retention (EventBridge, EventBridge Scheduler, SQS, Lambda, SES)"),
                        new JobsStackProps(config, data.resources()));
        ApiStack api =
                new ApiStack(
                        app,
                        "SluiceApi",
                        props("Sluice: REST API (API Gateway HTTP API, Lambda)"),
                        new ApiStackProps(
                                config, data.resources(), jobs.queues(), jobs.schedules()));
        SftpStack sftp =
                new SftpStack(
                        app,
                        "SluiceSftp",
                        props("Sluice: SFTP service (Network Load Balancer, ECS Fargate)"),
                        new SftpStackProps(config, network.vpc(), data.resources()));
        return new SluiceStacks(network, data, jobs, api, sftp);
    }

    private static StackProps props(String description) {
        return StackProps.builder().description(description).build();
    }
}
