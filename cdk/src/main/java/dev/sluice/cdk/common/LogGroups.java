package dev.sluice.cdk.common;

import dev.sluice.cdk.config.Removal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Log groups created explicitly (never implicitly by a service on first write), so that every one
 * has a retention period, follows the installation's removal policy, and can be named in an IAM
 * policy instead of {@code logs:*} on {@code *}.
 */
public final class LogGroups {

    /** Application and flow logs: enough to investigate an incident reported a few weeks late. */
    public static final RetentionDays OPERATIONAL = RetentionDays.ONE_MONTH;

    /** Who called the API and how it answered: kept longer, for audits. */
    public static final RetentionDays AUDIT = RetentionDays.THREE_MONTHS;

    private LogGroups() {}

    public static LogGroup create(
            Construct scope, String id, RetentionDays retention, Removal removal) {
        return LogGroup.Builder.create(scope, id)
                .retention(retention)
                .removalPolicy(removal.policy())
                .build();
    }
}
