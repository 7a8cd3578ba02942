package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.dynamo.Tables;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Users, folders and quota usage through the HTTP API. */
@ExtendWith(AwsFixture.class)
class UsersApiTest {

    private static ApiSystem api;
    private static String token;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws);
        token = api.adminToken();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String user(String name) {
        return """
            {"username": "%s", "status": 1, "password": "s3cret-passw0rd", "email": "%s@example.com", "quota_size": 1048576,
             "permissions": {"/": ["list", "download"], "/in": ["*"]},
             "filters": {"allowed_ip": ["192.0.2.0/24"], "allow_api_key_auth": true},
             "filesystem": {"provider": 1, "s3config": {"bucket": "customer-bucket", "region": "eu-west-1",
                 "key_prefix": "%s/", "access_key": "AKIAEXAMPLE", "access_secret": {"status": "Plain", "payload": "TOPSECRET"}}}}
            """
                .formatted(name, name, name);
    }

    @Test
    void anEmptySecretObjectAsSftpgoWritesItMeansNoSecret() {
        // SFTPGo writes an unset secret as {} and its clients send it back.
        var created =
                api.client.post(
                        "/api/v2/users",
                        token,
                        """
                        {"username": "empty-secret", "status": 1, "password": "s3cret-passw0rd",
                         "permissions": {"/": ["*"]},
                         "filesystem": {"provider": 1, "s3config": {"bucket": "customer-bucket",
                           "region": "eu-west-1", "key_prefix": "x/", "access_secret": {}}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("access_secret");
        var statusless =
                api.client.post(
                        "/api/v2/users",
                        token,
                        """
                        {"username": "statusless-secret", "status": 1, "password": "s3cret-passw0rd",
                         "permissions": {"/": ["*"]},
                         "filesystem": {"provider": 1, "s3config": {"bucket": "customer-bucket",
                           "region": "eu-west-1", "key_prefix": "x/", "access_key": "AKIAEXAMPLE",
                           "access_secret": {"payload": "TOPSECRET"}}}}""");
        assertThat(statusless.status()).isEqualTo(400);
        assertThat(statusless.body()).contains("access_secret.status").doesNotContain("TOPSECRET");
    }

    @Test
    void createGetUpdateDelete() {
        var created = api.client.post("/api/v2/users", token, user("crud-a")).expect(201);
        assertThat(created.headers().get("location")).isEqualTo("/api/v2/users/crud-a");
        JsonNode body = created.json();
        assertThat(body.path("username").asText()).isEqualTo("crud-a");
        assertThat(body.has("password")).isFalse();
        assertThat(body.path("has_password").asBoolean()).isTrue();
        assertThat(body.path("created_at").asLong()).isPositive();
        assertThat(created.body())
                .doesNotContain("TOPSECRET")
                .doesNotContain("s3cret-passw0rd")
                .contains("\"access_secret\":{\"status\":\"Redacted\"");

        var fetched = api.client.get("/api/v2/users/crud-a", token).expect(200).json();
        assertThat(fetched.path("permissions").path("/in").get(0).asText()).isEqualTo("*");
        assertThat(fetched.path("filesystem").path("s3config").path("key_prefix").asText())
                .isEqualTo("crud-a/");

        // Update keeping password and secret (empty password, Redacted secret), changing the quota.
        String update =
                """
            {"username": "crud-a", "quota_size": 2048, "permissions": {"/": ["*"]},
             "filesystem": {"provider": 1, "s3config": {"bucket": "customer-bucket", "access_key": "AKIAEXAMPLE",
                 "access_secret": {"status": "Redacted"}}}}""";
        assertThat(api.client.put("/api/v2/users/crud-a", token, update).expect(200).message())
                .isEqualTo("User updated");
        var after = api.client.get("/api/v2/users/crud-a", token).expect(200).json();
        assertThat(after.path("quota_size").asLong()).isEqualTo(2048);
        assertThat(after.path("has_password").asBoolean()).isTrue();
        assertThat(after.path("created_at").asLong())
                .isEqualTo(fetched.path("created_at").asLong());
        String stored =
                api.context
                        .userStore()
                        .find("crud-a")
                        .orElseThrow()
                        .filesystem()
                        .s3config()
                        .accessSecret()
                        .payload();
        assertThat(stored).isNotBlank().doesNotContain("TOPSECRET");

        assertThat(api.client.delete("/api/v2/users/crud-a", token).expect(200).message())
                .isEqualTo("User deleted");
        api.client.get("/api/v2/users/crud-a", token).expect(404);
    }

    @Test
    void storedPasswordIsAnArgon2HashAndImportedHashesAreKept() {
        api.client.post("/api/v2/users", token, user("hash-a")).expect(201);
        assertThat(api.context.userStore().find("hash-a").orElseThrow().password())
                .startsWith("$argon2id$");
        String bcrypt = "$2b$05$TGWEVW/pxlnutujLIEODsOL7M0wTqkqeS/smI2UEq5pv8CvnXUguG";
        api.client
                .post(
                        "/api/v2/users",
                        token,
                        """
            {"username": "hash-b", "password": "%s", "permissions": {"/": ["*"]}}"""
                                .formatted(bcrypt))
                .expect(201);
        assertThat(api.context.userStore().find("hash-b").orElseThrow().password())
                .isEqualTo(bcrypt);
    }

    @Test
    void notFoundAndConflict() {
        assertThat(api.client.get("/api/v2/users/nobody", token).expect(404).message())
                .isEqualTo("user \"nobody\" does not exist");
        api.client
                .put(
                        "/api/v2/users/nobody",
                        token,
                        "{\"permissions\": {\"/\": [\"*\"]}, \"password\": \"long-enough\"}")
                .expect(404);
        api.client.delete("/api/v2/users/nobody", token).expect(404);
        api.client.post("/api/v2/users", token, user("dup-a")).expect(201);
        assertThat(api.client.post("/api/v2/users", token, user("dup-a")).expect(409).message())
                .isEqualTo("user \"dup-a\" already exists");
    }

    @Test
    void badInputIsRefusedWithTheFieldAndNothingIsWritten() {
        var unknown =
                api.client
                        .post(
                                "/api/v2/users",
                                token,
                                "{\"username\": \"bad-a\", \"quota_sise\": 1}")
                        .expect(400);
        assertThat(unknown.message()).startsWith("quota_sise: unknown field");
        assertThat(unknown.json().path("errors").get(0).path("field").asText())
                .isEqualTo("quota_sise");
        var wrongType =
                api.client
                        .post(
                                "/api/v2/users",
                                token,
                                "{\"username\": \"bad-a\", \"quota_size\": \"lots\"}")
                        .expect(400);
        // Every problem at once: the type error and what the rules find in the rest of the body.
        assertThat(wrongType.message()).startsWith("quota_size: wrong type: expected an integer; ");
        assertThat(wrongType.json().path("errors").findValuesAsText("field"))
                .containsExactly("quota_size", "password", "permissions");
        var malformed = api.client.post("/api/v2/users", token, "{\"username\": ").expect(400);
        assertThat(malformed.message()).startsWith("body: malformed JSON");
        var invalid =
                api.client
                        .post(
                                "/api/v2/users",
                                token,
                                """
            {"username": "bad-a", "password": "short", "permissions": {"/": ["fly"]}}""")
                        .expect(400);
        assertThat(invalid.json().path("errors")).hasSize(2);
        var missingFolder =
                api.client
                        .post(
                                "/api/v2/users",
                                token,
                                """
            {"username": "bad-a", "password": "long-enough", "permissions": {"/": ["*"]},
             "virtual_folders": [{"name": "no-such-folder", "virtual_path": "/x"}]}""")
                        .expect(400);
        assertThat(missingFolder.message())
                .isEqualTo(
                        "virtual_folders[0].name: no such folder; create it under /api/v2/folders first (got \"no-such-folder\")");
        var media =
                api.client
                        .send(
                                "POST",
                                "/api/v2/users",
                                Map.of(
                                        "Authorization",
                                        "Bearer " + token,
                                        "Content-Type",
                                        "text/plain"),
                                user("bad-a"))
                        .expect(415);
        assertThat(media.message()).isEqualTo("send the body as application/json (got text/plain)");
        String huge =
                "{\"username\": \"bad-a\", \"description\": \"" + "x".repeat(600 * 1024) + "\"}";
        assertThat(api.client.post("/api/v2/users", token, huge).expect(413).message())
                .startsWith("the body has ")
                .endsWith("bytes; the limit is 524288");
        api.client.get("/api/v2/users/bad-a", token).expect(404);

        // A refused update leaves the stored user as it was.
        api.client.post("/api/v2/users", token, user("bad-b")).expect(201);
        api.client
                .put(
                        "/api/v2/users/bad-b",
                        token,
                        "{\"quota_size\": -5, \"permissions\": {\"/\": [\"*\"]}}")
                .expect(400);
        api.client
                .put(
                        "/api/v2/users/bad-b",
                        token,
                        "{\"username\": \"renamed\", \"permissions\": {\"/\": [\"*\"]}}")
                .expect(400);
        assertThat(
                        api.client
                                .get("/api/v2/users/bad-b", token)
                                .expect(200)
                                .json()
                                .path("quota_size")
                                .asLong())
                .isEqualTo(1048576);
    }

    @Test
    void listingPagesAndOrders() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "page-" + i;
            names.add(name);
            api.client.post("/api/v2/users", token, user(name)).expect(201);
        }
        var page =
                api.client
                        .get("/api/v2/users?offset=1&limit=2&order=ASC", token)
                        .expect(200)
                        .json();
        List<String> all = new ArrayList<>();
        api.client
                .get("/api/v2/users?limit=500", token)
                .expect(200)
                .json()
                .forEach(u -> all.add(u.path("username").asText()));
        assertThat(all).isSorted().containsAll(names);
        assertThat(page).hasSize(2);
        assertThat(page.get(0).path("username").asText()).isEqualTo(all.get(1));
        var desc = api.client.get("/api/v2/users?order=DESC&limit=1", token).expect(200).json();
        assertThat(desc.get(0).path("username").asText()).isEqualTo(all.getLast());
        assertThat(api.client.get("/api/v2/users?limit=501", token).expect(400).message())
                .isEqualTo("limit: must be between 1 and 500 (got \"501\")");
        assertThat(api.client.get("/api/v2/users?order=UP", token).expect(400).message())
                .isEqualTo("order: must be ASC or DESC (got \"UP\")");
        assertThat(api.client.get("/api/v2/users?offset=x", token).expect(400).message())
                .isEqualTo("offset: must be an integer (got \"x\")");
    }

    @Test
    void foldersAndMounts() {
        var folder =
                api.client
                        .post(
                                "/api/v2/folders",
                                token,
                                """
            {"name": "shared-docs", "description": "team", "filesystem": {"provider": 1,
              "s3config": {"bucket": "team-bucket", "key_prefix": "docs/"}}}""")
                        .expect(201)
                        .json();
        assertThat(folder.path("name").asText()).isEqualTo("shared-docs");
        api.client.post("/api/v2/folders", token, "{\"name\": \"shared-docs\"}").expect(409);
        api.client
                .post(
                        "/api/v2/users",
                        token,
                        """
            {"username": "mounts-a", "password": "long-enough", "permissions": {"/": ["*"]},
             "virtual_folders": [{"name": "shared-docs", "virtual_path": "/docs", "quota_size": -1, "quota_files": -1}]}""")
                .expect(201);
        var user = api.client.get("/api/v2/users/mounts-a", token).expect(200).json();
        assertThat(user.path("virtual_folders").get(0).path("virtual_path").asText())
                .isEqualTo("/docs");
        api.client
                .put("/api/v2/folders/shared-docs", token, "{\"description\": \"renamed team\"}")
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/folders/shared-docs", token)
                                .expect(200)
                                .json()
                                .path("description")
                                .asText())
                .isEqualTo("renamed team");
        api.client.get("/api/v2/folders?limit=10", token).expect(200);
        api.client.delete("/api/v2/folders/shared-docs", token).expect(200);
        api.client.get("/api/v2/folders/shared-docs", token).expect(404);
    }

    /**
     * Provider 1 on the installation's bucket may not point into another tenant's area (a user
     * named folders once did).
     */
    @Test
    void aMappingIntoAnotherTenantsAreaIsRefusedWithTheField() {
        var user =
                api.client
                        .post(
                                "/api/v2/users",
                                token,
                                """
            {"username": "folders", "password": "long-enough", "permissions": {"/": ["*"]},
             "filesystem": {"provider": 1, "s3config": {"bucket": "%s", "key_prefix": "folders/"}}}"""
                                        .formatted(ApiSystem.BUCKET))
                        .expect(400);
        assertThat(user.json().path("errors").get(0).path("field").asText())
                .isEqualTo("filesystem.s3config.key_prefix");
        assertThat(user.message())
                .contains("must start with the user's own area \"users/folders/\"");
        var folder =
                api.client
                        .post(
                                "/api/v2/folders",
                                token,
                                """
            {"name": "all-homes", "filesystem": {"provider": 1, "s3config": {"bucket": "%s", "key_prefix": ""}}}"""
                                        .formatted(ApiSystem.BUCKET))
                        .expect(400);
        assertThat(folder.message()).contains("\"folders/all-homes/\"");
        api.client.get("/api/v2/users/folders", token).expect(404);
        api.client.get("/api/v2/folders/all-homes", token).expect(404);
        // Provider 0 for the same name is fine: its home is users/folders/, apart from every
        // folder.
        api.client
                .post(
                        "/api/v2/users",
                        token,
                        """
            {"username": "folders", "password": "long-enough", "permissions": {"/": ["*"]}}""")
                .expect(201);
    }

    @Test
    void quotaUsageResetAndAdd() {
        api.client.post("/api/v2/users", token, user("usage-a")).expect(201);
        api.client
                .put(
                        "/api/v2/quotas/users/usage-a/usage",
                        token,
                        "{\"used_quota_size\": 500, \"used_quota_files\": 5}")
                .expect(200);
        api.client
                .put(
                        "/api/v2/quotas/users/usage-a/usage?mode=add",
                        token,
                        "{\"used_quota_size\": 100, \"used_quota_files\": 1}")
                .expect(200);
        var usage = api.client.get("/api/v2/users/usage-a", token).expect(200).json();
        assertThat(usage.path("used_quota_size").asLong()).isEqualTo(600);
        assertThat(usage.path("used_quota_files").asInt()).isEqualTo(6);
        api.client
                .put(
                        "/api/v2/quotas/users/usage-a/usage?mode=add",
                        token,
                        "{\"used_quota_size\": -1000}")
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/users/usage-a", token)
                                .expect(200)
                                .json()
                                .path("used_quota_size")
                                .asLong())
                .isZero();
        assertThat(
                        api.client
                                .put("/api/v2/quotas/users/usage-a/usage?mode=double", token, "{}")
                                .expect(400)
                                .message())
                .isEqualTo("mode: must be reset or add (got \"double\")");
        api.client
                .put("/api/v2/quotas/users/usage-a/usage", token, "{\"used_quota_size\": -1}")
                .expect(400);
        api.client
                .put("/api/v2/quotas/users/nobody/usage", token, "{\"used_quota_size\": 1}")
                .expect(404);
        api.client
                .put("/api/v2/quotas/folders/nofolder/usage", token, "{\"used_quota_size\": 1}")
                .expect(404);
    }

    @Test
    void usageArithmeticThatWouldOverflowIsRefusedAndChangesNothing() {
        api.client.post("/api/v2/users", token, user("overflow-a")).expect(201);
        String max = "{\"used_quota_size\": " + Long.MAX_VALUE + "}";
        // The attack: twice 2^63-1. The first fits exactly; the second would pass int64.
        api.client.put("/api/v2/quotas/users/overflow-a/usage?mode=add", token, max).expect(200);
        var refused =
                api.client
                        .put("/api/v2/quotas/users/overflow-a/usage?mode=add", token, max)
                        .expect(400);
        assertThat(refused.message())
                .startsWith("used_quota_size: ")
                .isEqualTo(
                        "used_quota_size: adding it would pass the counter's range, 0 to "
                                + Long.MAX_VALUE
                                + "; nothing was changed (got \""
                                + Long.MAX_VALUE
                                + "\")");
        assertThat(
                        api.client
                                .get("/api/v2/users/overflow-a", token)
                                .expect(200)
                                .json()
                                .path("used_quota_size")
                                .asLong())
                .isEqualTo(Long.MAX_VALUE);
        // Every admin can still list users, and the counter still moves within its range.
        assertThat(
                        api.client
                                .get("/api/v2/users?limit=500", token)
                                .expect(200)
                                .json()
                                .findValues("username"))
                .extracting(JsonNode::asText)
                .contains("overflow-a");
        api.client
                .put(
                        "/api/v2/quotas/users/overflow-a/usage?mode=add",
                        token,
                        "{\"used_quota_size\": -1}")
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/users/overflow-a", token)
                                .expect(200)
                                .json()
                                .path("used_quota_size")
                                .asLong())
                .isEqualTo(Long.MAX_VALUE - 1);

        String files = "{\"used_quota_files\": " + Integer.MAX_VALUE + "}";
        api.client.put("/api/v2/quotas/users/overflow-a/usage?mode=add", token, files).expect(200);
        assertThat(
                        api.client
                                .put("/api/v2/quotas/users/overflow-a/usage?mode=add", token, files)
                                .expect(400)
                                .message())
                .startsWith("used_quota_files: ")
                .contains("0 to " + Integer.MAX_VALUE);
        assertThat(
                        api.client
                                .get("/api/v2/users/overflow-a", token)
                                .expect(200)
                                .json()
                                .path("used_quota_files")
                                .asLong())
                .isEqualTo(Integer.MAX_VALUE);
        // Folders follow the same rule.
        api.client.post("/api/v2/folders", token, "{\"name\": \"overflow-f\"}").expect(201);
        api.client.put("/api/v2/quotas/folders/overflow-f/usage?mode=add", token, max).expect(200);
        api.client.put("/api/v2/quotas/folders/overflow-f/usage?mode=add", token, max).expect(400);
        api.client.get("/api/v2/folders", token).expect(200);
    }

    @Test
    void aCorruptedStoredCounterIsReadClampedNeverAs500(AwsEnvironment aws) {
        api.client.post("/api/v2/users", token, user("corrupt-a")).expect(201);
        // Values written to the table directly: too big for int64, negative, fractional, 38 digits,
        // not a number.
        Map<AttributeValue, long[]> cases = new java.util.LinkedHashMap<>();
        cases.put(AttributeValue.fromN("1E+30"), new long[] {Long.MAX_VALUE, Integer.MAX_VALUE});
        cases.put(AttributeValue.fromN("-42"), new long[] {0, 0});
        cases.put(AttributeValue.fromN("12.75"), new long[] {12, 12});
        cases.put(
                AttributeValue.fromN("99999999999999999999999999999999999999"),
                new long[] {Long.MAX_VALUE, Integer.MAX_VALUE});
        cases.put(AttributeValue.fromS("lots"), new long[] {0, 0});
        for (var c : cases.entrySet()) {
            aws.dynamoDb()
                    .updateItem(
                            b ->
                                    b.tableName(api.tables.of(Tables.USERS))
                                            .key(
                                                    Map.of(
                                                            "username",
                                                            AttributeValue.fromS("corrupt-a")))
                                            .updateExpression(
                                                    "SET used_quota_size = :v, used_quota_files = :v")
                                            .expressionAttributeValues(Map.of(":v", c.getKey())));
            JsonNode listed =
                    java.util.stream.StreamSupport.stream(
                                    api.client
                                            .get("/api/v2/users?limit=500", token)
                                            .expect(200)
                                            .json()
                                            .spliterator(),
                                    false)
                            .filter(u -> u.path("username").asText().equals("corrupt-a"))
                            .findFirst()
                            .orElseThrow();
            assertThat(listed.path("used_quota_size").asLong())
                    .as(c.getKey().toString())
                    .isEqualTo(c.getValue()[0]);
            assertThat(listed.path("used_quota_files").asLong())
                    .as(c.getKey().toString())
                    .isEqualTo(c.getValue()[1]);
            api.client.get("/api/v2/users/corrupt-a", token).expect(200);
        }
        // A reset repairs the counters.
        api.client
                .put(
                        "/api/v2/quotas/users/corrupt-a/usage",
                        token,
                        "{\"used_quota_size\": 5, \"used_quota_files\": 1}")
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/users/corrupt-a", token)
                                .expect(200)
                                .json()
                                .path("used_quota_size")
                                .asLong())
                .isEqualTo(5);
    }

    @Test
    void unknownPathsAndMethods() {
        var notFound = api.client.raw("GET", "/api/v2/nothing", ApiClient.bearer(token), null);
        assertThat(notFound.status()).isEqualTo(404);
        var wrongMethod =
                api.client.raw("PATCH", "/api/v2/users/someone", ApiClient.bearer(token), null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers().get("allow")).isEqualTo("DELETE, GET, PUT");
    }
}
