package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.quota.OwnerScan;
import dev.sluice.quota.QuotaReports;
import dev.sluice.quota.QuotaScanFanOut;
import dev.sluice.quota.QuotaScanJob;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.UserStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * SFTPGo's quota scan routes and Sluice's scan history, with the quota scan job run on the messages
 * the API queued: 202 then the counters equal what is stored, 409 while a scan runs, 404, 403, 503
 * when the queue refuses, and hostile names answered without a 500.
 */
@ExtendWith(AwsFixture.class)
class QuotaScansApiTest {

    private static final ConcurrentLinkedDeque<JobMessage> queued = new ConcurrentLinkedDeque<>();
    private static AwsEnvironment aws;
    private static ApiSystem api;
    private static String token;
    private static String bucket;
    private static QuotaScanJob job;

    @BeforeAll
    static void start(AwsEnvironment env) {
        aws = env;
        WorkQueue queue = queued::add;
        api =
                ApiSystem.start(
                        env,
                        Clock.systemUTC(),
                        new ApiContext.ApiJobs(
                                ApiContext.ApiJobs.unavailable().retention(),
                                queue,
                                ApiContext.ApiJobs.unavailable().schedules()));
        token = api.adminToken();
        // The job's view of the installation: the API's tables, a bucket of the test's own.
        bucket = env.uniqueName("quota-api");
        env.s3().createBucket(b -> b.bucket(bucket));
        UserStore users = new UserStore(env.dynamoDb(), api.tables);
        FolderStore folders = new FolderStore(env.dynamoDb(), api.tables);
        JobRuns runs =
                new JobRuns(env.dynamoDb(), api.tables, Clock.systemUTC(), Duration.ofDays(35));
        S3ClientFactory clients =
                new S3ClientFactory(
                        env.s3(), UrlConnectionHttpClient.create(), env.region(), Optional.empty());
        job =
                new QuotaScanJob(
                        runs,
                        new OwnerScan(users, folders, clients, bucket, runs, Clock.systemUTC()),
                        new QuotaScanFanOut(runs, users, folders, queue, Optional.empty()),
                        queue,
                        QuotaReports.NONE,
                        Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Runs every queued message through the job, as the quota scan function would. */
    private static int drain() {
        int handled = 0;
        JobMessage m;
        while ((m = queued.poll()) != null) {
            job.handle(m, Deadline.in(60_000));
            handled++;
        }
        return handled;
    }

    private static void put(String key, int size) {
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private static void createUser(String name) {
        api.client
                .post(
                        "/api/v2/users",
                        token,
                        "{\"username\": \""
                                + name
                                + "\", \"password\": \"long-enough-pw\", \"permissions\": {\"/\": [\"*\"]}}")
                .expect(201);
    }

    @Test
    void aUserScanStartsRunsAndSetsTheCountersToWhatIsStored() {
        createUser("scan-alice");
        put("users/scan-alice/a.txt", 100);
        put("users/scan-alice/dir/", 0);
        put("users/scan-alice/dir/b.txt", 250);
        put("users/scan-alice2/not-alice.txt", 999);
        api.client
                .put(
                        "/api/v2/quotas/users/scan-alice/usage",
                        token,
                        "{\"used_quota_size\": 5000, \"used_quota_files\": 50}")
                .expect(200);

        var started = api.client.post("/api/v2/quotas/users/scan-alice/scan", token, null);
        started.expect(202);
        assertThat(started.message()).isEqualTo("Scan started");
        JsonNode running = api.client.get("/api/v2/quotas/users/scans", token).expect(200).json();
        assertThat(running).hasSize(1);
        assertThat(running.get(0).path("username").asText()).isEqualTo("scan-alice");
        assertThat(running.get(0).path("start_time").asLong()).isPositive();

        // A second scan while the first runs: SFTPGo's 409.
        var again = api.client.post("/api/v2/quotas/users/scan-alice/scan", token, null);
        again.expect(409);
        assertThat(again.message()).contains("already in progress");
        assertThat(queued).hasSize(1);

        assertThat(drain()).isEqualTo(1);
        assertThat(api.client.get("/api/v2/quotas/users/scans", token).expect(200).json())
                .isEmpty();
        JsonNode user = api.client.get("/api/v2/users/scan-alice", token).expect(200).json();
        assertThat(user.path("used_quota_size").asLong()).isEqualTo(350);
        assertThat(user.path("used_quota_files").asInt()).isEqualTo(2);

        JsonNode history =
                api.client.get("/api/v2/quotas/scans/history?limit=50", token).expect(200).json();
        JsonNode record = find(history, "user", "scan-alice");
        assertThat(record.path("status").asText()).isEqualTo("finished");
        assertThat(record.path("requested_by").asText()).isEqualTo(ApiSystem.ADMIN);
        assertThat(record.path("result").path("bytes").asLong()).isEqualTo(350);
        assertThat(record.path("result").path("files").asLong()).isEqualTo(2);
        assertThat(record.path("end_time").asLong())
                .isGreaterThanOrEqualTo(record.path("start_time").asLong());

        // Finished: the user can be scanned again.
        api.client.post("/api/v2/quotas/users/scan-alice/scan", token, null).expect(202);
        drain();
    }

    @Test
    void aFolderScanStartsRunsAndSetsTheCountersToWhatIsStored() {
        api.client.post("/api/v2/folders", token, "{\"name\": \"scan-team\"}").expect(201);
        put("folders/scan-team/x.bin", 40);
        put("folders/scan-team/y/z.bin", 2);
        api.client.post("/api/v2/quotas/folders/scan-team/scan", token, null).expect(202);
        JsonNode running = api.client.get("/api/v2/quotas/folders/scans", token).expect(200).json();
        assertThat(running).hasSize(1);
        assertThat(running.get(0).path("name").asText()).isEqualTo("scan-team");
        api.client.post("/api/v2/quotas/folders/scan-team/scan", token, null).expect(409);
        drain();
        JsonNode folder = api.client.get("/api/v2/folders/scan-team", token).expect(200).json();
        assertThat(folder.path("used_quota_size").asLong()).isEqualTo(42);
        assertThat(folder.path("used_quota_files").asInt()).isEqualTo(2);
        JsonNode history = api.client.get("/api/v2/quotas/scans/history", token).expect(200).json();
        assertThat(find(history, "folder", "scan-team").path("result").path("bytes").asLong())
                .isEqualTo(42);
    }

    @Test
    void unknownOwnersAre404AndNothingIsQueued() {
        api.client.post("/api/v2/quotas/users/nobody-here/scan", token, null).expect(404);
        api.client.post("/api/v2/quotas/folders/no-folder-here/scan", token, null).expect(404);
        assertThat(queued).isEmpty();
    }

    @Test
    void anAdminWithoutQuotaScansIs403() {
        createUser("scan-bob");
        api.client
                .post(
                        "/api/v2/admins",
                        token,
                        """
            {"username": "no-scans", "password": "long-enough-pw", "status": 1, "permissions": ["view_users", "add_users", "edit_users"]}""")
                .expect(201);
        String weak = api.client.token("no-scans", "long-enough-pw");
        for (String[] op :
                List.of(
                        new String[] {"POST", "/api/v2/quotas/users/scan-bob/scan"},
                        new String[] {"GET", "/api/v2/quotas/users/scans"},
                        new String[] {"GET", "/api/v2/quotas/folders/scans"},
                        new String[] {"GET", "/api/v2/quotas/scans/history"})) {
            var reply = api.client.send(op[0], op[1], ApiClient.jsonBearer(weak), null);
            assertThat(reply.status()).as(op[1]).isEqualTo(403);
            assertThat(reply.message()).contains("quota_scans");
        }
        assertThat(queued).isEmpty();
    }

    @Test
    void hostileNamesAreRefusedNeverA500() {
        List<String> names =
                List.of(
                        "..",
                        "../../etc",
                        "a/../../b",
                        "x".repeat(10 * 1024),
                        "nul\u0000byte",
                        "spa ce",
                        "%2e%2e",
                        "users");
        List<Integer> statuses = new ArrayList<>();
        for (String name : names) {
            String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            for (String path :
                    List.of(
                            "/api/v2/quotas/users/" + encoded + "/scan",
                            "/api/v2/quotas/folders/" + encoded + "/scan")) {
                var reply = api.client.raw("POST", path, ApiClient.jsonBearer(token), null);
                statuses.add(reply.status());
                assertThat(reply.status()).as(path).isIn(400, 404);
            }
        }
        assertThat(statuses).contains(400);
        assertThat(queued).isEmpty();
    }

    @Test
    void theHistoryLimitIsChecked() {
        var zero = api.client.get("/api/v2/quotas/scans/history?limit=0", token).expect(400);
        assertThat(zero.body()).contains("limit");
        api.client.get("/api/v2/quotas/scans/history?limit=many", token).expect(400);
        api.client.get("/api/v2/quotas/scans/history?limit=501", token).expect(400);
    }

    @Test
    void aScanTheQueueRefusesIs503AndKeptAsFailed(AwsEnvironment env) {
        try (ApiSystem noJobs = ApiSystem.start(env)) {
            String root = noJobs.adminToken();
            noJobs.client
                    .post(
                            "/api/v2/users",
                            root,
                            """
                {"username": "scan-carol", "password": "long-enough-pw", "permissions": {"/": ["*"]}}""")
                    .expect(201);
            var refused = noJobs.client.post("/api/v2/quotas/users/scan-carol/scan", root, null);
            refused.expect(503);
            assertThat(refused.message()).contains("could not be queued");
            assertThat(noJobs.client.get("/api/v2/quotas/users/scans", root).expect(200).json())
                    .isEmpty();
            JsonNode record =
                    find(
                            noJobs.client
                                    .get("/api/v2/quotas/scans/history", root)
                                    .expect(200)
                                    .json(),
                            "user",
                            "scan-carol");
            assertThat(record.path("status").asText()).isEqualTo("failed");
            assertThat(record.path("error").asText()).contains("could not be queued");
            // The lock was released with the run: a retry is not a 409.
            noJobs.client.post("/api/v2/quotas/users/scan-carol/scan", root, null).expect(503);
        }
    }

    private static JsonNode find(JsonNode history, String kind, String name) {
        for (JsonNode r : history) {
            if (r.path("kind").asText().equals(kind) && r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + history);
    }
}
