package dev.sluice.lambdas.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobMessage;
import dev.sluice.quota.QuotaScanJob;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota scan job function: messages from the quota scan queue ({@code {"scope":"all"}} from the
 * daily schedule, {@code {"run": ...}} from the API, the daily fan-out and continuations). Work is
 * checkpointed and handed on two minutes before the invocation's time runs out, so a scan of any
 * size finishes over as many invocations as it needs. A message that fails (the installation's own
 * bucket or table unreachable) is reported back so SQS retries it (every step is safe to repeat),
 * then dead-letters it; a user or folder whose own bucket cannot be listed fails only its own run.
 */
public final class QuotaScanHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaScanHandler.class);

    /** Time kept for the last checkpoint and the re-queue. */
    static final long MARGIN_MILLIS = 120_000;

    private final QuotaScanJob job;

    /** What Lambda calls: the container-wide jobs context, built once (cold start). */
    public QuotaScanHandler() {
        this(JobsContext.fromEnvironment().quotaScans());
    }

    public QuotaScanHandler(QuotaScanJob job) {
        this.job = job;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Deadline deadline =
                    context == null
                            ? Deadline.in(10 * 60_000L)
                            : () -> context.getRemainingTimeInMillis() < MARGIN_MILLIS;
            try {
                job.handle(JobMessage.parse(message.getBody()), deadline);
            } catch (IllegalArgumentException e) {
                // A malformed message will never succeed: log it and let it go, no retries.
                LOG.error(
                        "quota scan message {} ignored: {}",
                        message.getMessageId(),
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("quota scan message {} failed", message.getMessageId(), e);
                failures.add(
                        SQSBatchResponse.BatchItemFailure.builder()
                                .withItemIdentifier(message.getMessageId())
                                .build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
