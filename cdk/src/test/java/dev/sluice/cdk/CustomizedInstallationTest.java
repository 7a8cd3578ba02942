package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Context parameters change what they should: removal, image source, client networks, NAT, bucket
 * name.
 */
class CustomizedInstallationTest {

    private final SynthesizedApp app = Variants.customized();
    private final SluiceStacks stacks = app.stacks();

    @Test
    void destroyDeletesTablesAndEmptiesBuckets() {
        app.resources(stacks.data(), "AWS::DynamoDB::Table")
                .values()
                .forEach(
                        table -> {
                            assertThat(table.get("DeletionPolicy")).isEqualTo("Delete");
                            assertThat(Cfn.props(table).get("DeletionProtectionEnabled"))
                                    .isEqualTo(false);
                        });
        Template data = app.template(stacks.data());
        data.resourceCountIs("Custom::S3AutoDeleteObjects", 2);
        data.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketName", "acme-sluice-files"));
    }

    @Test
    void aPrebuiltEcrImageIsPulledFromItsRepositoryOnly() {
        Map<String, Object> taskDefinition =
                Cfn.props(
                        app.resources(stacks.sftp(), "AWS::ECS::TaskDefinition")
                                .values()
                                .iterator()
                                .next());
        Object image =
                ((Map<?, ?>) Cfn.list(taskDefinition.get("ContainerDefinitions")).get(0))
                        .get("Image");
        assertThat(image.toString())
                .contains("123456789012.dkr.ecr.eu-west-1.", "/sluice-sftp:1.0");

        List<Map<String, Object>> pulls =
                app.resources(stacks.sftp(), "AWS::IAM::Policy").values().stream()
                        .flatMap(
                                policy ->
                                        Cfn.list(
                                                ((Map<?, ?>)
                                                                Cfn.props(policy)
                                                                        .get("PolicyDocument"))
                                                        .get("Statement"))
                                                .stream())
                        .map(
                                statement -> {
                                    @SuppressWarnings("unchecked")
                                    Map<String, Object> m = (Map<String, Object>) statement;
                                    return m;
                                })
                        .filter(statement -> Cfn.actions(statement).contains("ecr:BatchGetImage"))
                        .toList();
        assertThat(pulls)
                .singleElement()
                .satisfies(
                        statement ->
                                assertThat(statement.get("Resource").toString())
                                        .contains(
                                                ":ecr:eu-west-1:123456789012:repository/sluice-sftp"));
    }

    @Test
    void onlyTheAllowedNetworksReachPort22() {
        app.template(stacks.sftp())
                .hasResourceProperties(
                        "AWS::EC2::SecurityGroup",
                        Map.of(
                                "GroupDescription", Match.stringLikeRegexp("load balancer"),
                                "SecurityGroupIngress",
                                        List.of(
                                                Match.objectLike(
                                                        Map.of(
                                                                "CidrIp",
                                                                "203.0.113.0/24",
                                                                "FromPort",
                                                                22)),
                                                Match.objectLike(
                                                        Map.of(
                                                                "CidrIp",
                                                                "198.51.100.0/24",
                                                                "FromPort",
                                                                22)))));
    }

    @Test
    void oneNatGatewayWhenAskedFor() {
        app.template(stacks.network()).resourceCountIs("AWS::EC2::NatGateway", 1);
    }
}
