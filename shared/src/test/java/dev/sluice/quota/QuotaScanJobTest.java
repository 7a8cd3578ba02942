package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.SentEmail;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.Advance;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.mail.EmailAddress;
import dev.sluice.mail.SesMailer;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.CrashingDynamoDb;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.users.VirtualFolderMapping;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The quota scan job on the embedded backend: one owner's scan paused after every page and crashed
 * between checkpoints still counts exactly what is stored; the daily fan-out creates one run per
 * user and folder, concludes once and mails one report.
 */
@ExtendWith(AwsFixture.class)
class QuotaScanJobTest {

    static AwsEnvironment aws;
    static TableNames names;
    static String bucket;
    static UserStore users;
    static FolderStore folders;
    static S3ClientFactory clients;

    @BeforeAll
    static void setUp(AwsEnvironment env) {
        aws = env;
        names = TableNames.withPrefix(env.uniqueName("quota-job") + "-");
        new TableProvisioner(env.dynamoDb(), names).createMissing(Tables.ALL);
        bucket = env.uniqueName("quota-job-files");
        env.s3().createBucket(b -> b.bucket(bucket));
        users = new UserStore(env.dynamoDb(), names);
        folders = new FolderStore(env.dynamoDb(), names);
        clients =
                new S3ClientFactory(
                        env.s3(), UrlConnectionHttpClient.create(), env.region(), Optional.empty());
    }

    static JobRuns runs(DynamoDbClient dynamo) {
        return new JobRuns(dynamo, names, Clock.systemUTC(), Duration.ofDays(35));
    }

