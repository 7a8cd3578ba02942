package dev.sluice.cdk.nag;

/**
 * Reasons for the wildcards that CDK's own grant methods produce, shared by every role that
 * receives such a grant. Each names the exact finding, never the rule as a whole.
 */
public final class GrantSuppressions {

    private GrantSuppressions() {}

    /** {@code grantReadData} and friends name {@code <table ARN>/index/*}. */
    public static Suppression tableIndexes() {
        return Suppression.of(
                "IAM5",
                "Ordered listings query the tables' own global secondary indexes (by_name; job runs"
                        + " by_kind, running, by_parent; the defender's bans);"
                        + " CDK's table grants name them as <table ARN>/index/*, which covers only that table's indexes.",
                "/^Resource::.*\\/index\\/\\*$/");
    }

    /**
     * {@code bucket.grantRead/grantReadWrite/grantDelete} name {@code <bucket ARN>/*} and wildcard
     * actions.
     */
    public static Suppression bucketObjects() {
        return Suppression.of(
                "IAM5",
                "Object keys are chosen by users at run time, so objects cannot be named in"
                        + " advance: access covers objects of the installation's own bucket only (<bucket ARN>/*), with CDK's"
                        + " read/write/delete action groups.",
                "Action::s3:GetObject*",
                "Action::s3:GetBucket*",
                "Action::s3:List*",
                "Action::s3:DeleteObject*",
                "Action::s3:Abort*",
                "/^Resource::.*\\/\\*$/");
    }

    /** {@code FileAccess} names each action but must name objects as {@code <bucket ARN>/*}. */
    public static Suppression objectKeys() {
        return Suppression.of(
                "IAM5",
                "Object keys are chosen by users at run time, so objects cannot be named in"
                        + " advance: access covers objects of the installation's bucket and of the operator's extraBuckets"
                        + " (<bucket ARN>/*), with each action named (no wildcard actions).",
                "/^Resource::.*\\/\\*$/");
    }

    /**
     * The retention job's objects: CDK's read grant on the installation's bucket plus {@code
     * s3:DeleteObject} on it and on the operator's extra buckets, all naming {@code <bucket
     * ARN>/*}.
     */
    public static Suppression retentionObjects() {
        return Suppression.of(
                "IAM5",
                "Retention deletes expired files, whose keys users chose at run time, so objects"
                        + " cannot be named in advance: the grant covers objects of the installation's bucket and of the"
                        + " operator's extraBuckets (<bucket ARN>/*), read with CDK's read action group and deleted with"
                        + " s3:DeleteObject only (never s3:DeleteObjectVersion: a deleted file stays recoverable for"
                        + " noncurrentVersionDays).",
                "/^Resource::.*\\/\\*$/");
    }
}
