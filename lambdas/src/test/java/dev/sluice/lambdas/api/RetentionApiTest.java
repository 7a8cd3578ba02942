package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobSettings;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.mail.EmailAddress;
import dev.sluice.mail.SesMailer;
import dev.sluice.quota.Quotas;
import dev.sluice.retention.MailedRetentionReports;
import dev.sluice.retention.PolicyRun;
import dev.sluice.retention.PolicySchedules;
import dev.sluice.retention.RetentionCheck;
import dev.sluice.retention.RetentionJob;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.retention.RetentionPolicyStore;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Retention checks and policies through the HTTP API, with the retention job run from the queue the
 * API sends to: what a check deletes, the 409 of a second check, the mailed report, the policies'
 * schedules, and the callers and inputs that must be refused.
 */
@ExtendWith(AwsFixture.class)
class RetentionApiTest {

    static final String SENDER = "reports@retention-test.example.com";

    /** Holds messages until a test lets the job take them (so a check can be "running"). */
    static final class HeldQueue implements WorkQueue {
        final ConcurrentLinkedQueue<JobMessage> messages = new ConcurrentLinkedQueue<>();
        RetentionJob job;

        @Override
        public void send(JobMessage message) {
            messages.add(message);
        }

        void drain() {
            JobMessage next;
            while ((next = messages.poll()) != null) {
                job.handle(next, Deadline.in(60_000));
            }
        }
    }

    /** The scheduler: records what it was asked, refuses on demand. */
    static final class RecordingSchedules implements PolicySchedules {
        final List<String> calls = new ArrayList<>();
        volatile boolean refuse;

        @Override
        public synchronized void put(RetentionPolicy policy) {
            if (refuse) {
                throw new ScheduleException("ValidationException: refused by the test", null);
            }
            calls.add("put " + policy.name() + " " + policy.schedule() + " " + policy.timezone());
        }

        @Override
        public synchronized void delete(String policyName) {
            calls.add("delete " + policyName);
        }
    }

    static AwsEnvironment aws;
    static ApiSystem api;
    static String token;
    static String bucket;
    static HeldQueue queue = new HeldQueue();
    static RecordingSchedules schedules = new RecordingSchedules();

