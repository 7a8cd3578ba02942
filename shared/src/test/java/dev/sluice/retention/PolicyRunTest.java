package dev.sluice.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.quota.Quotas;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.CrashingDynamoDb;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A policy run over 230 users: fanned out in pages across invocations, with messages delivered
 * twice and a crash in the middle of the fan-out, it checks every covered user exactly once, skips
 * a user whose own check is running, ends once, and reports once.
 */
@ExtendWith(AwsFixture.class)
class PolicyRunTest {

    static final int USERS = 230;

    static AwsEnvironment aws;
    static TableNames names;
    static String bucket;

    @BeforeAll
    static void setUp(AwsEnvironment env) {
        aws = env;
        names = TableNames.withPrefix(env.uniqueName("policy") + "-");
        new TableProvisioner(env.dynamoDb(), names).createMissing(Tables.ALL);
        bucket = env.uniqueName("policy-files");
        env.s3().createBucket(b -> b.bucket(bucket));
        UserStore users = new UserStore(env.dynamoDb(), names);
        for (int i = 0; i < USERS; i++) {
            String name = String.format("p%03d", i);
            users.create(User.builder().username(name).password("$2b$10$hash").build());
            putPatiently("users/" + name + "/logs/a.log");
        }
    }

    /**
     * Right after a test that wrote 20,000 objects, s3proxy refused a first PUT four times in a row
     * ("Error writing request body"); it answers again after a pause.
     */
    static void putPatiently(String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
                return;
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Delivers messages in any order, some twice, like SQS's at-least-once delivery. */
    static final class Queue implements WorkQueue {
        final ConcurrentLinkedDeque<JobMessage> pending = new ConcurrentLinkedDeque<>();
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public void send(JobMessage message) {
            sent.incrementAndGet();
            pending.add(message);
            if (sent.get() % 7 == 0) {
                pending.add(message); // a duplicate delivery
            }
        }
    }

    RetentionJob job(DynamoDbClient dynamo, Queue queue, List<JobRun> reports, Clock clock) {
        UserStore users = new UserStore(dynamo, names);
        FolderStore folders = new FolderStore(dynamo, names);
        JobRuns runs = new JobRuns(dynamo, names, clock, Duration.ofDays(35));
        return new RetentionJob(
                runs,
                new RetentionCheck(
                        users,
                        folders,
                        new S3ClientFactory(
                                aws.s3(),
                                UrlConnectionHttpClient.create(),
                                aws.region(),
                                Optional.empty()),
                        bucket,
                        Quotas.of(users, folders, clock),
                        runs,
                        clock),
                new PolicyRun(runs, users, queue),
                new RetentionPolicyStore(dynamo, names),
                queue,
                (run, checks) -> {
                    reports.add(run);
                    assertThat(checks).hasSize(USERS - 1);
                },
                clock);
    }

    @Test
    void everyCoveredUserIsCheckedOnceAndTheRunEndsAndReportsOnce() {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(48));
        new RetentionPolicyStore(aws.dynamoDb(), names)
                .create(
                        new RetentionPolicy(
                                "everyone",
                                "",
                                List.of(new FolderRetention("/logs", 24, false, false)),
                                new RetentionPolicy.Coverage(null, true, null),
                                "rate(1 day)",
                                "UTC",
                                List.of("ops@example.com"),
                                true,
                                0,
                                0));
        // p007 has a check of its own running: the policy skips it.
        JobRuns runs = new JobRuns(aws.dynamoDb(), names, later, Duration.ofDays(35));
        assertThat(
                        runs.start(
                                JobRun.start(
                                        "rc-own",
                                        JobKind.RETENTION_CHECK,
                                        "p007",
                                        Optional.empty(),
                                        later.millis(),
                                        "admin",
                                        List.of(),
                                        null)))
                .isInstanceOf(JobRuns.Started.class);

        Queue queue = new Queue();
        List<JobRun> reports = Collections.synchronizedList(new ArrayList<>());
        queue.send(new JobMessage.Policy("everyone"));
        int deliveries = 0;
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger crashes = new AtomicInteger();
        while (!queue.pending.isEmpty() && deliveries < 5_000) {
            // Out of order: take from either end.
            JobMessage next =
                    deliveries % 3 == 0 ? queue.pending.pollLast() : queue.pending.pollFirst();
            deliveries++;
            // Fan-out stops after ~one page per delivery; the 40th delivery crashes midway.
            Deadline deadline = () -> calls.incrementAndGet() % 2 == 0;
            DynamoDbClient dynamo =
                    deliveries % 40 == 0
                            // A crash at the second transaction of this delivery.
                            ? CrashingDynamoDb.failingTransaction(aws.dynamoDb(), 2)
                            : aws.dynamoDb();
            try {
                job(dynamo, queue, reports, later).handle(next, deadline);
            } catch (RuntimeException crash) {
                crashes.incrementAndGet();
                queue.pending.addFirst(next); // SQS redelivers it
            }
        }

        assertThat(crashes.get()).as("crashes injected").isPositive();
        assertThat(reports).hasSize(1);
        JobRun policyRun = reports.get(0);
        assertThat(policyRun.state()).isEqualTo(JobState.FINISHED);
        assertThat(policyRun.result().path("checks").asInt()).isEqualTo(USERS - 1);
        assertThat(policyRun.result().path("deleted").asLong()).isEqualTo(USERS - 1);
        assertThat(policyRun.result().path("busy").toString()).contains("p007");
        assertThat(runs.pending(policyRun.id())).isZero();
        List<String> checked = new ArrayList<>();
        for (JobRun check : runs.children(policyRun.id())) {
            assertThat(check.state()).isEqualTo(JobState.FINISHED);
            checked.add(check.subject());
        }
        assertThat(checked).hasSize(USERS - 1).doesNotHaveDuplicates().doesNotContain("p007");
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(bucket).prefix("users/p007/")).keyCount())
                .isEqualTo(1);
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(bucket).prefix("users/p008/")).keyCount())
                .isZero();
        assertThat(runs.running(JobKind.RETENTION_POLICY)).isEmpty();
    }
}
