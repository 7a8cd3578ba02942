package dev.sluice.jobs;

/**
 * Where a job's messages go: an SQS queue on AWS, an in-process executor in the local mode. The API
 * sends the first message of a run; a job sends its own continuations and fan-out.
 */
@FunctionalInterface
public interface WorkQueue {

    /**
     * Sends one message.
     *
     * @throws RuntimeException when it could not be sent (the caller decides what that means)
     */
    void send(JobMessage message);
}