    /**
     * The JDK HTTP client does not retry a PUT whose pooled connection s3proxy closed while it
     * waited for "100 Continue": retried here.
     */
    static void put(String key, int size) {
        for (int attempt = 1; ; attempt++) {
            try {
                aws.s3()
                        .putObject(
                                b -> b.bucket(bucket).key(key),
                                RequestBody.fromBytes(new byte[size]));
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Writes many objects (key to size) in parallel. */
    static void putAll(java.util.Map<String, Integer> objects) throws Exception {
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            objects.forEach((k, v) -> done.add(pool.submit(() -> put(k, v))));
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aScanPausedEveryPageAndCrashedBetweenCheckpointsCountsExactlyWhatIsStored()
            throws Exception {
        String name = "heavy";
        users.create(User.builder().username(name).password("$2b$x").build());
        long bytes = 0;
        long files = 0;
        java.util.Map<String, Integer> objects = new java.util.HashMap<>();
        for (int i = 0; i < 2500; i++) {
            int size = 1 + i % 97;
            objects.put("users/" + name + "/d" + (i % 13) + "/f" + i, size);
            bytes += size;
            files++;
        }
        putAll(objects);
        put("users/" + name + "/d0/", 0); // a directory marker is not a file
        put("users/" + name + "x/not-mine", 1000); // a namesake prefix is not counted
        users.usage().set(name, 7, 7, 1);

        JobRun run =
                JobRun.start(
                        "scan-" + name,
                        JobKind.QUOTA_SCAN_USER,
                        name,
                        Optional.empty(),
                        System.currentTimeMillis(),
                        "admin",
                        List.of(),
                        null);
        assertThat(runs(aws.dynamoDb()).start(run)).isInstanceOf(JobRuns.Started.class);
        Set<Integer> crashesAt = new HashSet<>(List.of(2, 5, 6, 11));
        int invocations = 0;
        int crashes = 0;
        Advance outcome = null;
        do {
            invocations++;
            JobRun stored = runs(aws.dynamoDb()).get(run.id()).orElseThrow();
            // Pauses after every page, so every invocation ends with a checkpoint...
            Deadline deadline = () -> true;
            // ... and some crash in it (the checkpoint's transaction fails, as if the process
            // died after listing): the next one resumes from the checkpoint before.
            DynamoDbClient dynamo =
                    crashesAt.contains(invocations)
                            ? CrashingDynamoDb.failingTransaction(aws.dynamoDb(), 1)
                            : aws.dynamoDb();
            OwnerScan scan =
                    new OwnerScan(
                            new UserStore(dynamo, names),
                            new FolderStore(dynamo, names),
                            clients,
                            bucket,
                            runs(dynamo),
                            Clock.systemUTC(),
                            100);
            try {
                outcome = scan.advance(stored, deadline);
            } catch (IllegalStateException crash) {
                assertThat(crash).hasMessage("simulated crash");
                crashes++;
                outcome = null;
            }
        } while (!(outcome instanceof Advance.Finished) && invocations < 200);

        assertThat(outcome).isInstanceOf(Advance.Finished.class);
        assertThat(crashes).isEqualTo(4);
        assertThat(invocations).as("one invocation per page, plus the crashed ones").isEqualTo(30);
        JobRun done = ((Advance.Finished) outcome).run();
        assertThat(done.state()).isEqualTo(JobState.FINISHED);
        OwnerScan.Result result = OwnerScan.result(done).orElseThrow();
        assertThat(result.bytes()).isEqualTo(bytes);
        assertThat(result.files()).isEqualTo(files);
        QuotaUsage usage = users.usage().current(name).orElseThrow();
        assertThat(usage.usedQuotaSize()).isEqualTo(bytes);
        assertThat(usage.usedQuotaFiles()).isEqualTo(files);
        assertThat(runs(aws.dynamoDb()).running(JobKind.QUOTA_SCAN_USER))
                .extracting(JobRun::subject)
                .doesNotContain(name);
    }

    @Test
    void aStaleInvocationStopsWithoutWriting() {
        String name = "stale";
        users.create(User.builder().username(name).password("$2b$x").build());
        for (int i = 0; i < 250; i++) {
            put("users/" + name + "/f" + i, 10);
        }
        JobRun run =
                JobRun.start(
                        "scan-" + name,
                        JobKind.QUOTA_SCAN_USER,
                        name,
                        Optional.empty(),
                        System.currentTimeMillis(),
                        "admin",
                        List.of(),
                        null);
        runs(aws.dynamoDb()).start(run);
        JobRun stale = runs(aws.dynamoDb()).get(run.id()).orElseThrow();
        OwnerScan scan =
                new OwnerScan(
                        users,
                        folders,
                        clients,
                        bucket,
                        runs(aws.dynamoDb()),
                        Clock.systemUTC(),
                        100);
        assertThat(scan.advance(stale, () -> true)).isInstanceOf(Advance.Paused.class);
        // A redelivered message holding the run as it was before: it must not advance it.
        assertThat(scan.advance(stale, () -> true)).isInstanceOf(Advance.Lost.class);
    }

    @Test
    void theDailyFanOutScansEveryoneOnceConcludesOnceAndMailsOneReport() throws Exception {
        // Owners of this test only: a prefix of their own, in tables of their own.
        TableNames own = TableNames.withPrefix(aws.uniqueName("quota-daily") + "-");
        new TableProvisioner(aws.dynamoDb(), own).createMissing(Tables.ALL);
        UserStore u = new UserStore(aws.dynamoDb(), own);
        FolderStore f = new FolderStore(aws.dynamoDb(), own);
        JobRuns store = new JobRuns(aws.dynamoDb(), own, Clock.systemUTC(), Duration.ofDays(35));
        String root = "daily";
        for (int i = 0; i < 10; i++) {
            f.create(new VirtualFolder(root + "-f" + i, null, null, 0, 0, 0, null, null));
            for (int k = 0; k <= i; k++) {
                put("folders/" + root + "-f" + i + "/k" + k, 100);
            }
        }
        for (int i = 0; i < 30; i++) {
            String name = String.format("%s-u%02d", root, i);
            User.Builder b = User.builder().username(name).password("$2b$x").quotaSize(1000);
            if (i == 0) {
                // Maps folder 9 with a 1,000-byte limit: it holds 1,000 bytes, 100 %.
                b.virtualFolders(List.of(new VirtualFolderMapping(root + "-f9", "/team", 1000, 0)));
            }
            u.create(b.build());
            // User i holds i * 40 bytes: u20 .. u24 are at 80-96 %, u25 .. u29 at 100 % or more.
            for (int k = 0; k < i; k++) {
                put("users/" + name + "/k" + k, 40);
            }
        }
        f.update(
                root + "-f9",
                v ->
                        new VirtualFolder(
                                v.name(),
                                v.mappedPath(),
                                v.description(),
                                v.usedQuotaSize(),
                                v.usedQuotaFiles(),
                                v.lastQuotaUpdate(),
                                List.of(root + "-u00"),
                                v.filesystem()));
        // An API scan of u03 is running: the daily run skips it and says so.
        JobRun apiScan =
                JobRun.start(
                        "api-scan-u03",
                        JobKind.QUOTA_SCAN_USER,
                        root + "-u03",
                        Optional.empty(),
                        System.currentTimeMillis(),
                        "admin",
                        List.of(),
                        null);
        store.start(apiScan);

        // Fixed, so the daily run's hour-stamped id cannot roll over between the two deliveries.
        Clock clock = Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC);
        String recipient = aws.uniqueName("ops") + "@sluice.example";
        aws.verifySender("reports@sluice.example");
        Deque<JobMessage> queue = new ArrayDeque<>();
        List<JobMessage> sent = new ArrayList<>();
        QuotaScanJob job =
                new QuotaScanJob(
                        store,
                        new OwnerScan(u, f, clients, bucket, store, Clock.systemUTC()),
                        new QuotaScanFanOut(
                                store,
                                u,
                                f,
                                m -> {
                                    sent.add(m);
                                    queue.add(m);
                                },
                                Optional.empty()),
                        m -> {
                            sent.add(m);
                            queue.add(m);
                        },
                        new MailedQuotaReports(
                                new SesMailer(aws.ses(), Clock.systemUTC()),
                                EmailAddress.parse("reports@sluice.example", "from"),
                                List.of(EmailAddress.parse(recipient, "to"))),
                        clock);

        job.handle(new JobMessage.ScanAll(), Deadline.in(60_000));
        List<JobMessage> handled = new ArrayList<>();
        while (!queue.isEmpty()) {
            JobMessage m = queue.poll();
            handled.add(m);
            job.handle(m, Deadline.in(60_000));
        }
        // Every message again, as SQS may redeliver: nothing is counted, concluded or mailed twice.
        job.handle(new JobMessage.ScanAll(), Deadline.in(60_000));
        for (JobMessage m : handled) {
            job.handle(m, Deadline.in(60_000));
        }
        assertThat(queue).isEmpty();

        List<JobRun> daily = store.history(JobKind.QUOTA_SCAN_ALL, 10);
        assertThat(daily).hasSize(1);
        JobRun parent = daily.get(0);
        assertThat(parent.state()).isEqualTo(JobState.FINISHED);
        List<JobRun> children = new ArrayList<>();
        store.children(parent.id()).forEach(children::add);
        assertThat(children).hasSize(29 + 10);
        assertThat(children).allMatch(c -> c.state() == JobState.FINISHED);
        assertThat(parent.result().path("users").asLong()).isEqualTo(29);
        assertThat(parent.result().path("folders").asLong()).isEqualTo(10);
        assertThat(parent.result().path("busy_count").asLong()).isEqualTo(1);
        assertThat(parent.result().path("busy").get(0).asText()).isEqualTo("user daily-u03");
        assertThat(parent.result().path("near_quota")).hasSize(11);
        for (int i = 0; i < 30; i++) {
            String name = String.format("%s-u%02d", root, i);
            long expected = i == 3 ? 0 : i * 40L;
            assertThat(u.usage().current(name).map(QuotaUsage::usedQuotaSize).orElse(0L))
                    .as(name)
                    .isEqualTo(expected);
        }
        assertThat(f.find(root + "-f9").orElseThrow().usedQuotaSize()).isEqualTo(1000);

        List<SentEmail> mails = aws.sentEmailsTo(recipient);
        assertThat(mails).hasSize(1);
        SentEmail mail = mails.get(0);
        assertThat(mail.to()).containsExactly(recipient);
        assertThat(mail.subject())
                .isEqualTo(
                        "Sluice quota report: 10 users and 1 folder over 80 % (6 at 100 % or more)");
        assertThat(mail.text())
                .contains("daily-u29", "1,160", "daily-u20", "daily-f9", "OVER QUOTA")
                .doesNotContain("daily-u19");
        assertThat(mail.html()).contains("daily-u29", "1,160", "daily-f9", "OVER QUOTA");
    }

    @Test
    void aMessageOfAnotherJobIsRefused() {
        QuotaScanJob job =
                new QuotaScanJob(
                        runs(aws.dynamoDb()),
                        new OwnerScan(
                                users,
                                folders,
                                clients,
                                bucket,
                                runs(aws.dynamoDb()),
                                Clock.systemUTC()),
                        new QuotaScanFanOut(
                                runs(aws.dynamoDb()), users, folders, m -> {}, Optional.empty()),
                        m -> {},
                        QuotaReports.NONE,
                        Clock.systemUTC());
        assertThatThrownBy(() -> job.handle(new JobMessage.Policy("p"), Deadline.in(1000)))
                .isInstanceOf(IllegalArgumentException.class);
        // An unknown run is over: nothing to do, nothing thrown.
        job.handle(new JobMessage.Run("no-such-run"), Deadline.in(1000));
    }
}
