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
    void behindTheOperatorsProxyTheLoadBalancerPassesItsHeaderOn() {
        // The proxy writes the client's address in its own PROXY header; a second one from the
        // load balancer (naming the proxy) would come first and be the one the server reads.
        Map<String, Object> targetGroup =
                Cfn.props(
                        app.resources(stacks.sftp(), "AWS::ElasticLoadBalancingV2::TargetGroup")
                                .values()
                                .iterator()
                                .next());
        assertThat(Cfn.list(targetGroup.get("TargetGroupAttributes")))
                .contains(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "false"))
                .contains(Map.of("Key", "preserve_client_ip.enabled", "Value", "false"));
        // The server still requires a header on every connection: one without is refused.
        assertThat(sftpEnvironment()).containsEntry("SLUICE_PROXY_PROTOCOL", "true");
    }

    @Test
    void defenderAndLoginLimitsReachTheTaskAndEveryFunction() {
        Map<String, String> task = sftpEnvironment();
        assertThat(task)
                .containsEntry("SLUICE_DEFENDER_THRESHOLD", "10")
                .containsEntry("SLUICE_DEFENDER_BAN_TIME_MINUTES", "120")
                .containsEntry("SLUICE_DEFENDER_SAFE_LIST", "203.0.113.7/32,198.51.100.0/24")
                .containsEntry("SLUICE_MAX_AUTH_TRIES", "3")
                .containsEntry("SLUICE_LOGIN_GRACE_SECONDS", "20")
                .containsEntry("SLUICE_MAX_UNAUTHENTICATED", "256");
        var functions =
                app.resources(stacks.api(), "AWS::Lambda::Function").values().stream()
                        .map(Cfn::props)
                        .filter(p -> String.valueOf(p.get("Handler")).startsWith("dev.sluice."))
                        .toList();
        assertThat(functions).hasSize(dev.sluice.cdk.api.ApiArea.values().length);
        for (Map<String, Object> fn : functions) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env =
                    (Map<String, Object>) ((Map<?, ?>) fn.get("Environment")).get("Variables");
            assertThat(env)
                    .as(String.valueOf(fn.get("Handler")))
                    .containsEntry("SLUICE_DEFENDER_THRESHOLD", "10")
                    .containsEntry("SLUICE_DEFENDER_SAFE_LIST", "203.0.113.7/32,198.51.100.0/24")
                    .doesNotContainKey("SLUICE_MAX_AUTH_TRIES");
        }
    }

    @Test
    void theApiThrottlesAreTheParameters() {
        app.template(stacks.api())
                .hasResourceProperties(
                        "AWS::ApiGatewayV2::Stage",
                        Map.of(
                                "DefaultRouteSettings",
                                Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40),
                                "RouteSettings",
                                Map.of(
                                        "ANY /api/v2/token",
                                        Map.of(
                                                "ThrottlingRateLimit",
                                                2,
                                                "ThrottlingBurstLimit",
                                                4))));
    }

    private Map<String, String> sftpEnvironment() {
        Map<String, Object> taskDefinition =
                Cfn.props(
                        app.resources(stacks.sftp(), "AWS::ECS::TaskDefinition")
                                .values()
                                .iterator()
                                .next());
        Map<String, String> env = new java.util.TreeMap<>();
        for (Object e :
                Cfn.list(
                        ((Map<?, ?>) Cfn.list(taskDefinition.get("ContainerDefinitions")).get(0))
                                .get("Environment"))) {
            Map<?, ?> variable = (Map<?, ?>) e;
            env.put(variable.get("Name").toString(), String.valueOf(variable.get("Value")));
        }
        return env;
    }

    @Test
    void oneNatGatewayWhenAskedFor() {
        app.template(stacks.network()).resourceCountIs("AWS::EC2::NatGateway", 1);
    }
}
