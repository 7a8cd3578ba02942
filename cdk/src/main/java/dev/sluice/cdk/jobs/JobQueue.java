package dev.sluice.cdk.jobs;

import dev.sluice.cdk.nag.Nag;
import dev.sluice.cdk.nag.Suppression;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** A job's work queue, its dead-letter queue, and an alarm when anything lands in the latter. */
public final class JobQueue extends Construct {

    /** Attempts before a message is parked in the dead-letter queue. */
    public static final int MAX_RECEIVES = 3;

    private final Queue queue;
    private final Queue deadLetters;

    /**
     * @param functionTimeout the consuming function's timeout, which sets the visibility timeout
     */
    public JobQueue(Construct scope, String id, Duration functionTimeout) {
        super(scope, id);
        this.deadLetters =
                Queue.Builder.create(this, "DeadLetters")
                        .encryption(QueueEncryption.SQS_MANAGED)
                        .enforceSsl(true)
                        .retentionPeriod(Duration.days(14))
                        // Queued work is transient: nothing to keep when the installation is
                        // removed.
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build();
        this.queue =
                Queue.Builder.create(this, "Queue")
                        .encryption(QueueEncryption.SQS_MANAGED)
                        .enforceSsl(true)
                        // Lambda's advice for SQS event sources: at least six times the function
                        // timeout, so a
                        // message is not handed to a second instance while the first still works on
                        // it.
                        .visibilityTimeout(
                                Duration.seconds(functionTimeout.toSeconds().intValue() * 6L))
                        .retentionPeriod(Duration.days(4))
                        .deadLetterQueue(
                                DeadLetterQueue.builder()
                                        .queue(deadLetters)
                                        .maxReceiveCount(MAX_RECEIVES)
                                        .build())
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build();
        Alarm.Builder.create(this, "DeadLettersAlarm")
                .alarmDescription(
                        "A Sluice job failed "
                                + MAX_RECEIVES
                                + " times; its message is in "
                                + id
                                + " dead-letter queue")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Nag.suppress(
                deadLetters,
                Suppression.of(
                        "SQS3",
                        "This queue is the dead-letter queue: it holds messages that already failed "
                                + MAX_RECEIVES
                                + " times."));
    }

    /** The work queue the job's function reads. */
    public IQueue queue() {
        return queue;
    }

    /** Where messages go after {@link #MAX_RECEIVES} failed attempts. */
    public IQueue deadLetters() {
        return deadLetters;
    }

    /**
     * Lets {@code grantee} put messages on the work queue: {@code sqs:SendMessage} and nothing else
     * (CDK's {@code grantSendMessages} adds {@code GetQueueAttributes} and {@code GetQueueUrl},
     * which callers given the queue's URL never need).
     */
    public static void grantSend(IQueue queue, IGrantable grantee) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(
                        PolicyStatement.Builder.create()
                                .effect(Effect.ALLOW)
                                .actions(List.of("sqs:SendMessage"))
                                .resources(List.of(queue.getQueueArn()))
                                .build());
    }
}
