package dev.sluice.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.Advance;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.json.Json;
import dev.sluice.quota.QuotaScan;
import dev.sluice.quota.QuotaUsage;
import dev.sluice.quota.Quotas;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.CrashingDynamoDb;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.users.VirtualFolderMapping;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A retention check over 20,000 objects: nested rules, an excluded path, a path the user may not
 * delete in, a virtual folder, empty directories; compared with a listing before and after, and
 * with the quota counters. The same check interrupted (paused by its deadline, and crashed between
 * deleting a batch and recording it) and resumed gives the same result.
 */
@ExtendWith(AwsFixture.class)
class RetentionCheckTest {

    /** Objects are written now; the checks run "48 hours later". */
    static final Duration LATER = Duration.ofHours(48);

    static AwsEnvironment aws;
    static TableNames names;
    static String bucket;
    static UserStore users;
    static FolderStore folders;
    static S3ClientFactory clients;

    @BeforeAll
    static void tables(AwsEnvironment env) {
        aws = env;
        names = TableNames.withPrefix(env.uniqueName("retention") + "-");
        new TableProvisioner(env.dynamoDb(), names).createMissing(Tables.ALL);
        bucket = env.uniqueName("retention-files");
        env.s3().createBucket(b -> b.bucket(bucket));
        users = new UserStore(env.dynamoDb(), names);
        folders = new FolderStore(env.dynamoDb(), names);
        clients =
                new S3ClientFactory(
                        env.s3(), UrlConnectionHttpClient.create(), env.region(), Optional.empty());
    }

    /** The rules every test uses, SFTPGo's example plus the cases it leaves out. */
    static List<FolderRetention> rules(boolean ignorePermissions) {
        return List.of(
                new FolderRetention("/logs", 24, true, false),
                new FolderRetention("/logs/keep", 0, false, false),
                new FolderRetention("/logs/deep/deeper", 200, false, false),
                new FolderRetention("/inbox", 24, false, ignorePermissions),
                new FolderRetention("/shared", 24, true, false));
    }

