package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.backup.BackupFiles;
import dev.sluice.backup.Restore;
import dev.sluice.backup.RestoreOptions;
import dev.sluice.backup.S3BackupFiles;
import dev.sluice.connections.Connection;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobSettings;
import dev.sluice.json.Json;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code dumpdata} and {@code loaddata}: a dump of one installation restored into another that
 * holds the same master key gives the same accounts (same hashes, secrets, keys, policies); one
 * with another master key restores nothing sealed; modes, quota scans, idempotence, a restore cut
 * short and sent again, the S3 path for large dumps, and the attacks: missing permission,
 * escalation through a dump, hostile file names and options.
 */
@ExtendWith(AwsFixture.class)
class BackupApiTest {

    private static final String MASTER = "shared-master-" + UUID.randomUUID();
    private static final ConcurrentLinkedDeque<JobMessage> scans = new ConcurrentLinkedDeque<>();
    private static final MutableClock clock = new MutableClock();

    private static AwsEnvironment aws;
    private static String filesBucket;
    private static ApiSystem source;
    private static ApiSystem target;
    private static String sourceToken;
    private static String targetToken;
    private static String apiKey;

    @BeforeAll
    static void start(AwsEnvironment env) {
        aws = env;
        filesBucket = env.uniqueName("backups");
        env.s3().createBucket(b -> b.bucket(filesBucket));
        BackupFiles files = new S3BackupFiles(env.s3(), filesBucket);
        source = install(files, MASTER, ApiSystem.acceptingJobs(), Clock.systemUTC());
        target =
                install(
                        files,
                        MASTER,
                        new ApiContext.ApiJobs(
                                message -> {}, scans::add, ApiSystem.acceptingJobs().schedules()),
                        clock);
        sourceToken = source.adminToken();
        targetToken = target.adminToken();
        source.client
                .post(
                        "/api/v2/folders",
                        sourceToken,
                        """
                        {"name": "shared-docs", "mapped_path": "/srv/docs", "description": "team docs"}""")
                .expect(201);
        source.client.post("/api/v2/users", sourceToken, alice("first")).expect(201);
        source.client
                .post(
                        "/api/v2/users",
                        sourceToken,
                        """
                        {"username": "bob", "status": 1, "password": "bob-passw0rd-1",
                         "permissions": {"/": ["*"]},
                         "filesystem": {"provider": 1, "s3config": {"bucket": "customer-bucket",
                           "region": "eu-west-1", "key_prefix": "bob/", "access_key": "AKIAEXAMPLE",
                           "access_secret": {"status": "Plain", "payload": "TOPSECRET"}}}}""")
                .expect(201);
        source.client
                .post(
                        "/api/v2/admins",
                        sourceToken,
                        """
                        {"username": "ops", "status": 1, "password": "ops-passw0rd-1",
                         "permissions": ["manage_system", "add_users", "edit_users", "view_users",
                                         "manage_admins", "manage_apikeys"],
                         "filters": {"allow_api_key_auth": true}}""")
                .expect(201);
        apiKey =
                source.client
                        .post(
                                "/api/v2/apikeys",
                                sourceToken,
                                """
                                {"name": "ops automation", "scope": 1, "admin": "ops"}""")
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
        source.client
                .post(
                        "/api/v2/retention/policies",
                        sourceToken,
                        """
                        {"name": "nightly", "folders": [{"path": "/logs", "retention": 720}],
                         "covers": {"all_users": true}, "schedule": "cron(0 3 * * ? *)"}""")
                .expect(201);
    }

    private static ApiSystem install(
            BackupFiles files, String master, ApiContext.ApiJobs jobs, Clock clock) {
        return ApiSystem.start(
                aws,
                clock,
                ApiSystem.BUCKET,
                jobs,
                JobSettings.defaults(),
                files,
                UnaryOperator.identity(),
                master);
    }

