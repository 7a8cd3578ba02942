package dev.sluice.cdk;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Two Availability Zones, private task subnets with NAT, free gateway endpoints, flow logs. */
class NetworkStackTest {

    private final Template template =
            SynthesizedApp.get().template(SynthesizedApp.get().stacks().network());

    @Test
    void twoPublicAndTwoPrivateSubnets() {
        template.resourceCountIs("AWS::EC2::Subnet", 4);
        template.resourcePropertiesCountIs(
                "AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true), 2);
        template.resourcePropertiesCountIs(
                "AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false), 2);
    }

    @Test
    void oneNatGatewayPerZoneByDefault() {
        template.resourceCountIs("AWS::EC2::NatGateway", 2);
    }

    @Test
    void s3AndDynamoDbTrafficBypassesTheNatGateways() {
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
        for (String service : List.of("s3", "dynamodb")) {
            template.hasResourceProperties(
                    "AWS::EC2::VPCEndpoint",
                    Map.of(
                            "VpcEndpointType",
                            "Gateway",
                            "ServiceName",
                            Map.of(
                                    "Fn::Join",
                                    List.of(
                                            "",
                                            List.of(
                                                    "com.amazonaws.",
                                                    Map.of("Ref", "AWS::Region"),
                                                    "." + service)))));
        }
    }

    @Test
    void allTrafficIsRecordedInFlowLogs() {
        template.hasResourceProperties(
                "AWS::EC2::FlowLog",
                Map.of(
                        "ResourceType",
                        "VPC",
                        "TrafficType",
                        "ALL",
                        "LogDestinationType",
                        "cloud-watch-logs"));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }
}
