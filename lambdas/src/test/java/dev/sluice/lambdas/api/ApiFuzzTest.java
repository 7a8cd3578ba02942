package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation of the OpenAPI document, sent hostile path parameters, query parameters,
 * credentials and bodies (seeded, so a failure reproduces): none may answer 5xx. Bad input is a 4xx
 * with a message, never a server error, on every route (issue 10).
 */
@ExtendWith(AwsFixture.class)
class ApiFuzzTest {

    static final long SEED = 20261202L;

    /** Names that reach deep code paths: they exist. */
    static final String USER = "fuzz-user";

    static final String FOLDER = "fuzz-folder";

    private static ApiSystem api;
    private static String token;
    private static String apiKey;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        // Queues that accept: a valid request that starts work must answer 2xx, not 503. The
        // defender scores the fuzz's bad credentials but never bans loopback: a ban would answer
        // every later request with 403 before it reached the code under fuzz.
        api =
                ApiSystem.start(
                        aws,
                        java.time.Clock.systemUTC(),
                        ApiSystem.BUCKET,
                        ApiSystem.acceptingJobs(),
                        dev.sluice.jobs.JobSettings.defaults(),
                        dev.sluice.backup.BackupFiles.unavailable(),
                        b ->
                                b.defender(
                                        dev.sluice.defender.DefenderSettings.defaults()
                                                .with(d -> d.threshold(10_000))),
                        null);
        token = api.adminToken();
        api.client
                .post(
                        "/api/v2/users",
                        token,
                        """
            {"username": "%s", "password": "fuzz-password-1", "permissions": {"/": ["*"]}, "quota_size": 1000}"""
                                .formatted(USER))
                .expect(201);
        api.client.post("/api/v2/folders", token, "{\"name\": \"" + FOLDER + "\"}").expect(201);
        api.client
                .put(
                        "/api/v2/admins/" + ApiSystem.ADMIN,
                        token,
                        "{\"status\": 1, \"permissions\": [\"*\"], \"filters\": {\"allow_api_key_auth\": true}}")
                .expect(200);
        apiKey =
                api.client
                        .post(
                                "/api/v2/apikeys",
                                token,
                                "{\"name\": \"fuzz\", \"scope\": 1, \"admin\": \"admin\"}")
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static final List<String> HOSTILE_SEGMENTS =
            List.of(
                    "",
                    "a".repeat(3000),
                    "\u00e9".repeat(1500),
                    "%00",
                    "..",
                    "%2e%2e",
                    "a%2Fb",
                    "%2F",
                    "%E2%80%AE",
                    "x%20y",
                    "\ud83d\udca5".repeat(600),
                    "null",
                    "-1",
                    "'%20OR%201=1",
                    "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D",
                    "%FF%FE",
                    "%C0%AF",
                    "~",
                    ".",
                    "a.",
                    "%0A",
                    USER,
                    FOLDER,
                    ApiSystem.ADMIN,
                    "SFTP_0123456789abcdef",
                    "x".repeat(256));

    static final List<String> HOSTILE_QUERIES =
            List.of(
                    "",
                    "?offset=-1",
                    "?offset=2147483647",
                    "?offset=99999999999",
                    "?limit=0",
                    "?limit=abc",
                    "?limit=2147483647&offset=2147483647",
                    "?order=sideways",
                    "?order=DESC&limit=500",
                    "?mode=add",
                    "?mode=reset",
                    "?mode=" + "m".repeat(5000),
                    "?offset=%00",
                    "?offset=1e3",
                    "?offset=0x10");

    static final List<String> FIELDS =
            List.of(
                    "username",
                    "name",
                    "password",
                    "status",
                    "permissions",
                    "filters",
                    "filesystem",
                    "s3config",
                    "provider",
                    "bucket",
                    "key_prefix",
                    "virtual_folders",
                    "virtual_path",
                    "quota_size",
                    "quota_files",
                    "used_quota_size",
                    "used_quota_files",
                    "public_keys",
                    "allow_list",
                    "allowed_ip",
                    "denied_ip",
                    "scope",
                    "admin",
                    "user",
                    "expires_at",
                    "expiration_date",
                    "max_sessions",
                    "access_secret",
                    "payload",
                    "file_patterns",
                    "path",
                    "denied_patterns",
                    "description",
                    "email",
                    "id",
                    "home_dir",
                    "mapped_path",
                    "upload_bandwidth",
                    "allow_api_key_auth",
                    "denied_login_methods",
                    "denied_protocols",
                    "max_upload_file_size");