    private static String alice(String description) {
        return """
            {"username": "alice", "status": 1, "password": "alice-passw0rd-1", "description": "%s",
             "quota_size": 1048576, "public_keys": [],
             "permissions": {"/": ["list", "download", "upload"]},
             "virtual_folders": [{"name": "shared-docs", "virtual_path": "/docs", "quota_size": -1, "quota_files": -1}]}"""
                .formatted(description);
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    private static String dump(ApiSystem system, String token, String query) {
        return system.client
                .get("/api/v2/dumpdata?output-data=1" + query, token)
                .expect(200)
                .body();
    }

    private static ApiClient.Reply load(ApiSystem system, String token, String query, String body) {
        return system.client.post("/api/v2/loaddata" + query, token, body);
    }

    @Test
    void aSealedDumpRestoresIntoAnInstallationWithTheSameMasterKey() {
        String dump = dump(source, sourceToken, "");
        assertThat(dump)
                .contains("$sluice-sealed$")
                .contains("\"version\":17")
                .doesNotContain("TOPSECRET")
                .doesNotContain("$argon2id$");
        JsonNode tree = Json.read(dump, JsonNode.class);
        assertThat(tree.path("api_keys").get(0).path("key").asText()).startsWith("sha256:");
        JsonNode bob = find(tree.path("users"), "username", "bob");
        assertThat(bob.at("/filesystem/s3config/access_secret/status").asText())
                .isEqualTo("AES-256-GCM");
        assertThat(bob.at("/filesystem/s3config/access_secret/key").asText()).startsWith("dump:");

        JsonNode answer = load(target, targetToken, "", dump).expect(200).json();
        assertThat(answer.path("message").asText()).isEqualTo("Data restored");
        assertThat(answer.at("/counts/users/created").asInt()).isEqualTo(2);
        assertThat(answer.at("/counts/folders/created").asInt()).isEqualTo(1);
        assertThat(answer.at("/counts/api_keys/created").asInt()).isEqualTo(1);
        assertThat(answer.at("/counts/retention_policies/created").asInt()).isEqualTo(1);
        assertThat(answer.at("/counts/admins/skipped").asInt()).as(answer.toString()).isZero();

        // The same hashes and secrets as the source: compare plain dumps of both.
        JsonNode from = Json.read(dump(source, sourceToken, "&secrets=plain"), JsonNode.class);
        JsonNode to = Json.read(dump(target, targetToken, "&secrets=plain"), JsonNode.class);
        for (String name : List.of("alice", "bob")) {
            assertThat(find(to.path("users"), "username", name).path("password").asText())
                    .isEqualTo(
                            find(from.path("users"), "username", name).path("password").asText());
        }
        assertThat(
                        find(to.path("users"), "username", "bob")
                                .at("/filesystem/s3config/access_secret/payload")
                                .asText())
                .isEqualTo("TOPSECRET");
        // The restored admin logs in with its old password, and its old API key works.
        String ops = target.client.token("ops", "ops-passw0rd-1");
        target.client.get("/api/v2/users", ops).expect(200);
        target.client
                .send("GET", "/api/v2/users/alice", ApiClient.apiKey(apiKey), null)
                .expect(200);
        assertThat(target.client.get("/api/v2/retention/policies/nightly", targetToken).status())
                .isEqualTo(200);

        // Loading it again changes nothing: every object is found equal, nothing is rewritten.
        String before = target.client.get("/api/v2/users", targetToken).expect(200).body();
        JsonNode again = load(target, targetToken, "", dump).expect(200).json();
        for (String type :
                List.of("users", "folders", "admins", "api_keys", "retention_policies")) {
            assertThat(again.at("/counts/" + type + "/created").asInt()).as(type).isZero();
            assertThat(again.at("/counts/" + type + "/updated").asInt()).as(type).isZero();
            assertThat(again.at("/counts/" + type + "/skipped").asInt()).as(type).isZero();
        }
        assertThat(target.client.get("/api/v2/users", targetToken).expect(200).body())
                .isEqualTo(before);
    }

    @Test
    void anotherMasterKeyOpensNothingSealedButAPlainDumpMoves() {
        try (ApiSystem other =
                install(
                        BackupFiles.unavailable(),
                        "another-master-" + UUID.randomUUID(),
                        ApiSystem.acceptingJobs(),
                        Clock.systemUTC())) {
            String token = other.adminToken();
            JsonNode answer =
                    load(other, token, "", dump(source, sourceToken, "")).expect(200).json();
            assertThat(answer.at("/counts/users/skipped").asInt()).isEqualTo(2);
            assertThat(answer.path("notes").toString())
                    .contains("another master key")
                    .contains("\"object\":\"user\",\"name\":\"alice\",\"field\":\"password\"");
            assertThat(other.client.get("/api/v2/users/alice", token).status()).isEqualTo(404);

            JsonNode plain =
                    load(other, token, "", dump(source, sourceToken, "&secrets=plain"))
                            .expect(200)
                            .json();
            assertThat(plain.at("/counts/users/created").asInt()).as(plain.toString()).isEqualTo(2);
            other.client.token("ops", "ops-passw0rd-1");
        }
    }

    @Test
    void plainSecretsNeedStarAndDumpsNeedManageSystem() {
        String ops = source.client.token("ops", "ops-passw0rd-1");
        assertThat(source.client.get("/api/v2/dumpdata?output-data=1&secrets=plain", ops).status())
                .isEqualTo(403);
        assertThat(dump(source, ops, "")).contains("$sluice-sealed$");
        source.client
                .post(
                        "/api/v2/admins",
                        sourceToken,
                        """
                        {"username": "viewer", "status": 1, "password": "viewer-passw0rd-1",
                         "permissions": ["view_users"]}""")
                .expect(201);
        String viewer = source.client.token("viewer", "viewer-passw0rd-1");
        assertThat(source.client.get("/api/v2/dumpdata?output-data=1", viewer).status())
                .isEqualTo(403);
        assertThat(load(source, viewer, "", "{}").status()).isEqualTo(403);
        assertThat(source.client.get("/api/v2/loaddata?input-file=x.json", viewer).status())
                .isEqualTo(403);
        assertThat(source.client.get("/api/v2/dumpdata?output-data=1", null).status())
                .isEqualTo(401);
    }

    @Test
    void aDumpCannotGrantWhatTheRestoringAdminDoesNotHold() {
        load(target, targetToken, "", dump(source, sourceToken, "")).expect(200);
        String ops = target.client.token("ops", "ops-passw0rd-1");
        String dump =
                """
                {"admins": [{"username": "root2", "status": 1, "password": "root2-passw0rd-1", "permissions": ["*"]}],
                 "api_keys": [{"id": "KeyForRoot2xxxxxxxxxxx", "name": "k", "scope": 1, "admin": "admin",
                   "key": "sha256:0000000000000000000000000000000000000000000000000000000000000000"}],
                 "version": 17}""";
        JsonNode answer = load(target, ops, "", dump).expect(200).json();
        assertThat(answer.at("/counts/admins/skipped").asInt()).isEqualTo(1);
        assertThat(answer.at("/counts/api_keys/skipped").asInt()).isEqualTo(1);
        assertThat(answer.path("notes").toString()).contains("permissions you do not hold");
        assertThat(target.client.get("/api/v2/admins/root2", targetToken).status()).isEqualTo(404);
        assertThat(
                        target.client
                                .get("/api/v2/apikeys/KeyForRoot2xxxxxxxxxxx", targetToken)
                                .status())
                .isEqualTo(404);

        // manage_system alone reaches no further than the API would: no user is created, no
        // retention scheduled, and an API key may not restore at all.
        target.client
                .post(
                        "/api/v2/admins",
                        targetToken,
                        """
                        {"username": "restorer", "status": 1, "password": "restorer-passw0rd",
                         "permissions": ["manage_system"], "filters": {"allow_api_key_auth": true}}""")
                .expect(201);
        String restorer = target.client.token("restorer", "restorer-passw0rd");
        JsonNode limited =
                load(
                                target,
                                restorer,
                                "",
                                """
                                {"users": [{"username": "sneaky", "status": 1, "password": "sneaky-passw0rd",
                                   "permissions": {"/": ["*"]}}],
                                 "retention_policies": [{"name": "wipe", "folders": [{"path": "/", "retention": 1}],
                                   "covers": {"all_users": true}, "schedule": "rate(1 hour)"}]}""")
                        .expect(200)
                        .json();
        assertThat(limited.at("/counts/users/skipped").asInt()).isEqualTo(1);
        assertThat(limited.at("/counts/retention_policies/skipped").asInt()).isEqualTo(1);
        assertThat(limited.path("notes").toString())
                .contains("\\\"add_users\\\"")
                .contains("\\\"retention_checks\\\"");
        assertThat(target.client.get("/api/v2/users/sneaky", targetToken).status()).isEqualTo(404);
        String key =
                target.client
                        .post(
                                "/api/v2/apikeys",
                                targetToken,
                                "{\"name\": \"restorer key\", \"scope\": 1, \"admin\": \"restorer\"}")
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
        var viaKey = target.client.send("POST", "/api/v2/loaddata", ApiClient.apiKey(key), "{}");
        assertThat(viaKey.status()).isEqualTo(403);
        assertThat(viaKey.body()).contains("not an API key");
    }

    @Test
    void aLoginSinceTheDumpIsNotUndoneBySendingItAgain() {
        // bcrypt of "auditor-Bcrypt-pw3", as SFTPGo wrote it (shared/src/test/resources/backup).
        String dump =
                """
                {"admins": [{"username": "legacy", "status": 1, "password": "%s",
                   "permissions": ["view_users"]}], "version": 17}"""
                        .formatted("$2a$10$Bs/oa0aTnxU0Pn75pZaW7.1HyvIOJNipbNwPjs50tk3A00vSopsWO");
        assertThat(
                        load(target, targetToken, "", dump)
                                .expect(200)
                                .json()
                                .at("/counts/admins/created")
                                .asInt())
                .isEqualTo(1);
        // The login replaces the bcrypt hash with argon2id.
        target.client.token("legacy", "auditor-Bcrypt-pw3");
        JsonNode again = load(target, targetToken, "", dump).expect(200).json();
        assertThat(again.at("/counts/admins/unchanged").asInt()).as(again.toString()).isEqualTo(1);
        target.client.token("legacy", "auditor-Bcrypt-pw3");
    }

    @Test
    void hostileOptionsNamesAndBodiesAre400sWithTheirReason() {
        assertThat(load(target, targetToken, "?mode=7", "{}").body())
                .contains("\"field\":\"mode\"");
        assertThat(load(target, targetToken, "?scan-quota=x", "{}").status()).isEqualTo(400);
        assertThat(load(target, targetToken, "", "[1, 2]").body())
                .contains("must be a JSON object");
        assertThat(load(target, targetToken, "", "{\"users\": {}}").body())
                .contains("\"field\":\"users\"");
        assertThat(load(target, targetToken, "", "{\"users\": [").status()).isEqualTo(400);
        for (String name :
                List.of("../users/alice/x", "a/b", ".hidden", "%2e%2e", "x".repeat(300))) {
            assertThat(
                            target.client
                                    .get("/api/v2/loaddata?input-file=" + name, targetToken)
                                    .status())
                    .as(name)
                    .isEqualTo(400);
            assertThat(
                            target.client
                                    .get("/api/v2/dumpdata?output-file=" + name, targetToken)
                                    .status())
                    .as(name)
                    .isEqualTo(400);
        }
        assertThat(
                        target.client
                                .get("/api/v2/loaddata?input-file=missing.json", targetToken)
                                .status())
                .isEqualTo(404);
        assertThat(target.client.get("/api/v2/dumpdata", targetToken).body())
                .contains("output-file");
        // An object that is not one, or of a storage Sluice cannot serve, is skipped, not a 500.
        JsonNode answer =
                load(
                                target,
                                targetToken,
                                "",
                                """
                                {"users": [17, {"username": "gcs-user", "status": 1, "password": "gcs-passw0rd-1",
                                   "permissions": {"/": ["*"]}, "filesystem": {"provider": 2}},
                                  {"username": "weird-hash", "status": 1, "password": "$9$not-a-hash",
                                   "permissions": {"/": ["*"]}}]}""")
                        .expect(200)
                        .json();
        assertThat(answer.at("/counts/users/skipped").asInt()).isEqualTo(3);
        assertThat(answer.path("notes").toString())
                .contains("Google Cloud Storage")
                .contains("cannot be verified");
    }

    @Test
    void modesAndQuotaScans() {
        String dump = dump(source, sourceToken, "");
        load(target, targetToken, "", dump).expect(200);
        target.client.put("/api/v2/users/alice", targetToken, alice("changed here")).expect(200);
        ConnectionStore connections = new ConnectionStore(aws.dynamoDb(), target.tables);
        long now = System.currentTimeMillis();
        connections.put(
                new Connection(
                        "conn-1", "alice", "SFTP", "192.0.2.1", "test", "node", now, now, false),
                Duration.ofMinutes(5));

        JsonNode addOnly = load(target, targetToken, "?mode=1", dump).expect(200).json();
        assertThat(addOnly.at("/counts/users/kept").asInt()).isEqualTo(2);
        assertThat(
                        target.client
                                .get("/api/v2/users/alice", targetToken)
                                .json()
                                .path("description")
                                .asText())
                .isEqualTo("changed here");

        scans.clear();
        JsonNode disconnect =
                load(target, targetToken, "?mode=2&scan-quota=2", dump).expect(200).json();
        assertThat(disconnect.at("/counts/users/updated").asInt()).isEqualTo(1);
        assertThat(
                        target.client
                                .get("/api/v2/users/alice", targetToken)
                                .json()
                                .path("description")
                                .asText())
                .isEqualTo("first");
        assertThat(connections.liveFor("alice", now))
                .singleElement()
                .satisfies(c -> assertThat(c.closeRequested()).isTrue());
        // scan-quota=2: alice has a quota, bob has none; the folder is scanned (SFTPGo scans
        // restored folders for any scan-quota but 0).
        assertThat(scans).hasSize(2);
        assertThat(
                        target
                                .context
                                .quotaScans()
                                .running(dev.sluice.quota.QuotaScope.Owner.FOLDER)
                                .stream()
                                .map(dev.sluice.jobs.JobRun::subject))
                .containsExactly("shared-docs");
        scans.clear();
        // scan_quota=1: bob too (alice's and the folder's scans, queued above and never run here,
        // still hold them).
        load(target, targetToken, "?scan_quota=1", dump).expect(200);
        assertThat(scans).hasSize(1);
        assertThat(
                        target
                                .context
                                .quotaScans()
                                .running(dev.sluice.quota.QuotaScope.Owner.USER)
                                .stream()
                                .map(dev.sluice.jobs.JobRun::subject))
                .containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void aRestoreCutShortIsFinishedBySendingTheDumpAgain() {
        StringBuilder users = new StringBuilder();
        String hash =
                Json.read(dump(source, sourceToken, "&secrets=plain"), JsonNode.class)
                        .path("users")
                        .get(0)
                        .path("password")
                        .asText();
        for (int i = 0; i < 60; i++) {
            users.append(i == 0 ? "" : ",")
                    .append(
                            """
                            {"username": "bulk-%d", "status": 1, "password": "%s", "permissions": {"/": ["*"]}}"""
                                    .formatted(i, hash));
        }
        byte[] dump =
                ("{\"users\": [" + users + "], \"version\": 17}").getBytes(StandardCharsets.UTF_8);
        Restore restore = target.context.restore();
        var actor = target.context.adminStore().find(ApiSystem.ADMIN).orElseThrow();
        // The request dies after 30 objects: 25 are checkpointed, 5 more are written.
        AtomicInteger calls = new AtomicInteger();
        Deadline crashing =
                () -> {
                    if (calls.incrementAndGet() > 30) {
                        throw new IllegalStateException("the function was killed");
                    }
                    return false;
                };
        try {
            restore.run(dump, RestoreOptions.defaults(), actor, crashing);
        } catch (IllegalStateException expected) {
            // as a timeout would
        }
        assertThat(target.client.get("/api/v2/users/bulk-29", targetToken).status()).isEqualTo(200);
        assertThat(target.client.get("/api/v2/users/bulk-30", targetToken).status()).isEqualTo(404);
        // The dead call still holds the restore for a minute: a second call now is refused, not
        // run alongside.
        assertThat(restore.run(dump, RestoreOptions.defaults(), actor, () -> false))
                .isInstanceOf(Restore.Busy.class);
        clock.advance(Duration.ofSeconds(61));
        // Sent again with little time: it goes on from its checkpoint and pauses.
        AtomicInteger budget = new AtomicInteger();
        Restore.Result paused =
                restore.run(
                        dump,
                        RestoreOptions.defaults(),
                        actor,
                        () -> budget.incrementAndGet() > 10);
        assertThat(paused).isInstanceOf(Restore.Paused.class);
        assertThat(((Restore.Paused) paused).done()).isEqualTo(35);
        Restore.Result finished = restore.run(dump, RestoreOptions.defaults(), actor, () -> false);
        assertThat(finished).isInstanceOf(Restore.Finished.class);
        var counts = ((Restore.Finished) finished).report().counts().get("users");
        assertThat(counts.created()).isEqualTo(55);
        assertThat(counts.unchanged()).isEqualTo(5);
        assertThat(target.client.get("/api/v2/users/bulk-59", targetToken).status()).isEqualTo(200);
    }

    @Test
    void largeDumpsGoThroughTheBucket() {
        // Over the 10 MiB an API call carries: padding in a section Sluice reports but skips.
        StringBuilder shares = new StringBuilder();
        String pad = "x".repeat(1000);
        for (int i = 0; i < 11_000; i++) {
            shares.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"s")
                    .append(i)
                    .append("\",\"description\":\"")
                    .append(pad)
                    .append("\"}");
        }
        String big =
                "{\"folders\": [{\"name\": \"big-folder\"}], \"shares\": ["
                        + shares
                        + "], \"version\": 17}";
        assertThat(big.length()).isGreaterThan(10 * 1024 * 1024);
        assertThat(load(target, targetToken, "", big).status()).isEqualTo(413);
        aws.s3()
                .putObject(
                        p -> p.bucket(filesBucket).key("sluice/backups/big.json"),
                        RequestBody.fromString(big));
        JsonNode answer =
                target.client
                        .get("/api/v2/loaddata?input-file=big.json", targetToken)
                        .expect(200)
                        .json();
        assertThat(answer.at("/counts/folders/created").asInt()).isEqualTo(1);
        assertThat(answer.path("notes").toString()).contains("11000 shares not restored");

        // dumpdata writes to the bucket; loaddata reads it back.
        JsonNode saved =
                source.client
                        .get("/api/v2/dumpdata?output-file=nightly.json&indent=1", sourceToken)
                        .expect(200)
                        .json();
        assertThat(saved.path("location").asText())
                .isEqualTo("s3://" + filesBucket + "/sluice/backups/nightly.json");
        assertThat(saved.path("size").asLong()).isPositive();
        target.client.get("/api/v2/loaddata?input-file=nightly.json", targetToken).expect(200);
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        List<JsonNode> out = new ArrayList<>();
        list.forEach(
                n -> {
                    if (n.path(field).asText().equals(value)) {
                        out.add(n);
                    }
                });
        assertThat(out).as(value).hasSize(1);
        return out.get(0);
    }

    @SuppressWarnings("unused")
    private static Map<String, String> none() {
        return Map.of();
    }
}
