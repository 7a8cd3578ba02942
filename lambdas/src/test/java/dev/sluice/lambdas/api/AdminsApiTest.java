package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Admins CRUD and the rules that keep an installation manageable. */
@ExtendWith(AwsFixture.class)
class AdminsApiTest {

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
            {"username": "%s", "password": "long-enough-pw", "status": 1, "email": "%s@example.com",
             "permissions": [%s], "filters": {"allow_api_key_auth": true}}"""
                .formatted(name, name, permissions);
    }

    @Test
    void createGetUpdateDelete() {
        var created =
                api.client
                        .post(
                                "/api/v2/admins",
                                root,
                                admin("ops-a", "\"view_users\", \"add_users\""))
                        .expect(201);
        assertThat(created.json().has("password")).isFalse();
        assertThat(created.headers().get("location")).isEqualTo("/api/v2/admins/ops-a");
        api.client.post("/api/v2/admins", root, admin("ops-a", "\"view_users\"")).expect(409);
        api.client
                .put(
                        "/api/v2/admins/ops-a",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\"], \"description\": \"night shift\"}")
                .expect(200);
        var fetched = api.client.get("/api/v2/admins/ops-a", root).expect(200).json();
        assertThat(fetched.path("description").asText()).isEqualTo("night shift");
        // The password was kept (empty in the update).
        api.client.token("ops-a", "long-enough-pw");
        api.client
                .put(
                        "/api/v2/admins/ops-a",
                        root,
                        "{\"status\": 1, \"permissions\": [\"view_users\"], \"password\": \"a-new-password\"}")
                .expect(200);
        api.client.token("ops-a", "a-new-password");
        api.client.delete("/api/v2/admins/ops-a", root).expect(200);
        api.client.get("/api/v2/admins/ops-a", root).expect(404);
        api.client.delete("/api/v2/admins/ops-a", root).expect(404);
        assertThat(api.client.get("/api/v2/admins", root).expect(200).json()).isNotEmpty();
    }

    @Test
    void nobodyEditsTheirOwnPermissionsOrDeletesThemselves() {
        api.client.post("/api/v2/admins", root, admin("self-a", "\"manage_admins\"")).expect(201);
        String self = api.client.token("self-a", "long-enough-pw");
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/self-a",
                                        self,
                                        "{\"status\": 1, \"permissions\": [\"*\"]}")
                                .expect(403)
                                .message())
                .isEqualTo(
                        "you cannot change your own permissions; ask another admin with manage_admins");
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/self-a",
                                        self,
                                        "{\"status\": 0, \"permissions\": [\"manage_admins\"]}")
                                .expect(403)
                                .message())
                .isEqualTo("you cannot disable yourself; ask another admin with manage_admins");
        assertThat(api.client.delete("/api/v2/admins/self-a", self).expect(403).message())
                .isEqualTo("you cannot delete yourself; ask another admin with manage_admins");
        // Changing one's own description is fine.
        api.client
                .put(
                        "/api/v2/admins/self-a",
                        self,
                        "{\"status\": 1, \"permissions\": [\"manage_admins\"], \"description\": \"me\"}")
                .expect(200);
    }

    @Test
    void noChangeLeavesNobodyWithStarWhoCanLogInFromAnywhere() {
        // A "*" admin who can log in here, but not from anywhere: it may not lock everyone else
        // out.
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "super-local", "password": "long-enough-pw", "status": 1, "permissions": ["*"],
             "filters": {"allow_list": ["127.0.0.0/8"]}}""")
                .expect(201);
        String local = api.client.token("super-local", "long-enough-pw");
        String lockout =
                "this change would leave no enabled admin with \"*\" that can log in from any address"
                        + " (empty allow_list); give another admin \"*\" and no allow_list first";
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/admin",
                                        local,
                                        "{\"status\": 1, \"permissions\": [\"view_users\"]}")
                                .expect(403)
                                .message())
                .isEqualTo(lockout);
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/admin",
                                        local,
                                        "{\"status\": 0, \"permissions\": [\"*\"]}")
                                .expect(403)
                                .message())
                .isEqualTo(lockout);
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/admins/admin",
                                        local,
                                        "{\"status\": 1, \"permissions\": [\"*\"], \"filters\": {\"allow_list\": [\"192.0.2.0/24\"]}}")
                                .expect(403)
                                .message())
                .isEqualTo(lockout);
        assertThat(api.client.delete("/api/v2/admins/admin", local).expect(403).message())
                .isEqualTo(lockout);
        // Both /0 networks are "anywhere" too.
        api.client
                .put(
                        "/api/v2/admins/admin",
                        local,
                        "{\"status\": 1, \"permissions\": [\"*\"], \"filters\": {\"allow_list\": [\"0.0.0.0/0\", \"::/0\"]}}")
                .expect(200);
        api.client
                .put("/api/v2/admins/admin", local, "{\"status\": 1, \"permissions\": [\"*\"]}")
                .expect(200);
        // With a second such admin, one of them may go.
        api.client.post("/api/v2/admins", root, admin("super-b", "\"*\"")).expect(201);
        api.client
                .put(
                        "/api/v2/admins/super-b",
                        local,
                        "{\"status\": 1, \"permissions\": [\"view_users\"]}")
                .expect(200);
        api.client.delete("/api/v2/admins/super-local", root).expect(200);
    }

    @Test
    void badAdminInput() {
        var reply =
                api.client
                        .post(
                                "/api/v2/admins",
                                root,
                                "{\"username\": \"x y\", \"permissions\": [\"fly\"], \"status\": 1}")
                        .expect(400);
        assertThat(reply.json().path("errors")).hasSize(3);
        // A name no admin can have is refused before any lookup (the name rule of the body applies
        // to the path).
        assertThat(api.client.get("/api/v2/admins/x%20y", root).expect(400).message())
                .startsWith("username: may only contain");
    }
}
