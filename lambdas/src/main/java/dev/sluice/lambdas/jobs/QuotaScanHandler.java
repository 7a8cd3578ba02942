package dev.sluice.lambdas.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.json.Json;
import dev.sluice.quota.QuotaScan;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota scan job: takes messages from its queue ({@code {"scope":"all"}} from the daily
 * schedule, or {@code {"username": "..."}} / {@code {"folder": "..."}} on demand) and recounts
 * usage from S3. A message that fails is reported back so SQS retries it, then dead-letters it. A
 * user or folder whose own bucket cannot be listed (AccessDenied, NoSuchBucket, an unreachable
 * endpoint) is skipped and logged with the reason; only a failure on the installation's bucket
 * fails the message.
 */
public final class QuotaScanHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaScanHandler.class);

    private final QuotaScan scan;

    /** What Lambda calls: the container-wide jobs context, built once (cold start). */
    public QuotaScanHandler() {
        this(JobsContext.fromEnvironment().quotaScan());
    }

    public QuotaScanHandler(QuotaScan scan) {
        this.scan = scan;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                QuotaScan.Result result = scan.run(scope(message.getBody()));
                LOG.info(
                        "quota scan {}: {} users, {} folders counted{}{}",
                        message.getBody(),
                        result.usersScanned(),
                        result.foldersScanned(),
                        result.missing().isEmpty() ? "" : "; not found: " + result.missing(),
                        result.skipped().isEmpty()
                                ? ""
                                : "; " + result.skipped().size() + " skipped");
                for (QuotaScan.Skipped skipped : result.skipped()) {
                    LOG.warn(
                            "quota scan skipped {} (bucket {}): {}",
                            skipped.owner(),
                            skipped.bucket(),
                            skipped.reason());
                }
                if (result.installationStorageFailed()) {
                    // The installation's own bucket failed: not one user's problem. Retry, then
                    // dead-letter (which sets off the alarm); the others were counted meanwhile.
                    failures.add(
                            SQSBatchResponse.BatchItemFailure.builder()
                                    .withItemIdentifier(message.getMessageId())
                                    .build());
                }
            } catch (IllegalArgumentException e) {
                // A malformed request will never succeed: log it and let it go, no retries.
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

    /** Reads a request: {"scope":"all"}, {"username":"..."} or {"folder":"..."}. */
    public static QuotaScan.Scope scope(String body) {
        JsonNode json;
        try {
            json = Json.read(body, JsonNode.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
        if (json.hasNonNull("username")) {
            return new QuotaScan.OneUser(json.get("username").asText());
        }
        if (json.hasNonNull("folder")) {
            return new QuotaScan.OneFolder(json.get("folder").asText());
        }
        if ("all".equals(json.path("scope").asText())) {
            return new QuotaScan.All();
        }
        throw new IllegalArgumentException(
                "expected {\"scope\":\"all\"}, {\"username\":...} or {\"folder\":...}");
    }
}
