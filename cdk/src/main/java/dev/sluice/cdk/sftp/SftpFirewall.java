package dev.sluice.cdk.sftp;

import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * Who may talk to whom: clients from the allowed networks reach the load balancer on port 22, and
 * only the load balancer reaches the tasks (SSH on 2022, health checks on 8080). That last rule is
 * also what makes the PROXY protocol header trustworthy: no client can send one directly.
 */
public final class SftpFirewall extends Construct {

    private final SecurityGroup loadBalancer;
    private final SecurityGroup tasks;

    public SftpFirewall(Construct scope, String id, IVpc vpc, List<String> allowedCidrs) {
        super(scope, id);
        this.loadBalancer =
                SecurityGroup.Builder.create(this, "LoadBalancer")
                        .vpc(vpc)
                        .description("Sluice SFTP load balancer: SSH from the allowed networks")
                        .allowAllOutbound(false)
                        .build();
        for (String cidr : allowedCidrs) {
            loadBalancer.addIngressRule(
                    Peer.ipv4(cidr),
                    Port.tcp(SftpStack.LISTENER_PORT),
                    "SFTP clients from " + cidr);
        }
        this.tasks =
                SecurityGroup.Builder.create(this, "Tasks")
                        .vpc(vpc)
                        .description(
                                "Sluice SFTP tasks: SSH and health checks from the load balancer only")
                        // Tasks call AWS APIs (S3 and DynamoDB through gateway endpoints, Secrets
                        // Manager,
                        // CloudWatch Logs) and any S3-compatible endpoint a user's filesystem
                        // names.
                        .allowAllOutbound(true)
                        .build();
        for (int port : List.of(SftpStack.SFTP_PORT, SftpStack.HEALTH_PORT)) {
            tasks.addIngressRule(loadBalancer, Port.tcp(port), "from the SFTP load balancer");
            loadBalancer.addEgressRule(tasks, Port.tcp(port), "to the SFTP tasks");
        }
    }

    public SecurityGroup loadBalancer() {
        return loadBalancer;
    }

    public SecurityGroup tasks() {
        return tasks;
    }
}
