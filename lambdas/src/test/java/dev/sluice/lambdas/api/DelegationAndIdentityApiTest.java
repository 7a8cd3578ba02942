package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The escalation paths found by testing as an attacker (issue 10): an admin grants, edits, deletes
 * or binds keys only within its own permissions; tokens and keys belong to an identity, not to a
 * name; a credential change revokes tokens; user API keys obey the same login rule as SFTP.
 */
@ExtendWith(AwsFixture.class)
class DelegationAndIdentityApiTest {

    static final String PW = "long-enough-pw";
    private static ApiSystem api;
    private static String root;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws);
        root = api.adminToken();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String admin(String name, String permissions) {
        return """
            {"username": "%s", "password": "%s", "status": 1, "permissions": [%s], "filters": {"allow_api_key_auth": true}}"""
                .formatted(name, PW, permissions);
    }

    private static String create(String name, String permissions) {
        api.client.post("/api/v2/admins", root, admin(name, permissions)).expect(201);
        return api.client.token(name, PW);
    }

    @Test
    void manageAdminsAloneCannotMintOrTakeOverAStarAdmin() {
        String helper = create("deleg-helper", "\"manage_admins\", \"view_users\"");
        create("deleg-star", "\"*\"");
        create("deleg-weak", "\"view_users\"");
        String refused =
                "you cannot %s with permissions you do not hold: %s; an admin manages only admins whose"
                        + " permissions are a subset of its own";

        // Create: "*", a permission it lacks, or a mix.
        assertThat(
                        api.client
                                .post("/api/v2/admins", helper, admin("deleg-new", "\"*\""))
                                .expect(403)
                                .message())
                .isEqualTo(refused.formatted("create an admin", "[*]"));
        assertThat(
                        api.client
                                .post(
                                        "/api/v2/admins",
                                        helper,
                                        admin("deleg-new", "\"view_users\", \"manage_apikeys\""))
                                .expect(403)
                                .message())
                .isEqualTo(refused.formatted("create an admin", "[manage_apikeys]"));
        api.client.get("/api/v2/admins/deleg-new", root).expect(404);
        // Edit another "*" admin: its password, its status, anything.
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/deleg-star",
                                        helper,
                                        "{\"status\": 1, \"permissions\": [\"*\"], \"password\": \"taken-over-pw\"}")
                                .expect(403)
                                .message())
                .isEqualTo(refused.formatted("edit an admin", "[*]"));
        api.client.token("deleg-star", PW);
        api.client
                .send("GET", "/api/v2/token", ApiClient.basic("deleg-star", "taken-over-pw"), null)
                .expect(401);
        // Raise a weaker admin beyond itself; delete a stronger one.
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/deleg-weak",
                                        helper,
                                        "{\"status\": 1, \"permissions\": [\"*\"]}")
                                .expect(403)
                                .message())
                .isEqualTo(refused.formatted("give an admin permissions", "[*]"));
        assertThat(api.client.delete("/api/v2/admins/deleg-star", helper).expect(403).message())
                .isEqualTo(refused.formatted("delete an admin", "[*]"));
        // Within its own permissions everything works.
        api.client
                .post(
                        "/api/v2/admins",
                        helper,
                        admin("deleg-sub", "\"view_users\", \"manage_admins\""))
                .expect(201);
        api.client
                .put(
                        "/api/v2/admins/deleg-weak",
                        helper,
                        "{\"status\": 1, \"permissions\": [\"view_users\", \"manage_admins\"],"
                                + " \"password\": \"reset-password\"}")
                .expect(200);
        api.client.delete("/api/v2/admins/deleg-sub", helper).expect(200);
        // "*" holds everything, even permissions listed one by one.
        api.client
                .put(
                        "/api/v2/admins/deleg-weak",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\"]}")
                .expect(200);
    }

    @Test
    void manageApiKeysAloneCannotBindAKeyToAStrongerAdmin() {
        String keys = create("keys-helper", "\"manage_apikeys\"");
        create("keys-bot", "\"manage_apikeys\"");
        // Bound to the "*" admin, or to no fixed admin (it could then name any admin per request).
        assertThat(
                        api.client
                                .post(
                                        "/api/v2/apikeys",
                                        keys,
                                        "{\"name\": \"x\", \"scope\": 1, \"admin\": \"admin\"}")
                                .expect(403)
                                .message())
                .startsWith(
                        "you cannot bind a key to admin \"admin\" with permissions you do not hold: [*]");
        assertThat(
                        api.client
                                .post("/api/v2/apikeys", keys, "{\"name\": \"x\", \"scope\": 1}")
                                .expect(403)
                                .message())
                .startsWith("you cannot create a key without a fixed admin");
        assertThat(
                        api.client
                                .post(
                                        "/api/v2/apikeys",
                                        keys,
                                        "{\"name\": \"x\", \"scope\": 1, \"admin\": \"no-such-admin\"}")
                                .expect(400)
                                .message())
                .isEqualTo(
                        "admin: no such admin; a key is bound to an existing admin (got \"no-such-admin\")");
        // Its own level is fine; re-pointing that key at "admin" is not; nor is touching a key of
        // "admin".
        String id =
                api.client
                        .post(
                                "/api/v2/apikeys",
                                keys,
                                "{\"name\": \"ok\", \"scope\": 1, \"admin\": \"keys-bot\"}")
                        .expect(201)
                        .headers()
                        .get("x-object-id");
        api.client
                .put(
                        "/api/v2/apikeys/" + id,
                        keys,
                        "{\"name\": \"ok\", \"scope\": 1, \"admin\": \"admin\"}")
                .expect(403);
        String rootKey =
                api.client
                        .post(
                                "/api/v2/apikeys",
                                root,
                                "{\"name\": \"root\", \"scope\": 1, \"admin\": \"admin\"}")
                        .expect(201)
                        .headers()
                        .get("x-object-id");
        api.client
                .put(
                        "/api/v2/apikeys/" + rootKey,
                        keys,
                        "{\"name\": \"mine\", \"scope\": 1, \"admin\": \"keys-bot\"}")
                .expect(403);
        api.client.delete("/api/v2/apikeys/" + rootKey, keys).expect(403);
        api.client
                .put(
                        "/api/v2/apikeys/" + id,
                        keys,
                        "{\"name\": \"renamed\", \"scope\": 1, \"admin\": \"keys-bot\"}")
                .expect(200);
        api.client.delete("/api/v2/apikeys/" + id, keys).expect(200);
    }

    @Test
    void aReCreatedNamesakeInheritsNeitherTokensNorKeys() {
        String oldToken = create("ghost", "\"view_users\"");
        String key =
                api.client
                        .post(
                                "/api/v2/apikeys",
                                root,
                                "{\"name\": \"ghost-key\", \"scope\": 1, \"admin\": \"ghost\"}")
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
        api.client.send("GET", "/api/v2/users", ApiClient.apiKey(key), null).expect(200);
        long oldId =
                api.client.get("/api/v2/admins/ghost", root).expect(200).json().path("id").asLong();

        // Deleted behind the API's back (so its keys are not tidied away): the binding alone must
        // hold.
        api.context.adminStore().delete("ghost");
        create("ghost", "\"*\"");
        long newId =
                api.client.get("/api/v2/admins/ghost", root).expect(200).json().path("id").asLong();
        assertThat(newId).isNotEqualTo(oldId).isPositive();
        assertThat(api.client.get("/api/v2/users", oldToken).expect(401).message())
                .startsWith("the token was revoked");
        assertThat(
                        api.client
                                .send("GET", "/api/v2/users", ApiClient.apiKey(key), null)
                                .expect(401)
                                .message())
                .isEqualTo(
                        "the API key's admin was deleted; \"ghost\" is now another admin, which the key does not act for");
        // Through the API, deleting the admin also deletes its keys.
        String second =
                api.client
                        .post(
                                "/api/v2/apikeys",
                                root,
                                "{\"name\": \"ghost-key-2\", \"scope\": 1, \"admin\": \"ghost\"}")
                        .expect(201)
                        .headers()
                        .get("x-object-id");
        api.client.delete("/api/v2/admins/ghost", root).expect(200);
        api.client.get("/api/v2/apikeys/" + second, root).expect(404);
    }

    @Test
    void aCredentialChangeRevokesTokensEvenIfUndone() {
        String token = create("rotating", "\"view_users\"");
        api.client.get("/api/v2/users", token).expect(200);
        api.client
                .put(
                        "/api/v2/admins/rotating",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\"], \"password\": \"new-password-1\"}")
                .expect(200);
        api.client.get("/api/v2/users", token).expect(401);

        token = api.client.token("rotating", "new-password-1");
        api.client
                .put(
                        "/api/v2/admins/rotating",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\", \"view_conns\"]}")
                .expect(200);
        api.client.get("/api/v2/users", token).expect(401);

        token = api.client.token("rotating", "new-password-1");
        api.client
                .put(
                        "/api/v2/admins/rotating",
                        root,
                        "{\"status\": 0, \"permissions\": [\"view_users\", \"view_conns\"]}")
                .expect(200);
        api.client
                .put(
                        "/api/v2/admins/rotating",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\", \"view_conns\"]}")
                .expect(200);
        assertThat(api.client.get("/api/v2/users", token).expect(401).message())
                .startsWith("the token was revoked");

        // Other edits (a description) leave tokens alone.
        token = api.client.token("rotating", "new-password-1");
        api.client
                .put(
                        "/api/v2/admins/rotating",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\", \"view_conns\"], \"description\": \"edited\"}")
                .expect(200);
        api.client.get("/api/v2/users", token).expect(200);
    }

    @Test
    void userKeysObeyTheSameLoginRuleAsSftp() {
        String user =
                """
            {"username": "%s", "password": "long-enough-pw", "permissions": {"/": ["*"]}, "status": %d,
             "expiration_date": %d, "filters": {"allow_api_key_auth": true, "allowed_ip": %s, "denied_protocols": %s}}""";
        Map<String, String> cases =
                Map.of(
                        "uk-ok", user.formatted("uk-ok", 1, 0, "[]", "[]"),
                        "uk-disabled", user.formatted("uk-disabled", 0, 0, "[]", "[]"),
                        "uk-expired", user.formatted("uk-expired", 1, 1000, "[]", "[]"),
                        "uk-elsewhere",
                                user.formatted("uk-elsewhere", 1, 0, "[\"192.0.2.0/24\"]", "[]"),
                        "uk-no-http", user.formatted("uk-no-http", 1, 0, "[]", "[\"HTTP\"]"));
        Map<String, String> keys = new java.util.HashMap<>();
        cases.forEach(
                (name, json) -> {
                    api.client.post("/api/v2/users", root, json).expect(201);
                    keys.put(
                            name,
                            api.client
                                    .post(
                                            "/api/v2/apikeys",
                                            root,
                                            "{\"name\": \"k\", \"scope\": 2, \"user\": \""
                                                    + name
                                                    + "\"}")
                                    .expect(201)
                                    .json()
                                    .path("key")
                                    .asText());
                });
        // Allowed users authenticate (and then find no admin route open to a user key: 403, not
        // 401).
        assertThat(
                        api.client
                                .send(
                                        "GET",
                                        "/api/v2/version",
                                        ApiClient.apiKey(keys.get("uk-ok")),
                                        null)
                                .expect(403)
                                .message())
                .startsWith("this API key acts as user \"uk-ok\"");
        for (String refused :
                new String[] {"uk-disabled", "uk-expired", "uk-elsewhere", "uk-no-http"}) {
            assertThat(
                            api.client
                                    .send(
                                            "GET",
                                            "/api/v2/version",
                                            ApiClient.apiKey(keys.get(refused)),
                                            null)
                                    .expect(401)
                                    .message())
                    .as(refused)
                    .startsWith("user \"" + refused + "\" may not log in now");
        }
        // A user deleted and re-created: the key is gone with it (and would not act for the
        // newcomer).
        api.client.delete("/api/v2/users/uk-ok", root).expect(200);
        api.client.post("/api/v2/users", root, cases.get("uk-ok")).expect(201);
        api.client
                .send("GET", "/api/v2/version", ApiClient.apiKey(keys.get("uk-ok")), null)
                .expect(401);
    }
}
