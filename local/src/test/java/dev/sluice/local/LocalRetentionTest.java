package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's retention walk-through, on the local system: a check started over HTTP runs in the
 * local job queue, deletes what is old, and its report lands in the outbox as an {@code .eml} file;
 * a policy gets a timer and loses it when deleted.
 */
class LocalRetentionTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path data;

    record Reply(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    static Reply call(String method, URI uri, String auth, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .header("Authorization", auth)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r =
                HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    @Test
    void aCheckDeletesOldFilesAndItsReportLandsInTheOutbox() throws Exception {
        try (LocalSystem system =
                LocalSystem.start(
                        new LocalConfig(
                                Optional.of(data), InetAddress.getLoopbackAddress(), 0, 0))) {
            URI api = system.apiUri();
            String basic =
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (system.adminUsername()
                                                            + ":"
                                                            + system.newAdminPassword()
                                                                    .orElseThrow())
                                                    .getBytes(StandardCharsets.UTF_8));
            String token =
                    "Bearer "
                            + call("GET", api.resolve("/api/v2/token"), basic, null)
                                    .json()
                                    .path("access_token")
                                    .asText();
            assertThat(
                            call(
                                            "POST",
                                            api.resolve("/api/v2/users"),
                                            token,
                                            "{\"username\": \"lena\", \"password\": \"lena-passw0rd\", \"permissions\": {\"/\": [\"*\"]}}")
                                    .status())
                    .isEqualTo(201);
            var s3 = LocalSystemTest.s3(system);
            for (String key : List.of("logs/old.log", "logs/new.log", "keep/old.log")) {
                s3.putObject(
                        b -> b.bucket(LocalConfig.BUCKET).key("users/lena/" + key),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("twelve bytes"));
            }
            // The filesystem store reports a file's modification time as its S3 last-modified.
            Path bucket = data.resolve("s3").resolve(LocalConfig.BUCKET);
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
            Files.setLastModifiedTime(bucket.resolve("users/lena/logs/old.log"), old);
            Files.setLastModifiedTime(bucket.resolve("users/lena/keep/old.log"), old);

            Reply started =
                    call(
                            "POST",
                            api.resolve("/api/v2/retention/users/lena/check?notifications=Email"),
                            token,
                            "[{\"path\": \"/logs\", \"retention\": 24}]");
            assertThat(started.status()).as(started.body()).isEqualTo(202);

            Path outbox = data.resolve("outbox");
            Optional<Path> eml = Optional.empty();
            for (int i = 0; i < 120 && eml.isEmpty(); i++) {
                Thread.sleep(250);
                if (Files.isDirectory(outbox)) {
                    try (Stream<Path> files = Files.list(outbox)) {
                        eml =
                                files.filter(p -> p.toString().endsWith(".eml"))
                                        .filter(p -> read(p).contains("lena"))
                                        .findFirst();
                    }
                }
            }
            assertThat(eml).as("a report in " + outbox).isPresent();
            String mail = read(eml.get());
            assertThat(mail)
                    .contains("To: admin@sluice.localhost")
                    .contains("multipart/alternative")
                    .contains("text/plain")
                    .contains("text/html");
            assertThat(
                            s3
                                    .listObjectsV2(
                                            b -> b.bucket(LocalConfig.BUCKET).prefix("users/lena/"))
                                    .contents()
                                    .stream()
                                    .map(o -> o.key())
                                    .toList())
                    .containsExactlyInAnyOrder(
                            "users/lena/logs/new.log", "users/lena/keep/old.log");
            JsonNode history =
                    call("GET", api.resolve("/api/v2/retention/users/checks/history"), token, null)
                            .json();
            assertThat(history.get(0).path("status").asText()).isEqualTo("finished");
            assertThat(history.get(0).path("result").path("paths").get(0).path("deleted").asInt())
                    .isEqualTo(1);

            // A policy gets a timer; deleting it removes the timer.
            Reply policy =
                    call(
                            "POST",
                            api.resolve("/api/v2/retention/policies"),
                            token,
                            """
                    {"name": "hourly", "folders": [{"path": "/logs", "retention": 24}],
                     "covers": {"all_users": true}, "schedule": "rate(1 hour)", "recipients": ["ops@sluice.localhost"]}""");
            assertThat(policy.status()).as(policy.body()).isEqualTo(201);
            assertThat(system.scheduledPolicies()).contains("hourly");
            assertThat(
                            call(
                                            "DELETE",
                                            api.resolve("/api/v2/retention/policies/hourly"),
                                            token,
                                            null)
                                    .status())
                    .isEqualTo(200);
            assertThat(system.scheduledPolicies()).doesNotContain("hourly");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
