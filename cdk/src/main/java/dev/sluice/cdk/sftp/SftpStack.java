package dev.sluice.cdk.sftp;

import static dev.sluice.cdk.storage.TableAccess.READ_UPDATE;
import static dev.sluice.cdk.storage.TableAccess.READ_WRITE;

import dev.sluice.cdk.nag.GrantSuppressions;
import dev.sluice.cdk.nag.Nag;
import dev.sluice.cdk.nag.Suppression;
import dev.sluice.cdk.storage.TableAccess;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The SFTP service: an internet-facing Network Load Balancer on TCP 22 in front of Fargate tasks
 * (container port 2022) in the private subnets of two Availability Zones.
 *
 * <p>Real client IPs: the target group sends a PROXY protocol v2 header on every connection, and
 * the server reads the client address from it ({@code SLUICE_PROXY_PROTOCOL=true}). Client-IP
 * preservation is the other option, but for IP targets (which Fargate's awsvpc mode requires) it is
 * off by default, fails for clients that reach the load balancer from inside the VPC through the
 * same target (hairpinning), and would make the task security group admit the whole internet
 * instead of the load balancer. NLB health check connections carry the header too, so the health
 * endpoint must accept it as well.
 *
 * <p>Behind the operator's own proxy ({@code sftpUpstreamProxy}), the load balancer's header would
 * name the proxy for every client, so it writes none and passes on the proxy's own; only the
 * proxy's addresses may then reach port 22 ({@code sftpAllowedCidrs}, checked at synthesis).
 */
public final class SftpStack extends Stack {

    public static final int LISTENER_PORT = 22;
    public static final int SFTP_PORT = 2022;
    public static final int HEALTH_PORT = 8080;
    public static final String HEALTH_PATH = "/healthz";

    /**
     * The tables the server uses: users and folders for logins, permissions and virtual folders,
     * and their usage counters (UpdateItem) as uploads and deletes change them; connections for the
     * sessions each task registers, refreshes and removes ({@code max_sessions} across tasks);
     * quota leases for the reservations of its uploads (created, renewed, deleted) and the reaping
     * of other tasks' lapsed ones; the defender's hosts, whose bans it reads (a Query of the bans
     * index per sync interval, GetItem) and whose scores and bans it writes (UpdateItem only: TTL
     * removes old hosts, and only the API's defender routes delete one).
     */
    public static final Map<TableSpec, TableAccess> TABLES =
            Map.of(
                    Tables.USERS,
                    READ_UPDATE,
                    Tables.FOLDERS,
                    READ_UPDATE,
                    Tables.CONNECTIONS,
                    READ_WRITE,
                    Tables.QUOTA_LEASES,
                    READ_WRITE,
                    Tables.DEFENDER_HOSTS,
                    READ_UPDATE);

    private final SftpService service;
    private final SftpLoadBalancer loadBalancer;

    public SftpStack(Construct scope, String id, StackProps stackProps, SftpStackProps props) {
        super(scope, id, stackProps);
        SftpFirewall firewall =
                new SftpFirewall(this, "Firewall", props.vpc(), props.config().sftpAllowedCidrs());
        this.service =
                new SftpService(
                        this, "Sftp", props.config(), props.vpc(), props.data(), firewall.tasks());
        this.loadBalancer =
                new SftpLoadBalancer(
                        this,
                        "Nlb",
                        props.vpc(),
                        firewall.loadBalancer(),
                        service,
                        props.config().sftpUpstreamProxy());

        CfnOutput.Builder.create(this, "SftpEndpoint")
                .description("SFTP host name: sftp <user>@<this> (port 22)")
                .value(loadBalancer.loadBalancer().getLoadBalancerDnsName())
                .build();

        acceptFindings(props, firewall);
    }

    private void acceptFindings(SftpStackProps props, SftpFirewall firewall) {
        Nag.suppress(
                service.taskRole(),
                GrantSuppressions.tableIndexes(),
                GrantSuppressions.objectKeys());
        if (props.config().sftpAllowedCidrs().contains("0.0.0.0/0")) {
            String reason =
                    "A public SFTP endpoint is the product: partners connect from addresses nobody knows in"
                            + " advance. Operators who know them set sftpAllowedCidrs. Only TCP 22 is open, and the tasks behind it"
                            + " are reachable from this load balancer alone.";
            Nag.suppress(firewall.loadBalancer(), Suppression.of("EC23", reason));
            Validations.of(firewall.loadBalancer())
                    .acknowledge(
                            Acknowledgment.builder()
                                    .id("CloudFormation-Validate::W2508")
                                    .reason(reason)
                                    .build());
        }
        // The subnets are two different outputs of the network stack (Fn::GetStackOutput); the
        // validator compares them without resolving them and takes them for duplicates.
        Validations.of(loadBalancer.loadBalancer())
                .acknowledge(
                        Acknowledgment.builder()
                                .id("CloudFormation-Validate::W9007")
                                .reason(
                                        "the public subnets of two Availability Zones, read from the network stack's outputs")
                                .build());
        Nag.suppress(
                service.taskDefinition(),
                Suppression.of(
                        "ECS2",
                        "The environment holds configuration only: table"
                                + " names, the bucket name, ports and secret ARNs. Secret values are fetched from Secrets Manager at run"
                                + " time by ARN and never appear in the task definition."));
        Nag.suppress(
                service.taskDefinition(),
                Suppression.of(
                        "IAM5",
                        "The execution role pulls the image and writes logs;"
                                + " ecr:GetAuthorizationToken has no resource-level permissions, so CDK grants it on *.",
                        "Resource::*"));
        Nag.suppress(
                loadBalancer.loadBalancer(),
                Suppression.of(
                        "ELB2",
                        "Network Load Balancer access logs are written"
                                + " only for TLS listeners; this one is TCP (SSH carries its own encryption), so there would be nothing to"
                                + " log. Connections are logged by the SFTP server with real client addresses (PROXY protocol) and by VPC"
                                + " flow logs."));
    }

    public NetworkLoadBalancer loadBalancer() {
        return loadBalancer.loadBalancer();
    }

    public SftpService service() {
        return service;
    }

    public Role taskRole() {
        return service.taskRole();
    }
}
