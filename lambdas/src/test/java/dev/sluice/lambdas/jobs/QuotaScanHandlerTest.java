package dev.sluice.lambdas.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.S3Config;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.quota.OwnerScan;
import dev.sluice.quota.QuotaReports;
import dev.sluice.quota.QuotaScanFanOut;
import dev.sluice.quota.QuotaScanJob;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The quota scan function against DynamoDB and S3: counters drift, the scans its messages run put
 * them right; malformed messages are dropped, failures of the installation's storage retried.
 */
@ExtendWith(AwsFixture.class)
class QuotaScanHandlerTest {

    private static UserStore users;
    private static FolderStore folders;
    private static QuotaScanHandler handler;
    private static QuotaScanHandler brokenHandler;
    private static JobRuns runs;
    private static final ConcurrentLinkedDeque<JobMessage> queued = new ConcurrentLinkedDeque<>();

    @BeforeAll
    static void setUp(AwsEnvironment aws) {
        TableNames tables = TableNames.withPrefix(aws.uniqueName("scan") + "-");
        new TableProvisioner(aws.dynamoDb(), tables).createMissing(Tables.ALL);
        users = new UserStore(aws.dynamoDb(), tables);
        folders = new FolderStore(aws.dynamoDb(), tables);
        String bucket = aws.uniqueName("scan-bucket");
        aws.s3().createBucket(b -> b.bucket(bucket));
        var factory =
                new S3ClientFactory(
                        aws.s3(), UrlConnectionHttpClient.create(), aws.region(), Optional.empty());
        JobRuns runs = new JobRuns(aws.dynamoDb(), tables, Clock.systemUTC(), Duration.ofDays(35));
        handler = new QuotaScanHandler(job(runs, factory, bucket));
        brokenHandler = new QuotaScanHandler(job(runs, factory, "no-such-bucket-here"));
        QuotaScanHandlerTest.runs = runs;

        users.create(User.builder().username("alice").password("$2b$x").build());
        users.create(User.builder().username("bob").password("$2b$x").build());
        folders.create(new VirtualFolder("shared", null, null, 0, 0, 0, null, null));
        put(aws, bucket, "users/alice/a.txt", 100);
        put(aws, bucket, "users/alice/dir/", 0);
        put(aws, bucket, "users/alice/dir/b.txt", 250);
        put(aws, bucket, "users/alice2/not-alice.txt", 999);
        put(aws, bucket, "folders/shared/c.bin", 40);
        users.usage().set("alice", 5, 50, 1);
        users.usage().set("bob", 7, 7, 1);
    }

    private static QuotaScanJob job(JobRuns runs, S3ClientFactory factory, String bucket) {
        WorkQueue queue = queued::add;
        return new QuotaScanJob(
                runs,
                new OwnerScan(users, folders, factory, bucket, runs, Clock.systemUTC()),
                new QuotaScanFanOut(runs, users, folders, queue, Optional.empty()),
                queue,
                QuotaReports.NONE,
                Clock.systemUTC());
    }

    /** Delivers what the job queued, as SQS would, until nothing is left. */
    private static void drain(QuotaScanHandler through) {
        JobMessage m;
        while ((m = queued.poll()) != null) {
            assertThat(through.handleRequest(event(m.body()), null).getBatchItemFailures())
                    .isEmpty();
        }
    }

    private static void put(AwsEnvironment aws, String bucket, String key, int size) {
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private static SQSEvent event(String... bodies) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> messages = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m" + i);
            message.setBody(bodies[i]);
            messages.add(message);
        }
        event.setRecords(messages);
        return event;
    }

    @Test
    void scheduledScanSetsEveryCounterToWhatIsStored() {
        var response =
                handler.handleRequest(event("{\"source\":\"schedule\",\"scope\":\"all\"}"), null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        drain(handler);
        User alice = users.find("alice").orElseThrow();
        assertThat(alice.usedQuotaSize()).isEqualTo(350);
        assertThat(alice.usedQuotaFiles()).isEqualTo(2);
        assertThat(users.find("bob").orElseThrow().usedQuotaSize()).isZero();
        assertThat(folders.find("shared").orElseThrow().usedQuotaSize()).isEqualTo(40);
        assertThat(runs.history(JobKind.QUOTA_SCAN_ALL, 5))
                .extracting(JobRun::state)
                .containsOnly(JobState.FINISHED);
    }

    @Test
    void aUserOnABucketTheRoleCannotReadFailsItsOwnRunNotTheMessage() {
        users.create(
                User.builder()
                        .username("partner")
                        .password("$2b$x")
                        .filesystem(
                                new FilesystemConfig(
                                        FilesystemConfig.S3,
                                        new S3Config(
                                                "no-such-partner-bucket",
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                0,
                                                0,
                                                false,
                                                "p/")))
                        .build());
        users.usage().set("partner", 9, 9, 1);
        JobRun run = scanOf("partner");
        var response = handler.handleRequest(event(new JobMessage.Run(run.id()).body()), null);
        // Before: NoSuchBucket failed the whole scan, and SQS retried it into the dead-letter
        // queue.
        assertThat(response.getBatchItemFailures()).isEmpty();
        JobRun done = runs.get(run.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.failure().orElseThrow()).contains("NoSuchBucket");
        assertThat(users.find("partner").orElseThrow().usedQuotaSize()).isEqualTo(9);
        users.delete("partner");
    }

    @Test
    void malformedMessagesAreDroppedAndInstallationFailuresAreRetried() {
        var dropped =
                handler.handleRequest(
                        event("not json", "{\"scope\":\"some\"}", "{\"policy\":\"p\"}"), null);
        assertThat(dropped.getBatchItemFailures()).isEmpty();
        JobRun run = scanOf("alice");
        var failed = brokenHandler.handleRequest(event(new JobMessage.Run(run.id()).body()), null);
        assertThat(failed.getBatchItemFailures())
                .extracting(f -> f.getItemIdentifier())
                .containsExactly("m0");
        // The retry, once the bucket is back, finishes the same run.
        assertThat(
                        handler.handleRequest(event(new JobMessage.Run(run.id()).body()), null)
                                .getBatchItemFailures())
                .isEmpty();
        assertThat(runs.get(run.id()).orElseThrow().state()).isEqualTo(JobState.FINISHED);
    }

    private static JobRun scanOf(String username) {
        JobRun run =
                JobRun.start(
                        "test-" + java.util.UUID.randomUUID(),
                        JobKind.QUOTA_SCAN_USER,
                        username,
                        Optional.empty(),
                        System.currentTimeMillis(),
                        "admin",
                        List.of(),
                        null);
        assertThat(runs.start(run)).isInstanceOf(JobRuns.Started.class);
        return run;
    }
}
