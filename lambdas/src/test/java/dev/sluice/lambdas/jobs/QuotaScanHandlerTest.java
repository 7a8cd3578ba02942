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
import dev.sluice.quota.QuotaScan;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The quota scan job against DynamoDB and S3: counters drift, the scan puts them right. */
@ExtendWith(AwsFixture.class)
class QuotaScanHandlerTest {

    private static UserStore users;
    private static FolderStore folders;
    private static QuotaScanHandler handler;
    private static QuotaScanHandler brokenHandler;

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
        handler =
                new QuotaScanHandler(
                        new QuotaScan(users, folders, factory, bucket, Clock.systemUTC()));
        brokenHandler =
                new QuotaScanHandler(
                        new QuotaScan(
                                users, folders, factory, "no-such-bucket-here", Clock.systemUTC()));

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
        User alice = users.find("alice").orElseThrow();
        assertThat(alice.usedQuotaSize()).isEqualTo(350);
        assertThat(alice.usedQuotaFiles()).isEqualTo(2);
        assertThat(users.find("bob").orElseThrow().usedQuotaSize()).isZero();
        assertThat(folders.find("shared").orElseThrow().usedQuotaSize()).isEqualTo(40);
    }

    @Test
    void onDemandScansNameOneUserOrFolder() {
        users.usage().set("alice", 1, 1, 1);
        var response =
                handler.handleRequest(
                        event(
                                "{\"username\":\"alice\"}",
                                "{\"folder\":\"shared\"}",
                                "{\"username\":\"ghost\"}"),
                        null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(users.find("alice").orElseThrow().usedQuotaSize()).isEqualTo(350);
    }

    @Test
    void aUserOnABucketTheRoleCannotReadIsSkippedNotRetried() {
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
        users.usage().set("alice", 1, 1, 1);
        var response =
                handler.handleRequest(
                        event("{\"scope\":\"all\"}", "{\"username\":\"partner\"}"), null);
        // Before: NoSuchBucket failed the whole scan, and SQS retried it into the dead-letter
        // queue.
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(users.find("alice").orElseThrow().usedQuotaSize()).isEqualTo(350);
        assertThat(users.find("partner").orElseThrow().usedQuotaSize()).isEqualTo(9);
        users.delete("partner");
    }

    @Test
    void malformedMessagesAreDroppedAndFailuresAreRetried() {
        assertThat(QuotaScanHandler.scope("{\"scope\":\"all\"}")).isInstanceOf(QuotaScan.All.class);
        var dropped = handler.handleRequest(event("not json", "{\"scope\":\"some\"}"), null);
        assertThat(dropped.getBatchItemFailures()).isEmpty();
        var failed = brokenHandler.handleRequest(event("{\"username\":\"alice\"}"), null);
        assertThat(failed.getBatchItemFailures())
                .extracting(f -> f.getItemIdentifier())
                .containsExactly("m0");
    }
}
