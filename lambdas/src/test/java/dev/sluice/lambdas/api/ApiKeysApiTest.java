package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys end to end: shown once, hashed, impersonation rules as SFTPGo defines them. */
@ExtendWith(AwsFixture.class)
class ApiKeysApiTest {

    private static final MutableClock clock = new MutableClock();
    private static ApiSystem api;
    private static String root;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws, clock);
        root = api.adminToken();
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "bot", "password": "long-enough-pw", "status": 1, "permissions": ["view_users", "add_users", "manage_admins", "manage_apikeys"],
             "filters": {"allow_api_key_auth": true}}""")
                .expect(201);
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "no-keys", "password": "long-enough-pw", "status": 1, "permissions": ["*"]}""")
                .expect(201);
        api.client
                .post(
                        "/api/v2/users",
                        root,
                        """
            {"username": "key-user", "status": 1, "password": "long-enough-pw", "permissions": {"/": ["*"]}, "filters": {"allow_api_key_auth": true}}""")
                .expect(201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String createKey(String json) {
        var reply = api.client.post("/api/v2/apikeys", root, json).expect(201);
        assertThat(reply.message())
                .isEqualTo(
                        "API key created. This is the only time the API key is visible, please save it.");
        String key = reply.json().path("key").asText();
        assertThat(reply.headers().get("location"))
                .isEqualTo("/api/v2/apikeys/" + key.split("\\.")[0]);
        return key;
    }

    private static ApiClient.Reply withKey(String method, String path, String key, String body) {
        return api.client.send(method, path, ApiClient.apiKey(key), body);
    }

    @Test
    void staticAdminKeyActsAsItsAdminAndIsNeverShownAgain() {
        String key =
                createKey(
                        "{\"name\": \"ci\", \"scope\": 1, \"admin\": \"bot\", \"description\": \"pipeline\"}");
        String id = key.split("\\.")[0];
        withKey("GET", "/api/v2/users", key, null).expect(200);
        var listed = api.client.get("/api/v2/apikeys", root).expect(200);
        assertThat(listed.body()).contains(id).doesNotContain(key.split("\\.")[1]);
        var one = api.client.get("/api/v2/apikeys/" + id, root).expect(200).json();
        assertThat(one.has("key")).isFalse();
        assertThat(one.path("admin").asText()).isEqualTo("bot");
        assertThat(api.context.apiKeys().get(id)).isPresent();
        // The stored form is a hash, not the secret.
        assertThat(
                        api.context
                                .dynamoDb()
                                .scan(
                                        b ->
                                                b.tableName(
                                                        api.tables.of(
                                                                dev.sluice.dynamo.Tables.API_KEYS)))
                                .toString())
                .doesNotContain(key.split("\\.")[1]);
        // Bound to "bot": naming someone else is refused.
        assertThat(withKey("GET", "/api/v2/users", key + ".admin", null).expect(401).message())
                .isEqualTo("this API key is bound to \"bot\" and cannot act as another identity");
    }

    @Test
    void dynamicKeyImpersonatesWhoeverItNamesIfTheyAllowIt() {
        String key = createKey("{\"name\": \"any admin\", \"scope\": 1}");
        withKey("GET", "/api/v2/users", key + ".bot", null).expect(200);
        assertThat(withKey("GET", "/api/v2/users", key, null).expect(401).message())
                .isEqualTo(
                        "this API key has no associated identity: append .<username> to name who it acts as");
        assertThat(withKey("GET", "/api/v2/users", key + ".no-keys", null).expect(401).message())
                .isEqualTo(
                        "admin \"no-keys\" does not allow API key authentication (filters.allow_api_key_auth)");
        withKey("GET", "/api/v2/users", key + ".ghost", null).expect(401);
    }

    @Test
    void apiKeysCannotManageApiKeysNorTheirOwnAdmin() {
        String key = createKey("{\"name\": \"limited\", \"scope\": 1, \"admin\": \"bot\"}");
        assertThat(withKey("GET", "/api/v2/apikeys", key, null).expect(403).message())
                .isEqualTo(
                        "API keys cannot manage API keys; use an admin token from /api/v2/token");
        withKey("POST", "/api/v2/apikeys", key, "{\"name\": \"escalate\", \"scope\": 1}")
                .expect(403);
        assertThat(
                        withKey(
                                        "PUT",
                                        "/api/v2/admins/bot",
                                        key,
                                        "{\"status\": 1, \"permissions\": [\"*\"], \"password\": \"new-password-1\"}")
                                .expect(403)
                                .message())
                .isEqualTo("an API key cannot modify the admin it impersonates");
        // Other admins it may manage (it holds manage_admins).
        withKey(
                        "POST",
                        "/api/v2/admins",
                        key,
                        """
            {"username": "made-by-key", "password": "long-enough-pw", "status": 1, "permissions": ["view_users"]}""")
                .expect(201);
    }

    @Test
    void userScopeKeysCannotUseAdminRoutes() {
        String key = createKey("{\"name\": \"user key\", \"scope\": 2, \"user\": \"key-user\"}");
        assertThat(withKey("GET", "/api/v2/users", key, null).expect(403).message())
                .isEqualTo(
                        "this API key acts as user \"key-user\"; admin routes need an admin token or admin API key");
    }

    @Test
    void wrongSecretUnknownIdMalformedAndExpiredKeysAreRefused() {
        String key =
                createKey(
                        "{\"name\": \"short-lived\", \"scope\": 1, \"admin\": \"bot\", \"expires_at\": "
                                + (clock.millis() + 60_000)
                                + "}");
        String id = key.split("\\.")[0];
        assertThat(withKey("GET", "/api/v2/users", id + ".wrongsecret", null).expect(401).message())
                .isEqualTo("the API key is not valid");
        assertThat(withKey("GET", "/api/v2/users", "unknown.secret", null).expect(401).message())
                .isEqualTo("the API key is not valid");
        assertThat(withKey("GET", "/api/v2/users", "nodots", null).expect(401).message())
                .isEqualTo(
                        "the API key is malformed; expected <id>.<secret> or <id>.<secret>.<username>");
        withKey("GET", "/api/v2/users", key, null).expect(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(withKey("GET", "/api/v2/users", key, null).expect(401).message())
                .isEqualTo("the API key expired");
    }

    @Test
    void updateAndDeleteKeys() {
        String key = createKey("{\"name\": \"rotate\", \"scope\": 1, \"admin\": \"bot\"}");
        String id = key.split("\\.")[0];
        api.client
                .put(
                        "/api/v2/apikeys/" + id,
                        root,
                        "{\"name\": \"renamed\", \"scope\": 1, \"admin\": \"bot\"}")
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/apikeys/" + id, root)
                                .expect(200)
                                .json()
                                .path("name")
                                .asText())
                .isEqualTo("renamed");
        withKey("GET", "/api/v2/users", key, null).expect(200);
        api.client.delete("/api/v2/apikeys/" + id, root).expect(200);
        withKey("GET", "/api/v2/users", key, null).expect(401);
        api.client.get("/api/v2/apikeys/" + id, root).expect(404);
        assertThat(
                        api.client
                                .post(
                                        "/api/v2/apikeys",
                                        root,
                                        "{\"name\": \"bad\", \"scope\": 1, \"user\": \"key-user\"}")
                                .expect(400)
                                .message())
                .isEqualTo(
                        "user: must be empty for an admin-scope key (scope 1); use \"admin\" (got \"key-user\")");
    }

    @Test
    void userKeysNeedTheUsersConsent() {
        api.client
                .post(
                        "/api/v2/users",
                        root,
                        """
            {"username": "no-key-user", "status": 1, "password": "long-enough-pw", "permissions": {"/": ["*"]}}""")
                .expect(201);
        String key = createKey("{\"name\": \"any user\", \"scope\": 2}");
        assertThat(
                        withKey("GET", "/api/v2/version", key + ".no-key-user", null)
                                .expect(401)
                                .message())
                .isEqualTo(
                        "user \"no-key-user\" does not allow API key authentication (filters.allow_api_key_auth)");
    }
}
