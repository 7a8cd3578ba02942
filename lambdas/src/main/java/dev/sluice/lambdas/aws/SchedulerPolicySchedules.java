package dev.sluice.lambdas.aws;

import dev.sluice.jobs.JobMessage;
import dev.sluice.retention.PolicySchedules;
import dev.sluice.retention.RetentionPolicy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * Retention policies' schedules in EventBridge Scheduler: one schedule per policy, named after it,
 * in the installation's schedule group, sending {@code {"policy":"<name>"}} to the retention queue
 * with the role the CDK made for that (and only that).
 */
public final class SchedulerPolicySchedules implements PolicySchedules {

    private final SchedulerClient scheduler;
    private final String group;
    private final String roleArn;
    private final String queueArn;

    public SchedulerPolicySchedules(
            SchedulerClient scheduler, String group, String roleArn, String queueArn) {
        this.scheduler = scheduler;
        this.group = group;
        this.roleArn = roleArn;
        this.queueArn = queueArn;
    }

    @Override
    public void put(RetentionPolicy policy) {
        Target target =
                Target.builder()
                        .arn(queueArn)
                        .roleArn(roleArn)
                        .input(new JobMessage.Policy(policy.name()).body())
                        .build();
        ScheduleState state = policy.active() ? ScheduleState.ENABLED : ScheduleState.DISABLED;
        try {
            try {
                scheduler.updateSchedule(
                        b ->
                                b.name(policy.name())
                                        .groupName(group)
                                        .scheduleExpression(policy.schedule())
                                        .scheduleExpressionTimezone(policy.timezone())
                                        .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                                        .state(state)
                                        .actionAfterCompletion(ActionAfterCompletion.NONE)
                                        .description(description(policy))
                                        .target(target));
            } catch (ResourceNotFoundException absent) {
                scheduler.createSchedule(
                        b ->
                                b.name(policy.name())
                                        .groupName(group)
                                        .scheduleExpression(policy.schedule())
                                        .scheduleExpressionTimezone(policy.timezone())
                                        .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                                        .state(state)
                                        .actionAfterCompletion(ActionAfterCompletion.NONE)
                                        .description(description(policy))
                                        .target(target));
            }
        } catch (SdkException e) {
            throw new ScheduleException(
                    "EventBridge Scheduler refused the schedule of policy \""
                            + policy.name()
                            + "\": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void delete(String policyName) {
        try {
            scheduler.deleteSchedule(b -> b.name(policyName).groupName(group));
        } catch (ResourceNotFoundException gone) {
            // Already absent: what deleting wants.
        } catch (SdkException e) {
            throw new ScheduleException(
                    "EventBridge Scheduler could not delete the schedule of policy \""
                            + policyName
                            + "\": "
                            + e.getMessage(),
                    e);
        }
    }

    private static String description(RetentionPolicy policy) {
        String text = "Sluice retention policy " + policy.name();
        return text.length() > 512 ? text.substring(0, 512) : text;
    }
}
