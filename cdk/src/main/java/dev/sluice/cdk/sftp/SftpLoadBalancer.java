package dev.sluice.cdk.sftp;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.constructs.Construct;

/**
 * The internet-facing Network Load Balancer: TCP 22 in both public subnets, forwarded to the tasks'
 * IP addresses on 2022 with a PROXY protocol v2 header, health-checked over HTTP on 8080 {@code
 * /healthz}, with a deregistration delay equal to the server's drain deadline. Behind the
 * operator's own proxy ({@code sftpUpstreamProxy}) the load balancer writes no header of its own:
 * it forwards the proxy's, which names the real client where the load balancer would name the
 * proxy.
 */
public final class SftpLoadBalancer extends Construct {

    private final NetworkLoadBalancer loadBalancer;

    public SftpLoadBalancer(
            Construct scope,
            String id,
            IVpc vpc,
            SecurityGroup securityGroup,
            SftpService service,
            boolean upstreamProxy) {
        super(scope, id);
        this.loadBalancer =
                NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                        .vpc(vpc)
                        .internetFacing(true)
                        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                        .securityGroups(List.of(securityGroup))
                        // Spread connections over all tasks even when a zone has fewer of them.
                        .crossZoneEnabled(true)
                        .build();
        NetworkTargetGroup targets =
                NetworkTargetGroup.Builder.create(this, "Targets")
                        .vpc(vpc)
                        .port(SftpStack.SFTP_PORT)
                        .protocol(Protocol.TCP)
                        .targetType(TargetType.IP)
                        .proxyProtocolV2(!upstreamProxy)
                        .preserveClientIp(false)
                        // Sessions outlive the deregistration delay until the server itself closes
                        // them.
                        .connectionTermination(false)
                        .deregistrationDelay(SftpTiming.DEREGISTRATION_DELAY)
                        .healthCheck(
                                HealthCheck.builder()
                                        .protocol(Protocol.HTTP)
                                        .port(Integer.toString(SftpStack.HEALTH_PORT))
                                        .path(SftpStack.HEALTH_PATH)
                                        .interval(Duration.seconds(10))
                                        .healthyThresholdCount(2)
                                        .unhealthyThresholdCount(2)
                                        .build())
                        .targets(
                                List.of(
                                        service.service()
                                                .loadBalancerTarget(
                                                        LoadBalancerTargetOptions.builder()
                                                                .containerName(
                                                                        service.container()
                                                                                .getContainerName())
                                                                .containerPort(SftpStack.SFTP_PORT)
                                                                .build())))
                        .build();
        NetworkListener.Builder.create(this, "Listener")
                .loadBalancer(loadBalancer)
                .port(SftpStack.LISTENER_PORT)
                .protocol(Protocol.TCP)
                // An SFTP client may sit idle for a long time between transfers; NLB's default (350
                // s)
                // would silently drop such sessions. The server's SSH keepalives cover longer
                // pauses.
                .tcpIdleTimeout(SftpTiming.IDLE_TIMEOUT)
                .defaultAction(NetworkListenerAction.forward(List.of(targets)))
                .build();
    }

    public NetworkLoadBalancer loadBalancer() {
        return loadBalancer;
    }
}
