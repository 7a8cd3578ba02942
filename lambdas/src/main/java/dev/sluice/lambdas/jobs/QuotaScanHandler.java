package dev.sluice.lambdas.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.dynamo.TableNames;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.json.Json;
import dev.sluice.quota.QuotaReaper;
import dev.sluice.quota.QuotaScan;
import dev.sluice.quota.S3LeaseProbe;
import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.SecretCache;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The quota scan job: takes messages from its queue ({@code {"scope":"all"}} from the daily
 * schedule, or {@code {"username": "..."}} / {@code {"folder": "..."}} on demand) and recounts usage
 * from S3. A message that fails is reported back so SQS retries it, then dead-letters it. A user or
 * folder whose own bucket cannot be listed (AccessDenied, NoSuchBucket, an unreachable endpoint)
 * is skipped and logged with the reason; only a failure on the installation's bucket fails the message.
 */
public final class QuotaScanHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaScanHandler.class);
    private static volatile QuotaScan fromEnvironment;

    private final QuotaScan scan;

    public QuotaScanHandler() {
        this(scanFromEnvironment());
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
                LOG.info("quota scan {}: {} users, {} folders counted{}{}", message.getBody(), result.usersScanned(),
                    result.foldersScanned(), result.missing().isEmpty() ? "" : "; not found: " + result.missing(),
                    result.skipped().isEmpty() ? "" : "; " + result.skipped().size() + " skipped");
                for (QuotaScan.Skipped skipped : result.skipped()) {
                    LOG.warn("quota scan skipped {} (bucket {}): {}", skipped.owner(), skipped.bucket(), skipped.reason());
                }
                if (result.installationStorageFailed()) {
                    // The installation's own bucket failed: not one user's problem. Retry, then
                    // dead-letter (which sets off the alarm); the others were counted meanwhile.
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
                }
            } catch (IllegalArgumentException e) {
                // A malformed request will never succeed: log it and let it go, no retries.
                LOG.error("quota scan message {} ignored: {}", message.getMessageId(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("quota scan message {} failed", message.getMessageId(), e);
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
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
        throw new IllegalArgumentException("expected {\"scope\":\"all\"}, {\"username\":...} or {\"folder\":...}");
    }

    private static QuotaScan scanFromEnvironment() {
        QuotaScan scan = fromEnvironment;
        if (scan == null) {
            synchronized (QuotaScanHandler.class) {
                if (fromEnvironment == null) {
                    Map<String, String> env = System.getenv();
                    var http = UrlConnectionHttpClient.create();
                    DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).build();
                    SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(http).build();
                    // Through the secrets cache: a rotated master key reaches the job without a redeploy
                    // (SnapStart would otherwise keep the value read at init).
                    SecretCache cache = new SecretCache(secrets, Clock.systemUTC(), SecretCache.maxAge(env));
                    var cipher = Optional.ofNullable(env.get("SLUICE_MASTER_KEY_SECRET_ARN")).filter(s -> !s.isBlank())
                        .map(id -> new MasterKeyRing(cache, id).verify());
                    TableNames tables = TableNames.fromEnvironment(env);
                    var region = DefaultAwsRegionProviderChain.builder().build().getRegion();
                    UserStore users = new UserStore(dynamoDb, tables);
                    FolderStore folders = new FolderStore(dynamoDb, tables);
                    var clients = new S3ClientFactory(S3Client.builder().httpClient(http).build(), http, region, cipher);
                    // Scans reap lapsed quota leases first (the multipart uploads are the lifecycle rule's).
                    var reaper = new QuotaReaper(dynamoDb, tables, users.usage(), folders.usage(),
                        new S3LeaseProbe(users, folders, clients, env.get("SLUICE_BUCKET")), Clock.systemUTC(), false);
                    fromEnvironment = new QuotaScan(users, folders, clients, env.get("SLUICE_BUCKET"), Clock.systemUTC(),
                        Optional.of(reaper));
                }
                scan = fromEnvironment;
            }
        }
        return scan;
    }
}
