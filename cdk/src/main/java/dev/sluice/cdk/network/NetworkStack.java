package dev.sluice.cdk.network;

import dev.sluice.cdk.common.LogGroups;
import dev.sluice.cdk.config.SluiceConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The VPC the SFTP service runs in: two Availability Zones, public subnets for the load balancer
 * and the NAT gateways, private subnets for the tasks (no public IPs), gateway endpoints so that
 * file traffic to S3 and state traffic to DynamoDB bypass the NAT gateways (free, and NAT data
 * processing would otherwise cost $0.045 per GB of every upload and download), and flow logs. The
 * Lambda functions do not run in the VPC: they reach only AWS APIs, over IAM-authenticated TLS.
 */
public final class NetworkStack extends Stack {

    private final Vpc vpc;

    public NetworkStack(Construct scope, String id, StackProps props, SluiceConfig config) {
        super(scope, id, props);
        this.vpc =
                Vpc.Builder.create(this, "Vpc")
                        .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                        .maxAzs(2)
                        .natGateways(config.natGateways())
                        .subnetConfiguration(
                                List.of(
                                        SubnetConfiguration.builder()
                                                .name("public")
                                                .subnetType(SubnetType.PUBLIC)
                                                .cidrMask(24)
                                                .build(),
                                        SubnetConfiguration.builder()
                                                .name("tasks")
                                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                                .cidrMask(20)
                                                .build()))
                        .gatewayEndpoints(gatewayEndpoints())
                        .flowLogs(
                                Map.of(
                                        "All",
                                        FlowLogOptions.builder()
                                                .trafficType(FlowLogTrafficType.ALL)
                                                .destination(
                                                        FlowLogDestination.toCloudWatchLogs(
                                                                LogGroups.create(
                                                                        this,
                                                                        "FlowLogs",
                                                                        LogGroups.OPERATIONAL,
                                                                        config.removal())))
                                                .build()))
                        .build();
    }

    private static Map<String, GatewayVpcEndpointOptions> gatewayEndpoints() {
        Map<String, GatewayVpcEndpointOptions> endpoints =
                new LinkedHashMap<>(); // ordered: stable templates
        endpoints.put(
                "S3",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build());
        endpoints.put(
                "DynamoDb",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                        .build());
        return endpoints;
    }

    public IVpc vpc() {
        return vpc;
    }
}
