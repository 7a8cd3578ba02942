package dev.sluice.cdk.jobs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Where the schedules of retention policies live: an EventBridge Scheduler schedule group, and the
 * role Scheduler assumes to put a policy's message on the retention queue. The schedules themselves
 * are made at run time by the retention API (one per policy, created, changed and deleted with it),
 * so the template holds only the group and the role, and the API's rights are limited to schedules
 * in this group ({@link #grantManage}).
 */
public final class RetentionSchedules extends Construct {

    /** The service that assumes the role and to which the API may pass it. */
    public static final String SCHEDULER = "scheduler.amazonaws.com";

    /** What the API does with its policies' schedules; nothing else (no listing, no tagging). */
    public static final List<String> MANAGE_ACTIONS =
            List.of(
                    "scheduler:CreateSchedule",
                    "scheduler:UpdateSchedule",
                    "scheduler:DeleteSchedule",
                    "scheduler:GetSchedule");

    private final CfnScheduleGroup group;
    private final Role role;

    /**
     * @param target the retention job's queue: the only thing the role may send to
     */
    public RetentionSchedules(Construct scope, String id, IQueue target) {
        super(scope, id);
        // Named after the stack as CloudFormation knows it, so two installations in one account and
        // region (which need different stack names) never share a group.
        this.group =
                CfnScheduleGroup.Builder.create(this, "Group")
                        .name(Fn.join("", List.of(Aws.STACK_NAME, "-retention")))
                        .build();
        // Confused-deputy guard (Scheduler's documented one): only this account's schedules in
        // this group may assume the role.
        this.role =
                Role.Builder.create(this, "Role")
                        .description(
                                "EventBridge Scheduler: sends retention policies' runs to the Sluice retention queue")
                        .assumedBy(
                                new ServicePrincipal(SCHEDULER)
                                        .withConditions(
                                                Map.of(
                                                        "StringEquals",
                                                        Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                                                        "ArnEquals",
                                                        Map.of(
                                                                "aws:SourceArn",
                                                                group.getAttrArn()))))
                        .build();
        JobQueue.grantSend(target, role);
    }

    /** The schedule group's name ({@code <stack name>-retention}, resolved at deployment). */
    public String groupName() {
        return group.getRef();
    }

    /** The role schedules run as; only {@code sqs:SendMessage} on the retention queue. */
    public IRole role() {
        return role;
    }

    /**
     * Lets {@code grantee} create, change, read and delete schedules in the group (and nowhere
     * else), and pass the schedules' role to EventBridge Scheduler (and to no other service).
     */
    public void grantManage(IGrantable grantee) {
        String schedules =
                // Region and account are pseudo parameters: the same ARN in whichever stack reads
                // it.
                Stack.of(this)
                        .formatArn(
                                ArnComponents.builder()
                                        .service("scheduler")
                                        .resource("schedule")
                                        .resourceName(groupName() + "/*")
                                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                        .build());
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(
                        PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(MANAGE_ACTIONS)
                                .resources(List.of(schedules))
                                .build());
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(
                        PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(role.getRoleArn()))
                                .conditions(
                                        Map.of(
                                                "StringEquals",
                                                Map.of("iam:PassedToService", SCHEDULER)))
                                .build());
    }
}
