package dev.sluice.lambdas.aws;

import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.WorkQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A job queue on SQS: each message one {@link JobMessage} body. */
public final class SqsWorkQueue implements WorkQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsWorkQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(JobMessage message) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.body()));
    }
}
