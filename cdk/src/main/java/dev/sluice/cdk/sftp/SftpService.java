package dev.sluice.cdk.sftp;

import static dev.sluice.cdk.sftp.SftpStack.HEALTH_PORT;
import static dev.sluice.cdk.sftp.SftpStack.SFTP_PORT;

import dev.sluice.cdk.common.LogGroups;
import dev.sluice.cdk.config.DefenderParameters;
import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.storage.DataResources;
import dev.sluice.cdk.storage.FileAccess;
import dev.sluice.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AvailabilityZoneRebalancing;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The SFTP server on Fargate: its IAM role, task definition, cluster, service and autoscaling.
 * Tasks run in the private subnets of both zones, start new before stopping old on deployments,
 * roll back a deployment whose tasks do not become healthy, and scale on CPU (SSH encryption and
 * SFTP framing are what load a task).
 */
public final class SftpService extends Construct {

    public static final String CONTAINER_NAME = "sftp";
    static final int CPU_TARGET_PERCENT = 60;

    private final Role taskRole;
    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition container;
    private final FargateService service;

    public SftpService(
            Construct scope,
            String id,
            SluiceConfig config,
            IVpc vpc,
            DataResources data,
            SecurityGroup securityGroup) {
        super(scope, id);
        this.taskRole =
                Role.Builder.create(this, "TaskRole")
                        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                        .description("Sluice SFTP server")
                        .build();
        grantTaskAccess(config, data);

        this.taskDefinition =
                FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                        .cpu(config.sftpSize().cpu())
                        .memoryLimitMiB(config.sftpSize().memory())
                        .runtimePlatform(
                                RuntimePlatform.builder()
                                        .cpuArchitecture(CpuArchitecture.X86_64)
                                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                                        .build())
                        .taskRole(taskRole)
                        .build();
        this.container =
                taskDefinition.addContainer(
                        CONTAINER_NAME,
                        ContainerDefinitionOptions.builder()
                                .image(SftpContainerImages.of(this, config.sftpImage()))
                                .essential(true)
                                .portMappings(
                                        List.of(
                                                PortMapping.builder()
                                                        .containerPort(SFTP_PORT)
                                                        .build(),
                                                PortMapping.builder()
                                                        .containerPort(HEALTH_PORT)
                                                        .build()))
                                // Sorted: the same task definition (and no needless new revision)
                                // on every synthesis.
                                .environment(new TreeMap<>(environment(config, data)))
                                .stopTimeout(SftpTiming.STOP_TIMEOUT)
                                .logging(
                                        LogDrivers.awsLogs(
                                                AwsLogDriverProps.builder()
                                                        .logGroup(
                                                                LogGroups.create(
                                                                        this,
                                                                        "Logs",
                                                                        LogGroups.OPERATIONAL,
                                                                        config.removal()))
                                                        .streamPrefix("sftp")
                                                        .build()))
                                .build());

        Cluster cluster =
                Cluster.Builder.create(this, "Cluster")
                        .vpc(vpc)
                        .containerInsightsV2(ContainerInsights.ENABLED)
                        .build();
        this.service =
                FargateService.Builder.create(this, "Service")
                        .cluster(cluster)
                        .taskDefinition(taskDefinition)
                        // No DesiredCount in the template: with it, every deployment would reset a
                        // scaled-out
                        // service to sftpTaskCount. ECS starts a new service with one task and
                        // autoscaling's
                        // minimum (registered right after) raises it to sftpTaskCount; later
                        // deployments keep
                        // whatever count autoscaling has set.
                        .vpcSubnets(
                                SubnetSelection.builder()
                                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                        .build())
                        .securityGroups(List.of(securityGroup))
                        .assignPublicIp(false)
                        .minHealthyPercent(100)
                        .maxHealthyPercent(200)
                        .circuitBreaker(
                                DeploymentCircuitBreaker.builder()
                                        .enable(true)
                                        .rollback(true)
                                        .build())
                        .availabilityZoneRebalancing(AvailabilityZoneRebalancing.ENABLED)
                        .healthCheckGracePeriod(SftpTiming.HEALTH_CHECK_GRACE)
                        .propagateTags(PropagatedTagSource.SERVICE)
                        .enableExecuteCommand(false)
                        .build();
        service.autoScaleTaskCount(
                        EnableScalingProps.builder()
                                .minCapacity(config.sftpTaskCount())
                                .maxCapacity(config.sftpMaxTaskCount())
                                .build())
                .scaleOnCpuUtilization(
                        "CpuScaling",
                        CpuUtilizationScalingProps.builder()
                                .targetUtilizationPercent(CPU_TARGET_PERCENT)
                                .scaleOutCooldown(Duration.minutes(2))
                                // Scaling in ends a task's sessions (after the drain): do it
                                // rarely.
                                .scaleInCooldown(Duration.minutes(15))
                                .build());
    }

    private static Map<String, String> environment(SluiceConfig config, DataResources data) {
        Map<String, String> env = new TreeMap<>(data.baseEnvironment());
        Settings.SECRETS_MAX_AGE.put(
                env, java.time.Duration.ofSeconds(config.secretsMaxAgeSeconds()));
        Settings.HOST_KEYS_SECRET_ARN.put(env, data.secrets().hostKeys().getSecretArn());
        Settings.SFTP_PORT.put(env, SFTP_PORT);
        Settings.HEALTH_PORT.put(env, HEALTH_PORT);
        // Every connection starts with a PROXY protocol v2 header: the target group's (also on
        // health check connections), or with sftpUpstreamProxy the operator's proxy's, which the
        // load balancer passes on.
        Settings.PROXY_PROTOCOL.put(env, true);
        config.loginLimits().put(env);
        DefenderParameters.put(env, config.defender());
        Settings.SSH_POLICY.put(env, config.sshPolicy());
        Settings.SCP.put(env, config.scp());
        Settings.DRAIN.put(
                env, java.time.Duration.ofSeconds(SftpTiming.DRAIN.toSeconds().longValue()));
        return env;
    }

    private void grantTaskAccess(SluiceConfig config, DataResources data) {
        data.tables().grant(taskRole, SftpStack.TABLES);
        // Files, never their old versions nor the bucket's settings (see FileAccess); the same
        // rights on the buckets the operator lists for users' s3config.
        List<IBucket> buckets = new ArrayList<>();
        buckets.add(data.bucket());
        buckets.addAll(FileAccess.extraBuckets(this, config.extraBuckets()));
        FileAccess.grantSftp(taskRole, buckets);
        // Users who bring their own S3 credentials have them encrypted under the master key.
        data.secrets().masterKey().grantRead(taskRole);
        // The first task generates the host keys and stores them; later tasks read them. Nothing
        // else (no describe, no update of the secret's metadata).
        taskRole.addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(
                                List.of(
                                        "secretsmanager:GetSecretValue",
                                        "secretsmanager:PutSecretValue"))
                        .resources(List.of(data.secrets().hostKeys().getSecretArn()))
                        .build());
    }

    public Role taskRole() {
        return taskRole;
    }

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    public ContainerDefinition container() {
        return container;
    }

    public FargateService service() {
        return service;
    }
}