    @Test
    void noOperationAnswersAServerError() {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String operation : OpenApiDocumentTestOperations.all()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            int variants = template.contains("{") ? 45 : 20;
            for (int i = 0; i < variants; i++) {
                String path =
                        fill(template, random)
                                + HOSTILE_QUERIES.get(random.nextInt(HOSTILE_QUERIES.size()));
                Map<String, String> headers = credentials(random);
                String body = null;
                if (method.equals("POST") || method.equals("PUT") || random.nextInt(10) == 0) {
                    body = body(random);
                    headers.put(
                            "Content-Type",
                            random.nextInt(12) == 0 ? "text/plain" : "application/json");
                }
                ApiClient.Reply reply = api.client.raw(method, path, headers, body);
                sent++;
                if (reply.status() >= 500) {
                    failures.add(
                            reply.status()
                                    + " "
                                    + method
                                    + " "
                                    + abbreviate(path)
                                    + " body "
                                    + abbreviate(body)
                                    + " -> "
                                    + abbreviate(reply.body()));
                }
            }
        }
        assertThat(sent).isGreaterThan(700);
        assertThat(failures).as("5xx answers (seed %d)", SEED).isEmpty();
        // The installation still works afterwards (a fresh token: the fuzz logged the first one
        // out).
        token = api.adminToken();
        api.client.get("/api/v2/users?limit=500", token).expect(200);
        api.client.get("/api/v2/admins?limit=500", token).expect(200);
        api.client.get("/api/v2/folders?limit=500", token).expect(200);
    }

    private static String fill(String template, Random random) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                return out.append(template.substring(at)).toString();
            }
            int close = template.indexOf('}', open);
            out.append(template, at, open);
            String value = HOSTILE_SEGMENTS.get(random.nextInt(HOSTILE_SEGMENTS.size()));
            out.append(
                    value.chars().allMatch(c -> c < 0x80)
                            ? value
                            : URLEncoder.encode(value, StandardCharsets.UTF_8));
            at = close + 1;
        }
    }

    private static Map<String, String> credentials(Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(12)) {
            case 0 -> {}
            case 1 -> headers.put("Authorization", "Bearer " + "x".repeat(random.nextInt(5000)));
            case 2 ->
                    headers.put(
                            "Authorization",
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString(
                                                    ("u".repeat(3000)
                                                                    + ":"
                                                                    + "p"
                                                                            .repeat(
                                                                                    random.nextInt(
                                                                                            3000)))
                                                            .getBytes(StandardCharsets.UTF_8)));
            case 3 -> headers.put("Authorization", "Basic %%%not-base64");
            case 4 -> headers.put("X-SFTPGO-API-KEY", "k".repeat(3000) + "." + "s".repeat(3000));
            case 5 -> headers.put("X-SFTPGO-API-KEY", apiKey + "." + "n".repeat(3000));
            case 6 -> headers.put("X-SFTPGO-API-KEY", apiKey);
            default -> headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    /** A JSON document built from the API's own field names with values of every type and size. */
    static String body(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "{\"username\": ";
            case 1 -> "[" + "[".repeat(random.nextInt(100)) + "]";
            case 2 -> value(random, 0);
            default -> object(random, 0);
        };
    }

    private static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            String field =
                    random.nextInt(10) == 0 ? "/" : FIELDS.get(random.nextInt(FIELDS.size()));
            out.append('"').append(field).append("\":").append(value(random, depth + 1));
        }
        return out.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 9 : 12)) {
            case 0 -> "9223372036854775807";
            case 1 -> "-9223372036854775808";
            case 2 -> "1e308";
            case 3 -> "99999999999999999999999999999";
            case 4 -> "\"" + "z".repeat(random.nextInt(3000)) + "\"";
            case 5 ->
                    "\""
                            + HOSTILE_SEGMENTS
                                    .get(random.nextInt(HOSTILE_SEGMENTS.size()))
                                    .replace("\\", "")
                            + "\"";
            case 6 -> random.nextBoolean() ? "true" : "null";
            case 7 -> Integer.toString(random.nextInt(5) - 1);
            case 8 ->
                    "\""
                            + List.of(
                                            "*",
                                            "/",
                                            "/in",
                                            "10.0.0.0/08",
                                            "0.0.0.0/0",
                                            "ssh-ed25519 AAAA",
                                            "Plain",
                                            "Redacted",
                                            "admin",
                                            USER,
                                            FOLDER)
                                    .get(random.nextInt(11))
                            + "\"";
            case 9 -> object(random, depth);
            case 10 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            default ->
                    "{\"/\": [\"*\"], \"status\": \"Plain\", \"payload\": "
                            + value(random, depth + 1)
                            + "}";
        };
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "-";
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The operations of the OpenAPI document ("GET /api/v2/users/{username}"). */
    static final class OpenApiDocumentTestOperations {
        static List<String> all() {
            try {
                return List.copyOf(OpenApiDocumentTest.documentOperations());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
