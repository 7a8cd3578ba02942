package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.sftp.SftpStack;
import dev.sluice.cdk.storage.DataResources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** NLB TCP 22 → Fargate tasks on 2022 across two zones, PROXY protocol, health, drain, scaling. */
class SftpStackTest {

    private final SynthesizedApp app = SynthesizedApp.get();
    private final SftpStack sftp = app.stacks().sftp();
    private final DataResources data = app.stacks().data().resources();
    private final Template template = app.template(sftp);

    @Test
    void anInternetFacingNetworkLoadBalancerListensOnTcp22() {
        template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                Map.of(
                        "Type",
                        "network",
                        "Scheme",
                        "internet-facing",
                        "LoadBalancerAttributes",
                        Match.arrayWith(
                                List.of(
                                        Map.of(
                                                "Key",
                                                "load_balancing.cross_zone.enabled",
                                                "Value",
                                                "true")))));
        template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::Listener",
                Map.of(
                        "Port",
                        22,
                        "Protocol",
                        "TCP",
                        "ListenerAttributes",
                        List.of(Map.of("Key", "tcp.idle_timeout.seconds", "Value", "1800"))));
        template.hasOutput(
                "SftpEndpoint",
                Map.of(
                        "Value",
                        Map.of(
                                "Fn::GetAtt",
                                List.of(Cfn.logicalId(sftp.loadBalancer()), "DNSName"))));
    }

    @Test
    void targetsAreTaskIpsOnPort2022WithProxyProtocolAndMatchedDraining() {
        template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::TargetGroup",
                Map.of(
                        "Port",
                        2022,
                        "Protocol",
                        "TCP",
                        "TargetType",
                        "ip",
                        "HealthCheckProtocol",
                        "HTTP",
                        "HealthCheckPort",
                        "8080",
                        "HealthCheckPath",
                        "/healthz",
                        "TargetGroupAttributes",
                        Match.arrayWith(
                                List.of(
                                        Map.of(
                                                "Key",
                                                "deregistration_delay.timeout_seconds",
                                                "Value",
                                                "110"),
                                        Map.of("Key", "proxy_protocol_v2.enabled", "Value", "true"),
                                        Map.of(
                                                "Key",
                                                "preserve_client_ip.enabled",
                                                "Value",
                                                "false")))));
    }

    @Test
    void theContainerIsToldWhatTheLoadBalancerDoes() {
        template.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Map.of(
                        "Cpu",
                        "1024",
                        "Memory",
                        "2048",
                        "ContainerDefinitions",
                        List.of(
                                Match.objectLike(
                                        Map.of(
                                                "Name", "sftp",
                                                "StopTimeout", 120,
                                                "PortMappings",
                                                        List.of(
                                                                Map.of(
                                                                        "ContainerPort",
                                                                        2022,
                                                                        "Protocol",
                                                                        "tcp"),
                                                                Map.of(
                                                                        "ContainerPort",
                                                                        8080,
                                                                        "Protocol",
                                                                        "tcp")),
                                                "LogConfiguration",
                                                        Match.objectLike(
                                                                Map.of("LogDriver", "awslogs")),
                                                "Environment",
                                                        Match.arrayWith(
                                                                List.of(
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_DRAIN_SECONDS",
                                                                                "Value",
                                                                                "110"),
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_HEALTH_PORT",
                                                                                "Value",
                                                                                "8080"),
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_HOST_KEYS_SECRET_ARN",
                                                                                "Value",
                                                                                Match.anyValue()),
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_PROXY_PROTOCOL",
                                                                                "Value",
                                                                                "true"),
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_SCP",
                                                                                "Value",
                                                                                "true"),
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_SFTP_PORT",
                                                                                "Value",
                                                                                "2022"),
                                                                        Map.of(
                                                                                "Name",
                                                                                "SLUICE_SSH_POLICY",
                                                                                "Value",
                                                                                "sluice-2026-12"))))))));
    }

    /** The container's environment, variable by variable (CloudFormation references as JSON). */
    private Map<String, String> environment() {
        Map<String, Object> taskDefinition =
                Cfn.props(
                        app.resources(sftp, "AWS::ECS::TaskDefinition").values().iterator().next());
        Map<?, ?> container =
                (Map<?, ?>) Cfn.list(taskDefinition.get("ContainerDefinitions")).get(0);
        Map<String, String> env = new java.util.TreeMap<>();
        for (Object e : Cfn.list(container.get("Environment"))) {
            Map<?, ?> variable = (Map<?, ?>) e;
            env.put(variable.get("Name").toString(), Cfn.json(variable.get("Value")));
        }
        return env;
    }

    @Test
    void theTaskIsGivenItsLoginLimitsAndTheDefenderTheApiFunctionsRun() {
        Map<String, String> env = environment();
        assertThat(env)
                .containsEntry("SLUICE_MAX_AUTH_TRIES", "\"6\"")
                .containsEntry("SLUICE_LOGIN_GRACE_SECONDS", "\"30\"")
                .containsEntry("SLUICE_MAX_UNAUTHENTICATED", "\"256\"")
                .containsEntry("SLUICE_MAX_UNAUTHENTICATED_PER_ADDRESS", "\"16\"");
        // The same defender settings as every API function: one ban, everywhere alike.
        Map<String, Object> apiEnv =
                app.resources(app.stacks().api(), "AWS::Lambda::Function").values().stream()
                        .map(Cfn::props)
                        .filter(p -> String.valueOf(p.get("Handler")).startsWith("dev.sluice."))
                        .map(p -> (Map<?, ?>) ((Map<?, ?>) p.get("Environment")).get("Variables"))
                        .map(
                                v -> {
                                    Map<String, Object> m = new java.util.TreeMap<>();
                                    v.forEach((k, x) -> m.put(k.toString(), x));
                                    return m;
                                })
                        .findFirst()
                        .orElseThrow();
        Map<String, String> taskDefender = new java.util.TreeMap<>();
        Map<String, String> apiDefender = new java.util.TreeMap<>();
        env.forEach(
                (k, v) -> {
                    if (k.startsWith("SLUICE_DEFENDER")) {
                        taskDefender.put(k, v);
                    }
                });
        apiEnv.forEach(
                (k, v) -> {
                    if (k.startsWith("SLUICE_DEFENDER")) {
                        apiDefender.put(k, Cfn.json(v));
                    }
                });
        assertThat(taskDefender).hasSize(12).isEqualTo(apiDefender);
    }

    @Test
    void theTaskReadsBansAndWritesScoresButDeletesNoHost() {
        List<Map<String, Object>> dynamo =
                Cfn.forService(
                        Cfn.statements(app, sftp, Cfn.logicalId(sftp.taskRole())), "dynamodb");
        String hosts = Cfn.logicalId(data.tables().table(dev.sluice.dynamo.Tables.DEFENDER_HOSTS));
        List<Map<String, Object>> onHosts =
                dynamo.stream()
                        .filter(s -> Cfn.names(Cfn.references(s.get("Resource")), hosts))
                        .toList();
        for (String action : List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem")) {
            assertThat(onHosts).as(action).anyMatch(s -> Cfn.allows(s, action));
        }
        // It only updates scores and bans; removing a host is the API's (DELETE
        // /api/v2/defender/hosts/{id}), and TTL removes the rest.
        for (String action :
                List.of("dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem")) {
            assertThat(onHosts).as(action).noneMatch(s -> Cfn.allows(s, action));
        }
    }

    @Test
    void twoTasksInPrivateSubnetsRollingSafelyAndScalingOnCpu() {
        template.hasResourceProperties(
                "AWS::ECS::Service",
                Map.of(
                        "LaunchType", "FARGATE",
                        "DeploymentConfiguration",
                                Map.of(
                                        "DeploymentCircuitBreaker",
                                        Map.of("Enable", true, "Rollback", true),
                                        "MinimumHealthyPercent",
                                        100,
                                        "MaximumPercent",
                                        200),
                        "NetworkConfiguration",
                                Map.of(
                                        "AwsvpcConfiguration",
                                        Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))));
        Map<String, Object> network =
                Cfn.props(app.resources(sftp, "AWS::ECS::Service").values().iterator().next());
        Object subnets =
                ((Map<?, ?>)
                                ((Map<?, ?>) network.get("NetworkConfiguration"))
                                        .get("AwsvpcConfiguration"))
                        .get("Subnets");
        assertThat(Cfn.list(subnets)).hasSize(2);
        assertThat(Cfn.references(subnets))
                .anyMatch(r -> r.contains("tasksSubnet1"))
                .anyMatch(r -> r.contains("tasksSubnet2"));
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalableTarget",
                Map.of("MinCapacity", 2, "MaxCapacity", 10));
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                Map.of(
                        "PolicyType",
                        "TargetTrackingScaling",
                        "TargetTrackingScalingPolicyConfiguration",
                        Match.objectLike(
                                Map.of(
                                        "PredefinedMetricSpecification",
                                        Map.of(
                                                "PredefinedMetricType",
                                                "ECSServiceAverageCPUUtilization"),
                                        "TargetValue",
                                        60))));
        template.hasResourceProperties(
                "AWS::ECS::Cluster",
                Map.of(
                        "ClusterSettings",
                        List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    }

    @Test
    void deploymentsKeepTheCountAutoscalingSet() {
        // A DesiredCount in the template would put a scaled-out service back to sftpTaskCount on
        // every deployment (any change to the task definition or the service). Without one, ECS
        // keeps the current count; the scalable target's minimum brings a new service up to size.
        Map<String, Object> service =
                Cfn.props(app.resources(sftp, "AWS::ECS::Service").values().iterator().next());
        assertThat(service).doesNotContainKey("DesiredCount");
        Map<String, Object> target =
                Cfn.props(
                        app.resources(sftp, "AWS::ApplicationAutoScaling::ScalableTarget")
                                .values()
                                .iterator()
                                .next());
        assertThat(target.get("MinCapacity")).as("sftpTaskCount").isEqualTo(2);
        assertThat(target.get("ScalableDimension")).isEqualTo("ecs:service:DesiredCount");
        assertThat(Cfn.references(target.get("ResourceId")))
                .contains(Cfn.logicalId(sftp.service().service()));
    }

    /**
     * S3 actions no SFTP task may hold: they defeat versioning's recovery or change the bucket
     * itself.
     */
    static final List<String> VERSION_OR_BUCKET_CHANGES =
            List.of(
                    "s3:DeleteObjectVersion",
                    "s3:DeleteObjectVersionTagging",
                    "s3:PutObjectVersionAcl",
                    "s3:PutLifecycleConfiguration",
                    "s3:PutBucketVersioning",
                    "s3:PutBucketPolicy",
                    "s3:DeleteBucketPolicy",
                    "s3:DeleteBucket",
                    "s3:PutBucketObjectLockConfiguration",
                    "s3:PutObjectRetention",
                    "s3:PutObjectLegalHold",
                    "s3:BypassGovernanceRetention",
                    "s3:PutReplicationConfiguration",
                    "s3:PutEncryptionConfiguration",
                    "s3:PutBucketPublicAccessBlock",
                    "s3:PutBucketAcl",
                    "s3:PutObjectAcl",
                    "s3:PutBucketOwnershipControls",
                    "s3:PutBucketLogging");

    @Test
    void theTaskChangesFilesButNeverTheirOldVersionsNorTheBucket() {
        List<Map<String, Object>> statements =
                Cfn.statements(app, sftp, Cfn.logicalId(sftp.taskRole()));
        for (String action : VERSION_OR_BUCKET_CHANGES) {
            assertThat(statements).as(action).noneMatch(s -> Cfn.allows(s, action));
        }
        // What it does hold, named one by one on the files bucket.
        List<Map<String, Object>> s3 = Cfn.forService(statements, "s3");
        assertThat(s3.stream().flatMap(s -> Cfn.actions(s).stream()))
                .containsExactlyInAnyOrder(
                        "s3:ListBucket",
                        "s3:ListBucketMultipartUploads",
                        "s3:GetObject",
                        "s3:GetObjectTagging",
                        "s3:PutObject",
                        "s3:PutObjectTagging",
                        "s3:DeleteObject",
                        "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts")
                .noneMatch(a -> a.contains("*"));
        String bucket = Cfn.logicalId(data.bucket());
        s3.forEach(
                s ->
                        assertThat(Cfn.names(Cfn.references(s.get("Resource")), bucket))
                                .as("on the files bucket: " + s)
                                .isTrue());
        for (String action :
                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket")) {
            assertThat(statements).as(action).anyMatch(s -> Cfn.allows(s, action));
        }
    }

    @Test
    void onlyTheLoadBalancerReachesTheTasks() {
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Map.of(
                        "GroupDescription", Match.stringLikeRegexp("load balancer"),
                        "SecurityGroupIngress",
                                List.of(
                                        Match.objectLike(
                                                Map.of(
                                                        "CidrIp",
                                                        "0.0.0.0/0",
                                                        "FromPort",
                                                        22,
                                                        "ToPort",
                                                        22)))));
        for (int port : List.of(2022, 8080)) {
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroupIngress",
                    Map.of(
                            "FromPort",
                            port,
                            "ToPort",
                            port,
                            "IpProtocol",
                            "tcp",
                            "SourceSecurityGroupId",
                            Match.objectLike(
                                    Map.of(
                                            "Fn::GetAtt",
                                            Match.arrayWith(
                                                    List.of(
                                                            Match.stringLikeRegexp(
                                                                    "^FirewallLoadBalancer"))))),
                            "GroupId",
                            Match.objectLike(
                                    Map.of(
                                            "Fn::GetAtt",
                                            Match.arrayWith(
                                                    List.of(
                                                            Match.stringLikeRegexp(
                                                                    "^FirewallTasks")))))));
        }
        // The task security group itself admits nobody else.
        app.resources(sftp, "AWS::EC2::SecurityGroup").values().stream()
                .filter(
                        sg ->
                                String.valueOf(Cfn.props(sg).get("GroupDescription"))
                                        .contains("tasks"))
                .forEach(sg -> assertThat(Cfn.props(sg)).doesNotContainKey("SecurityGroupIngress"));
    }

    @Test
    void theTaskMayReadAndWriteHostKeysButNoOtherSecretBeyondTheMasterKey() {
        List<Map<String, Object>> statements =
                Cfn.statements(app, sftp, Cfn.logicalId(sftp.taskRole()));
        String hostKeys = Cfn.logicalId(data.secrets().hostKeys());
        List<Map<String, Object>> hostKeyStatements =
                Cfn.forService(statements, "secretsmanager").stream()
                        .filter(s -> Cfn.names(Cfn.references(s.get("Resource")), hostKeys))
                        .toList();
        assertThat(hostKeyStatements)
                .singleElement()
                .satisfies(
                        s ->
                                assertThat(Cfn.actions(s))
                                        .containsExactlyInAnyOrder(
                                                "secretsmanager:GetSecretValue",
                                                "secretsmanager:PutSecretValue"));

        Set<String> secrets =
                Cfn.forService(statements, "secretsmanager").stream()
                        .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                        .collect(Collectors.toSet());
        assertThat(Cfn.names(secrets, Cfn.logicalId(data.secrets().masterKey()))).isTrue();
        assertThat(Cfn.names(secrets, Cfn.logicalId(data.secrets().jwtSigningKey()))).isFalse();
        assertThat(Cfn.names(secrets, Cfn.logicalId(data.secrets().firstAdmin()))).isFalse();
    }

    @Test
    void theTaskUsesItsTablesOnlyAndCreatesOrDeletesNothingButConnectionsAndQuotaLeases() {
        List<Map<String, Object>> dynamo =
                Cfn.forService(
                        Cfn.statements(app, sftp, Cfn.logicalId(sftp.taskRole())), "dynamodb");
        Set<String> tables =
                dynamo.stream()
                        .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                        .collect(Collectors.toSet());
        for (var spec : dev.sluice.dynamo.Tables.ALL) {
            assertThat(Cfn.names(tables, Cfn.logicalId(data.tables().table(spec))))
                    .as("task access to " + spec.id())
                    .isEqualTo(SftpStack.TABLES.containsKey(spec));
        }
        // Users and folders are only read and counted; only session items and quota leases come and
        // go.
        String connections =
                Cfn.logicalId(data.tables().table(dev.sluice.dynamo.Tables.CONNECTIONS));
        String leases = Cfn.logicalId(data.tables().table(dev.sluice.dynamo.Tables.QUOTA_LEASES));
        dynamo.stream()
                .filter(
                        s ->
                                Cfn.references(s.get("Resource")).stream()
                                        .anyMatch(
                                                r ->
                                                        !r.startsWith("AWS::")
                                                                && !Cfn.names(
                                                                        Set.of(r), connections)
                                                                && !Cfn.names(Set.of(r), leases)))
                .forEach(
                        s ->
                                assertThat(Cfn.actions(s))
                                        .doesNotContain("dynamodb:PutItem", "dynamodb:DeleteItem"));
        for (String table : List.of(connections, leases)) {
            assertThat(dynamo)
                    .anySatisfy(
                            s -> {
                                assertThat(
                                                Cfn.names(
                                                        Set.copyOf(
                                                                Cfn.references(s.get("Resource"))),
                                                        table))
                                        .isTrue();
                                assertThat(Cfn.actions(s))
                                        .contains("dynamodb:PutItem", "dynamodb:DeleteItem");
                            });
        }
    }
}
