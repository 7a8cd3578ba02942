package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.admins.AdminPermission;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protected route, every way in: no credentials (401), an admin missing exactly the
 * permission the route needs (403), an admin holding only that permission (allowed).
 */
@ExtendWith(AwsFixture.class)
class PermissionMatrixTest {

    /** One protected operation and the permission it needs (null: any admin). */
    record Op(String method, String path, AdminPermission needs, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final String USER =
            """
        {"username": "matrix-new", "password": "long-enough-pw", "permissions": {"/": ["*"]}}""";
    static final String FOLDER =
            """
        {"name": "matrix-new-folder"}""";

    static Stream<Op> ops() {
        return Stream.of(
                new Op("GET", "/api/v2/users", AdminPermission.VIEW_USERS, null),
                new Op("POST", "/api/v2/users", AdminPermission.ADD_USERS, USER),
                new Op("GET", "/api/v2/users/matrix-user", AdminPermission.VIEW_USERS, null),
                new Op(
                        "PUT",
                        "/api/v2/users/matrix-user",
                        AdminPermission.EDIT_USERS,
                        """
                {"permissions": {"/": ["list"]}, "description": "edited"}"""),
                new Op("DELETE", "/api/v2/users/matrix-gone", AdminPermission.DEL_USERS, null),
                new Op("GET", "/api/v2/folders", AdminPermission.VIEW_USERS, null),
                new Op("POST", "/api/v2/folders", AdminPermission.ADD_USERS, FOLDER),
                new Op("GET", "/api/v2/folders/matrix-folder", AdminPermission.VIEW_USERS, null),
                new Op(
                        "PUT",
                        "/api/v2/folders/matrix-folder",
                        AdminPermission.EDIT_USERS,
                        "{\"description\": \"x\"}"),
                new Op(
                        "DELETE",
                        "/api/v2/folders/matrix-folder-gone",
                        AdminPermission.DEL_USERS,
                        null),
                new Op(
                        "PUT",
                        "/api/v2/quotas/users/matrix-user/usage",
                        AdminPermission.QUOTA_SCANS,
                        "{\"used_quota_size\": 1}"),
                new Op(
                        "PUT",
                        "/api/v2/quotas/folders/matrix-folder/usage",
                        AdminPermission.QUOTA_SCANS,
                        "{\"used_quota_files\": 1}"),
                new Op(
                        "GET",
                        "/api/v2/retention/users/checks",
                        AdminPermission.RETENTION_CHECKS,
                        null),
                new Op(
                        "GET",
                        "/api/v2/retention/users/checks/history",
                        AdminPermission.RETENTION_CHECKS,
                        null),
                new Op(
                        "POST",
                        "/api/v2/retention/users/matrix-user/check",
                        AdminPermission.RETENTION_CHECKS,
                        "[{\"path\": \"/\", \"retention\": 1}]"),
                new Op("GET", "/api/v2/retention/policies", AdminPermission.RETENTION_CHECKS, null),
                new Op(
                        "POST",
                        "/api/v2/retention/policies",
                        AdminPermission.RETENTION_CHECKS,
                        """
                {"name": "matrix-policy", "folders": [{"path": "/", "retention": 1}], "covers": {"all_users": true},
                 "schedule": "rate(1 day)"}"""),
                new Op(
                        "GET",
                        "/api/v2/retention/policies/matrix-policy",
                        AdminPermission.RETENTION_CHECKS,
                        null),
                new Op(
                        "PUT",
                        "/api/v2/retention/policies/matrix-policy",
                        AdminPermission.RETENTION_CHECKS,
                        """
                {"folders": [{"path": "/", "retention": 2}], "covers": {"all_users": true}, "schedule": "rate(2 days)"}"""),
                new Op(
                        "DELETE",
                        "/api/v2/retention/policies/matrix-policy",
                        AdminPermission.RETENTION_CHECKS,
                        null),
                new Op(
                        "POST",
                        "/api/v2/retention/policies/matrix-policy/run",
                        AdminPermission.RETENTION_CHECKS,
                        null),
                new Op("GET", "/api/v2/quotas/users/scans", AdminPermission.QUOTA_SCANS, null),
                new Op(
                        "POST",
                        "/api/v2/quotas/users/matrix-user/scan",
                        AdminPermission.QUOTA_SCANS,
                        null),
                new Op("GET", "/api/v2/quotas/folders/scans", AdminPermission.QUOTA_SCANS, null),
                new Op(
                        "POST",
                        "/api/v2/quotas/folders/matrix-folder/scan",
                        AdminPermission.QUOTA_SCANS,
                        null),
                new Op("GET", "/api/v2/quotas/scans/history", AdminPermission.QUOTA_SCANS, null),
                new Op("GET", "/api/v2/admins", AdminPermission.MANAGE_ADMINS, null),
                new Op(
                        "POST",
                        "/api/v2/admins",
                        AdminPermission.MANAGE_ADMINS,
                        """
                {"username": "matrix-admin-new", "password": "long-enough-pw", "permissions": ["manage_admins"], "status": 1}"""),
                new Op("GET", "/api/v2/admins/admin", AdminPermission.MANAGE_ADMINS, null),
                new Op(
                        "PUT",
                        "/api/v2/admins/matrix-target",
                        AdminPermission.MANAGE_ADMINS,
                        """
                {"permissions": ["manage_admins"], "status": 1, "description": "edited"}"""),
                new Op(
                        "DELETE",
                        "/api/v2/admins/matrix-target-gone",
                        AdminPermission.MANAGE_ADMINS,
                        null),
                new Op("GET", "/api/v2/apikeys", AdminPermission.MANAGE_APIKEYS, null),
                new Op(
                        "POST",
                        "/api/v2/apikeys",
                        AdminPermission.MANAGE_APIKEYS,
                        "{\"name\": \"k\", \"scope\": 1, \"admin\": \"matrix-key-target\"}"),
                new Op("GET", "/api/v2/apikeys/missing-id", AdminPermission.MANAGE_APIKEYS, null),
                new Op(
                        "PUT",
                        "/api/v2/apikeys/missing-id",
                        AdminPermission.MANAGE_APIKEYS,
                        "{\"name\": \"k\", \"scope\": 1}"),
                new Op(
                        "DELETE",
                        "/api/v2/apikeys/missing-id",
                        AdminPermission.MANAGE_APIKEYS,
                        null),
                new Op("GET", "/api/v2/status", AdminPermission.VIEW_STATUS, null),
                new Op("GET", "/api/v2/connections", AdminPermission.VIEW_CONNS, null),
                new Op(
                        "DELETE",
                        "/api/v2/connections/SFTP_none",
                        AdminPermission.CLOSE_CONNS,
                        null),
                new Op("GET", "/api/v2/version", null, null),
                new Op("GET", "/api/v2/logout", null, null));
    }

    private static ApiSystem api;
    private static final Map<AdminPermission, String> withoutOnly = new HashMap<>();
    private static final Map<AdminPermission, String> onlyThis = new HashMap<>();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws);
        String root = api.adminToken();
        api.client
                .post(
                        "/api/v2/users",
                        root,
                        """
            {"username": "matrix-user", "password": "long-enough-pw", "permissions": {"/": ["*"]}}""")
                .expect(201);
        api.client.post("/api/v2/folders", root, "{\"name\": \"matrix-folder\"}").expect(201);
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "matrix-target", "password": "long-enough-pw", "permissions": ["manage_admins"], "status": 1}""")
                .expect(201);
        // Admins only manage admins whose permissions they hold: the targets hold the one
        // permission of the route.
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "matrix-key-target", "password": "long-enough-pw", "permissions": ["manage_apikeys"], "status": 1}""")
                .expect(201);
        List<String> all = AdminPermission.names().stream().filter(n -> !n.equals("*")).toList();
        for (AdminPermission permission : AdminPermission.values()) {
            if (permission == AdminPermission.ALL) {
                continue;
            }
            List<String> others = all.stream().filter(n -> !n.equals(permission.json())).toList();
            String without = "without-" + permission.json().replace('_', '-');
            String only = "only-" + permission.json().replace('_', '-');
            createAdmin(root, without, others);
            createAdmin(root, only, List.of(permission.json()));
            withoutOnly.put(permission, api.client.token(without, "long-enough-pw"));
            onlyThis.put(permission, api.client.token(only, "long-enough-pw"));
        }
    }

    private static void createAdmin(String token, String name, List<String> permissions) {
        String json =
                "{\"username\": \""
                        + name
                        + "\", \"password\": \"long-enough-pw\", \"status\": 1, \"permissions\": ["
                        + permissions.stream()
                                .map(p -> "\"" + p + "\"")
                                .collect(Collectors.joining(","))
                        + "]}";
        api.client.post("/api/v2/admins", token, json).expect(201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0} without credentials is 401")
    @MethodSource("ops")
    void withoutCredentials(Op op) {
        var reply =
                api.client.send(
                        op.method(),
                        op.path(),
                        op.body() == null ? Map.of() : Map.of("Content-Type", "application/json"),
                        op.body());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("error").asText()).isEqualTo("Unauthorized");
        assertThat(reply.headers()).containsKey("www-authenticate");
    }

    @ParameterizedTest(name = "{0} without its permission is 403")
    @MethodSource("ops")
    void withoutThePermission(Op op) {
        if (op.needs() == null) {
            return;
        }
        var reply =
                api.client.send(
                        op.method(),
                        op.path(),
                        ApiClient.jsonBearer(withoutOnly.get(op.needs())),
                        op.body());
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.message())
                .isEqualTo(
                        "this operation needs the admin permission \"" + op.needs().json() + "\"");
    }

    @ParameterizedTest(name = "{0} with only its permission is allowed")
    @MethodSource("ops")
    void withOnlyThePermission(Op op) {
        String token =
                op.needs() == null
                        ? onlyThis.get(AdminPermission.VIEW_DEFENDER)
                        : onlyThis.get(op.needs());
        var reply = api.client.send(op.method(), op.path(), ApiClient.jsonBearer(token), op.body());
        assertThat(reply.status()).as(reply.body()).isNotIn(401, 403, 500);
    }

    @Test
    void theMatrixCoversEveryProtectedRoute() {
        List<String> uncovered = new ArrayList<>();
        for (String op : OpenApiDocumentTest.routerOperations()) {
            if (op.contains("/token") || op.contains("openapi") || op.contains("/healthz")) {
                continue;
            }
            String[] parts = op.split(" ", 2);
            var route = new dev.sluice.lambdas.http.Route(parts[0], parts[1], null);
            if (ops().noneMatch(
                            o ->
                                    o.method().equals(parts[0])
                                            && route.match(o.path()).isPresent())) {
                uncovered.add(op);
            }
        }
        assertThat(uncovered).as("protected routes missing from the matrix").isEmpty();
    }
}