    /** Creates a user named {@code name} and its files; the keys, with sizes. */
    static Map<String, Long> populate(String name, int scale) throws Exception {
        String folder = name + "-team";
        folders.create(new VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        users.create(
                User.builder()
                        .username(name)
                        .password("$2b$10$hash")
                        .permissions(
                                Map.of(
                                        "/", List.of("*"),
                                        "/inbox", List.of("list", "download", "upload")))
                        .virtualFolders(List.of(new VirtualFolderMapping(folder, "/shared", 0, 0)))
                        .build());
        String home = "users/" + name + "/";
        String shared = "folders/" + folder + "/";
        Map<String, Long> keys = new java.util.TreeMap<>();
        for (int i = 0; i < 9 * scale; i++) {
            keys.put(home + "logs/d" + (i % 30) + "/s" + (i % 7) + "/f" + i + ".log", 10L + i % 50);
        }
        for (int i = 0; i < 30; i++) {
            keys.put(home + "logs/d" + i + "/", 0L);
        }
        keys.put(home + "logs/empty/", 0L);
        keys.put(home + "logs/empty/nested/", 0L);
        for (int i = 0; i < 2 * scale; i++) {
            keys.put(home + "logs/keep/k" + i, 5L);
        }
        for (int i = 0; i < scale; i++) {
            keys.put(home + "logs/deep/deeper/x" + i, 7L);
        }
        for (int i = 0; i < 2 * scale; i++) {
            keys.put(home + "inbox/in" + i, 3L);
        }
        for (int i = 0; i < scale; i++) {
            keys.put(home + "other/o" + i, 2L);
        }
        // Hidden by the mount point: not reachable over SFTP, never touched.
        for (int i = 0; i < scale / 2; i++) {
            keys.put(home + "shared/hidden" + i, 1L);
        }
        for (int i = 0; i < 4 * scale; i++) {
            keys.put(shared + "t" + (i % 10) + "/f" + i, 11L);
        }
        keys.put(shared + "t0/", 0L);
        keys.put(shared + "gone/", 0L);
        put(keys);
        return keys;
    }

    static void put(Map<String, Long> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (var e : keys.entrySet()) {
                done.add(pool.submit(() -> putWithRetry(e.getKey(), e.getValue().intValue())));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The JDK HTTP client does not retry a PUT whose pooled connection s3proxy closed while it
     * waited for "100 Continue"; writing 20,000 objects meets that now and then.
     */
    static void putWithRetry(String key, int size) {
        for (int attempt = 1; ; attempt++) {
            try {
                aws.s3()
                        .putObject(
                                b -> b.bucket(bucket).key(key),
                                RequestBody.fromBytes(new byte[size]));
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** What the rules must delete, decided here independently of the check's code. */
    static Set<String> expectedDeletions(String name, Set<String> keys, boolean ignorePermissions) {
        String home = "users/" + name + "/";
        String shared = "folders/" + name + "-team/";
        Set<String> out = new TreeSet<>();
        for (String k : keys) {
            if (k.startsWith(home + "logs/keep/") || k.startsWith(home + "logs/deep/")) {
                continue; // excluded / not old enough (a marker-less dir stays by itself)
            }
            if (k.startsWith(home + "logs/")) {
                out.add(k); // every file is old; every dir ends up empty and delete_empty_dirs
            } else if (k.startsWith(home + "inbox/") && ignorePermissions) {
                out.add(k);
            } else if (k.startsWith(shared)) {
                out.add(k);
            }
        }
        return out;
    }

    static Set<String> listing(String name) {
        Set<String> out = new TreeSet<>();
        for (String prefix : List.of("users/" + name + "/", "folders/" + name + "-team/")) {
            for (S3Object o :
                    aws.s3()
                            .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                            .contents()) {
                out.add(o.key());
            }
        }
        return out;
    }

    static JobRun newRun(String name, boolean ignorePermissions) {
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("folders", Json.mapper().valueToTree(rules(ignorePermissions)));
        return JobRun.start(
                "run-" + name,
                JobKind.RETENTION_CHECK,
                name,
                Optional.empty(),
                Clock.systemUTC().millis() + LATER.toMillis(),
                "admin",
                List.of(),
                request);
    }

    RetentionCheck check(DynamoDbClient dynamo) {
        return check(dynamo, RetentionCheck.BATCH);
    }

    RetentionCheck check(DynamoDbClient dynamo, int listPage) {
        UserStore u = new UserStore(dynamo, names);
        FolderStore f = new FolderStore(dynamo, names);
        return new RetentionCheck(
                u,
                f,
                clients,
                bucket,
                Quotas.of(u, f, Clock.systemUTC()),
                runs(dynamo),
                Clock.systemUTC(),
                listPage);
    }

    static JobRuns runs(DynamoDbClient dynamo) {
        return new JobRuns(dynamo, names, Clock.systemUTC(), Duration.ofDays(35));
    }

    static void scan(String name) {
        new QuotaScan(users, folders, clients, bucket, Clock.systemUTC())
                .run(new QuotaScan.OneUser(name));
        new QuotaScan(users, folders, clients, bucket, Clock.systemUTC())
                .run(new QuotaScan.OneFolder(name + "-team"));
    }

    static long sum(Map<String, Long> keys, Set<String> which, String prefix) {
        return which.stream()
                .filter(k -> k.startsWith(prefix) && !k.endsWith("/"))
                .mapToLong(keys::get)
                .sum();
    }

    static long count(Set<String> which, String prefix) {
        return which.stream().filter(k -> k.startsWith(prefix) && !k.endsWith("/")).count();
    }

    @Test
    void deletesExactlyWhatTheRulesSayAndLowersTheCounters() throws Exception {
        String name = "alice";
        Map<String, Long> keys = populate(name, 1100);
        scan(name);
        QuotaUsage userBefore = users.usage().current(name).orElseThrow();
        QuotaUsage folderBefore = folders.usage().current(name + "-team").orElseThrow();
        Set<String> before = listing(name);
        assertThat(before).containsExactlyInAnyOrderElementsOf(keys.keySet());
        assertThat(before).hasSizeGreaterThan(20_000);

        JobRun run = newRun(name, false);
        assertThat(runs(aws.dynamoDb()).start(run)).isInstanceOf(JobRuns.Started.class);
        Advance outcome = check(aws.dynamoDb()).advance(run, () -> false);

        assertThat(outcome).isInstanceOf(Advance.Finished.class);
        Set<String> expected = expectedDeletions(name, before, false);
        Set<String> after = listing(name);
        Set<String> deleted = new TreeSet<>(before);
        deleted.removeAll(after);
        assertThat(deleted).isEqualTo(expected);
        assertThat(after).contains("users/alice/inbox/in1", "users/alice/shared/hidden1");

        String home = "users/alice/";
        String shared = "folders/alice-team/";
        QuotaUsage userAfter = users.usage().current(name).orElseThrow();
        QuotaUsage folderAfter = folders.usage().current(name + "-team").orElseThrow();
        assertThat(userBefore.usedQuotaSize() - userAfter.usedQuotaSize())
                .isEqualTo(sum(keys, expected, home));
        assertThat(userBefore.usedQuotaFiles() - userAfter.usedQuotaFiles())
                .isEqualTo(count(expected, home));
        assertThat(folderBefore.usedQuotaSize() - folderAfter.usedQuotaSize())
                .isEqualTo(sum(keys, expected, shared));
        assertThat(folderBefore.usedQuotaFiles() - folderAfter.usedQuotaFiles())
                .isEqualTo(count(expected, shared));

        JobRun finished = ((Advance.Finished) outcome).run();
        RetentionResult result =
                Json.mapper().treeToValue(finished.result(), RetentionResult.class);
        assertThat(result.deleted()).isEqualTo(count(expected, home) + count(expected, shared));
        assertThat(result.bytes())
                .isEqualTo(sum(keys, expected, home) + sum(keys, expected, shared));
        PathTally inbox =
                result.paths().stream()
                        .filter(p -> p.path().equals("/inbox"))
                        .findFirst()
                        .orElseThrow();
        assertThat(inbox.denied()).isEqualTo(2_200);
        assertThat(inbox.deleted()).isZero();
        PathTally logs =
                result.paths().stream()
                        .filter(p -> p.path().equals("/logs"))
                        .findFirst()
                        .orElseThrow();
        assertThat(logs.dirs()).as("30 d*/ markers and empty/, empty/nested/").isEqualTo(32);
        assertThat(runs(aws.dynamoDb()).running(JobKind.RETENTION_CHECK))
                .extracting(JobRun::id)
                .doesNotContain(run.id());
    }

    @Test
    void ignoringPermissionsDeletesWhatTheUserCouldNot() throws Exception {
        String name = "ingrid";
        populate(name, 100);
        Set<String> before = listing(name);
        JobRun run = newRun(name, true);
        runs(aws.dynamoDb()).start(run);
        assertThat(check(aws.dynamoDb()).advance(run, () -> false))
                .isInstanceOf(Advance.Finished.class);
        Set<String> deleted = new TreeSet<>(before);
        deleted.removeAll(listing(name));
        assertThat(deleted).isEqualTo(expectedDeletions(name, before, true));
    }

    @Test
    void aCheckInterruptedAnywhereAndResumedEndsTheSame() throws Exception {
        String name = "carol";
        Map<String, Long> keys = populate(name, 150);
        scan(name);
        QuotaUsage userBefore = users.usage().current(name).orElseThrow();
        Set<String> before = listing(name);

        JobRun run = newRun(name, false);
        runs(aws.dynamoDb()).start(run);
        int invocations = 0;
        Set<Integer> crashesAt = new HashSet<>(List.of(1, 3, 5));
        Advance outcome;
        do {
            invocations++;
            JobRun stored = runs(aws.dynamoDb()).get(run.id()).orElseThrow();
            AtomicInteger pages = new AtomicInteger();
            Deadline deadline = () -> pages.incrementAndGet() > 2;
            DynamoDbClient dynamo =
                    crashesAt.contains(invocations)
                            // The 3rd transaction is a batch's commit after its DeleteObjects.
                            ? CrashingDynamoDb.failingTransaction(aws.dynamoDb(), 3)
                            : aws.dynamoDb();
            try {
                outcome = check(dynamo, 100).advance(stored, deadline);
            } catch (IllegalStateException crash) {
                assertThat(crash).hasMessage("simulated crash");
                outcome = null;
            }
        } while (!(outcome instanceof Advance.Finished) && invocations < 500);

        assertThat(outcome).isInstanceOf(Advance.Finished.class);
        assertThat(invocations).as("paused and resumed many times").isGreaterThanOrEqualTo(8);
        Set<String> deleted = new TreeSet<>(before);
        deleted.removeAll(listing(name));
        Set<String> expected = expectedDeletions(name, before, false);
        assertThat(deleted).isEqualTo(expected);
        QuotaUsage userAfter = users.usage().current(name).orElseThrow();
        assertThat(userBefore.usedQuotaSize() - userAfter.usedQuotaSize())
                .as("each batch charged once")
                .isEqualTo(sum(keys, expected, "users/carol/"));
        RetentionResult result =
                Json.mapper()
                        .treeToValue(
                                ((Advance.Finished) outcome).run().result(), RetentionResult.class);
        assertThat(result.deleted())
                .isEqualTo(
                        count(expected, "users/carol/") + count(expected, "folders/carol-team/"));
        assertThat(result.paths().stream().mapToLong(PathTally::examined).sum())
                .as("every file examined once")
                .isEqualTo(
                        before.stream()
                                .filter(
                                        k ->
                                                !k.endsWith("/")
                                                        && !k.contains("/other/")
                                                        && !k.contains("/shared/hidden"))
                                .count());
    }

    @Test
    void aSecondCheckOfTheSameUserIsRefusedUntilTheFirstEnds() {
        JobRuns store = runs(aws.dynamoDb());
        JobRun first = newRun("dave", false);
        JobRun second =
                JobRun.start(
                        "run-dave-2",
                        JobKind.RETENTION_CHECK,
                        "dave",
                        Optional.empty(),
                        Clock.systemUTC().millis(),
                        "admin",
                        List.of(),
                        first.request());
        assertThat(store.start(first)).isInstanceOf(JobRuns.Started.class);
        // A run whose worker dies still expires: its item carries a purge time from the start.
        var item =
                aws.dynamoDb()
                        .getItem(
                                g ->
                                        g.tableName(names.of(Tables.JOB_RUNS))
                                                .key(
                                                        Map.of(
                                                                "id",
                                                                software.amazon.awssdk.services
                                                                        .dynamodb.model
                                                                        .AttributeValue.fromS(
                                                                        first.id()))))
                        .item();
        assertThat(Long.parseLong(item.get("purge_at").n()))
                .isGreaterThan(Clock.systemUTC().millis() / 1000 + Duration.ofDays(35).toSeconds());
        assertThat(store.start(second)).isEqualTo(new JobRuns.Busy(first.id()));
        assertThat(store.running(JobKind.RETENTION_CHECK))
                .extracting(JobRun::id)
                .contains(first.id());
        // A redelivered start of the same run is not a conflict.
        assertThat(store.start(first)).isInstanceOf(JobRuns.Started.class);

        JobRun stored = store.get(first.id()).orElseThrow();
        assertThat(
                        store.finish(
                                stored.finished(
                                        dev.sluice.jobs.JobState.FINISHED,
                                        Clock.systemUTC().millis(),
                                        null,
                                        Optional.empty())))
                .isPresent();
        assertThat(store.start(second)).isInstanceOf(JobRuns.Started.class);
        // The first run, resumed by a stale message, can no longer write.
        assertThat(store.save(stored, List.of())).isEmpty();
    }

    /**
     * A batch is stored in the run's item (400 KB at most) before it is deleted: 1,100 files with
     * 400-character paths (about 900 KB of keys and paths) go in batches that fit.
     */
    @Test
    void longPathsGoInBatchesThatFitTheRunItem() throws Exception {
        String name = "lena";
        users.create(
                User.builder()
                        .username(name)
                        .password("$2b$10$hash")
                        .permissions(Map.of("/", List.of("*")))
                        .build());
        String deep = "d".repeat(120) + "/" + "e".repeat(120) + "/" + "f".repeat(120);
        Map<String, Long> keys = new java.util.TreeMap<>();
        for (int i = 0; i < 1_100; i++) {
            keys.put("users/" + name + "/logs/" + deep + "/file-" + i + ".log", 3L);
        }
        put(keys);
        ObjectNode request = Json.mapper().createObjectNode();
        request.set(
                "folders",
                Json.mapper().valueToTree(List.of(new FolderRetention("/logs", 24, false, false))));
        JobRun run =
                JobRun.start(
                        "run-" + name,
                        JobKind.RETENTION_CHECK,
                        name,
                        Optional.empty(),
                        Clock.systemUTC().millis() + LATER.toMillis(),
                        "admin",
                        List.of(),
                        request);
        runs(aws.dynamoDb()).start(run);
        assertThat(check(aws.dynamoDb()).advance(run, () -> false))
                .isInstanceOf(Advance.Finished.class);
        assertThat(listing(name)).isEmpty();
    }
}