    @BeforeAll
    static void start(AwsEnvironment env) {
        aws = env;
        bucket = env.uniqueName("retention-api");
        env.s3().createBucket(b -> b.bucket(bucket));
        env.verifySender(SENDER);
        // "Later": every file written now is 48 hours old for the API and the job.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(48));
        api =
                ApiSystem.start(
                        env,
                        later,
                        bucket,
                        new ApiContext.ApiJobs(queue, message -> {}, schedules),
                        JobSettings.defaults().withMailFrom(Optional.of(SENDER)));
        token = api.adminToken();
        UserStore users = new UserStore(env.dynamoDb(), api.tables);
        FolderStore folders = new FolderStore(env.dynamoDb(), api.tables);
        JobRuns runs = new JobRuns(env.dynamoDb(), api.tables, later, Duration.ofDays(35));
        RetentionJob job =
                new RetentionJob(
                        new JobRuns(env.dynamoDb(), api.tables, later, Duration.ofDays(35)),
                        new RetentionCheck(
                                users,
                                folders,
                                new S3ClientFactory(
                                        env.s3(),
                                        UrlConnectionHttpClient.create(),
                                        env.region(),
                                        Optional.empty()),
                                bucket,
                                Quotas.of(users, folders, later),
                                runs,
                                later),
                        new PolicyRun(runs, users, queue),
                        new RetentionPolicyStore(env.dynamoDb(), api.tables),
                        queue,
                        new MailedRetentionReports(
                                new SesMailer(env.ses(), later),
                                EmailAddress.parse(SENDER, "sender")),
                        later);
        queue.job = job;
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static void user(String name) {
        api.client
                .post(
                        "/api/v2/users",
                        token,
                        """
            {"username": "%s", "password": "s3cret-passw0rd", "permissions": {"/": ["*"], "/ro": ["list", "download"]}}"""
                                .formatted(name))
                .expect(201);
        for (String key : List.of("old/a.log", "old/b.log", "ro/c.log", "keep/d.log")) {
            aws.s3()
                    .putObject(
                            b -> b.bucket(bucket).key("users/" + name + "/" + key),
                            RequestBody.fromString("0123456789"));
        }
    }

    static List<String> keys(String name) {
        return aws
                .s3()
                .listObjectsV2(b -> b.bucket(bucket).prefix("users/" + name + "/"))
                .contents()
                .stream()
                .map(o -> o.key().substring(("users/" + name + "/").length()))
                .sorted()
                .toList();
    }

    static final String RULES =
            """
        [{"path": "/old", "retention": 24}, {"path": "/ro", "retention": 24}, {"path": "/keep", "retention": 0}]""";

    @Test
    void aCheckDeletesWhatItsRulesSayAndIsListedWhileItRuns() {
        user("ret-a");
        var reply =
                api.client.post("/api/v2/retention/users/ret-a/check", token, RULES).expect(202);
        assertThat(reply.message()).isEqualTo("Check started");

        JsonNode running =
                api.client.get("/api/v2/retention/users/checks", token).expect(200).json();
        assertThat(running.findValuesAsText("username")).contains("ret-a");
        JsonNode mine = find(running, "ret-a");
        assertThat(mine.path("folders").size()).isEqualTo(3);
        assertThat(mine.path("start_time").asLong()).isPositive();
        assertThat(mine.path("notifications").size()).isZero();

        // SFTPGo's 409: one check per user at a time.
        assertThat(
                        api.client
                                .post("/api/v2/retention/users/ret-a/check", token, RULES)
                                .expect(409)
                                .message())
                .contains("already in progress");

        queue.drain();

        assertThat(keys("ret-a")).containsExactly("keep/d.log", "ro/c.log");
        assertThat(
                        api.client
                                .get("/api/v2/retention/users/checks", token)
                                .expect(200)
                                .json()
                                .findValuesAsText("username"))
                .doesNotContain("ret-a");
        JsonNode history =
                api.client
                        .get("/api/v2/retention/users/checks/history?limit=50", token)
                        .expect(200)
                        .json();
        JsonNode done = find(history, "ret-a");
        assertThat(done.path("status").asText()).isEqualTo("finished");
        assertThat(done.path("end_time").asLong())
                .isGreaterThanOrEqualTo(done.path("start_time").asLong());
        JsonNode old = done.path("result").path("paths").get(1);
        assertThat(old.path("path").asText()).isEqualTo("/old");
        assertThat(old.path("deleted").asLong()).isEqualTo(2);
        assertThat(old.path("bytes").asLong()).isEqualTo(20);
        JsonNode ro = done.path("result").path("paths").get(2);
        assertThat(ro.path("denied").asLong()).as("the user may not delete in /ro").isEqualTo(1);

        // Finished: the user may be checked again.
        api.client.post("/api/v2/retention/users/ret-a/check", token, RULES).expect(202);
        queue.drain();
    }

    @Test
    void notificationsEmailMailsTheReportToTheCallingAdmin() {
        user("ret-mail");
        api.client
                .post(
                        "/api/v2/admins",
                        token,
                        """
            {"username": "ret-mailer", "password": "an0ther-passw0rd", "status": 1, "email": "ret-mailer@example.com",
             "permissions": ["retention_checks"]}""")
                .expect(201);
        String mailer = api.client.token("ret-mailer", "an0ther-passw0rd");
        api.client
                .post("/api/v2/retention/users/ret-mail/check?notifications=Email", mailer, RULES)
                .expect(202);
        queue.drain();

        var mails = aws.sentEmailsTo("ret-mailer@example.com");
        assertThat(mails).hasSize(1);
        var mail = mails.get(0);
        assertThat(mail.from()).contains(SENDER);
        assertThat(mail.subject()).contains("ret-mail").contains("2 files deleted");
        assertThat(mail.text()).contains("/old").contains("20");
        assertThat(mail.html()).contains("<table").contains("/old");
    }

    @Test
    void refusedCallersAndInputs() {
        user("ret-x");
        api.client
                .post(
                        "/api/v2/admins",
                        token,
                        """
            {"username": "ret-viewer", "password": "an0ther-passw0rd", "status": 1,
             "permissions": ["view_users", "quota_scans"]}""")
                .expect(201);
        String viewer = api.client.token("ret-viewer", "an0ther-passw0rd");
        api.client.post("/api/v2/retention/users/ret-x/check", viewer, RULES).expect(403);
        api.client.get("/api/v2/retention/users/checks", viewer).expect(403);
        api.client.get("/api/v2/retention/policies", viewer).expect(403);
        api.client.post("/api/v2/retention/users/ret-x/check", null, RULES).expect(401);

        api.client.post("/api/v2/retention/users/nobody/check", token, RULES).expect(404);
        // The first admin has no e-mail address: say how to add one.
        assertThat(
                        api.client
                                .post(
                                        "/api/v2/retention/users/ret-x/check?notifications=Email",
                                        token,
                                        RULES)
                                .expect(400)
                                .message())
                .contains("has none");
        assertThat(
                        api.client
                                .post(
                                        "/api/v2/retention/users/ret-x/check?notifications=Hook",
                                        token,
                                        RULES)
                                .expect(400)
                                .body())
                .contains("notifications");
        for (String bad :
                List.of(
                        "[]",
                        "{}",
                        "[{\"path\": \"../etc\", \"retention\": 1}]",
                        "[{\"path\": \"/a\", \"retention\": -1}]",
                        "[{\"path\": \"/a\", \"retention\": 1}, {\"path\": \"/a/\", \"retention\": 2}]",
                        "[{\"path\": \"/a\", \"retention\": 99999999999}]",
                        "[{\"path\": \"/" + "x".repeat(10_000) + "\", \"retention\": 1}]",
                        "not json")) {
            int status =
                    api.client.post("/api/v2/retention/users/ret-x/check", token, bad).status();
            assertThat(status).as(bad.length() > 80 ? bad.substring(0, 80) : bad).isEqualTo(400);
        }
        assertThat(api.client.get("/api/v2/retention/users/checks/history?limit=0", token).status())
                .isEqualTo(400);
        assertThat(keys("ret-x")).hasSize(4);
        assertThat(queue.messages).isEmpty();
    }

    static final String POLICY =
            """
        {"name": "nightly", "folders": [{"path": "/old", "retention": 24}], "covers": {"usernames": ["ret-p1", "ret-p2", "ret-ghost"]},
         "schedule": "cron(0 3 * * ? *)", "timezone": "Europe/Berlin", "recipients": ["ops@example.com"]}""";

    @Test
    void policiesKeepTheirSchedulesAndRunEveryCoveredUser() {
        user("ret-p1");
        user("ret-p2");
        var created = api.client.post("/api/v2/retention/policies", token, POLICY).expect(201);
        assertThat(created.json().path("created_at").asLong()).isPositive();
        assertThat(schedules.calls).contains("put nightly cron(0 3 * * ? *) Europe/Berlin");
        api.client.post("/api/v2/retention/policies", token, POLICY).expect(409);

        api.client.post("/api/v2/retention/policies/nightly/run", token, "").expect(202);
        queue.drain();
        assertThat(keys("ret-p1")).containsExactly("keep/d.log", "ro/c.log");
        assertThat(keys("ret-p2")).containsExactly("keep/d.log", "ro/c.log");
        var report = aws.sentEmailsTo("ops@example.com");
        assertThat(report).hasSize(1);
        assertThat(report.get(0).subject()).contains("nightly");
        assertThat(report.get(0).text()).contains("ret-p1").contains("ret-p2");

        String changed = POLICY.replace("cron(0 3 * * ? *)", "rate(6 hours)");
        api.client.put("/api/v2/retention/policies/nightly", token, changed).expect(200);
        assertThat(schedules.calls).contains("put nightly rate(6 hours) Europe/Berlin");
        assertThat(
                        api.client
                                .get("/api/v2/retention/policies/nightly", token)
                                .expect(200)
                                .json()
                                .path("schedule")
                                .asText())
                .isEqualTo("rate(6 hours)");

        // A schedule the scheduler refuses changes nothing.
        schedules.refuse = true;
        api.client.put("/api/v2/retention/policies/nightly", token, POLICY).expect(503);
        api.client
                .post("/api/v2/retention/policies", token, POLICY.replace("nightly", "weekly"))
                .expect(503);
        schedules.refuse = false;
        assertThat(
                        api.client
                                .get("/api/v2/retention/policies/nightly", token)
                                .expect(200)
                                .json()
                                .path("schedule")
                                .asText())
                .isEqualTo("rate(6 hours)");
        api.client.get("/api/v2/retention/policies/weekly", token).expect(404);

        api.client.delete("/api/v2/retention/policies/nightly", token).expect(200);
        assertThat(schedules.calls).contains("delete nightly");
        api.client.get("/api/v2/retention/policies/nightly", token).expect(404);
        api.client.delete("/api/v2/retention/policies/nightly", token).expect(404);
    }

    @Test
    void badPoliciesNameEveryWrongField() {
        String bad =
                """
            {"name": "no spaces allowed", "folders": [{"path": "..", "retention": -3}],
             "covers": {"usernames": ["a"], "all_users": true}, "schedule": "cron(0 3 * * * *)",
             "timezone": "Mars/Olympus", "recipients": ["ops@example.com\\r\\nBcc: x@evil.example"]}""";
        JsonNode errors =
                api.client
                        .post("/api/v2/retention/policies", token, bad)
                        .expect(400)
                        .json()
                        .path("errors");
        assertThat(errors.findValuesAsText("field"))
                .contains("name", "covers", "schedule", "timezone")
                .anyMatch(f -> f.startsWith("folders"))
                .anyMatch(f -> f.startsWith("recipients"));
        api.client
                .post(
                        "/api/v2/retention/policies",
                        token,
                        POLICY.replace("cron(0 3 * * ? *)", "rate(0 minutes)"))
                .expect(400);
        api.client.get("/api/v2/retention/policies/" + "n".repeat(5000), token).expect(400);
        assertThat(schedules.calls).noneMatch(c -> c.contains("no spaces"));
    }

    static JsonNode find(JsonNode list, String username) {
        for (JsonNode n : list) {
            if (n.path("username").asText().equals(username)) {
                return n;
            }
        }
        throw new AssertionError(username + " not in " + list);
    }
}
