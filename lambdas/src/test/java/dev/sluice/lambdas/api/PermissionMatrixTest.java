package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.admins.AdminPermission;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protected route, every way in: no credentials (401), an admin holding every permission but
 * the ones that grant the route (403), an admin holding only one of them (allowed), an admin
 * holding only the permissions that grant nothing (403).
 */
@ExtendWith(AwsFixture.class)
class PermissionMatrixTest {

    /**
     * One protected operation and the permissions that grant it, any one sufficing (empty: any
     * admin).
     */
    record Op(String method, String path, List<AdminPermission> anyOf, String body) {
        Op(String method, String path, AdminPermission needs, String body) {
            this(method, path, List.of(needs), body);
        }

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
                new Op(
                        "GET",
                        "/api/v2/folders",
                        List.of(AdminPermission.VIEW_USERS, AdminPermission.MANAGE_FOLDERS),
                        null),
                new Op(
                        "POST",
                        "/api/v2/folders",
                        List.of(AdminPermission.ADD_USERS, AdminPermission.MANAGE_FOLDERS),
                        FOLDER),
                new Op(
                        "GET",
                        "/api/v2/folders/matrix-folder",
                        List.of(AdminPermission.VIEW_USERS, AdminPermission.MANAGE_FOLDERS),
                        null),
                new Op(
                        "PUT",
                        "/api/v2/folders/matrix-folder",
                        List.of(AdminPermission.EDIT_USERS, AdminPermission.MANAGE_FOLDERS),
                        "{\"description\": \"x\"}"),
                new Op(
                        "DELETE",
                        "/api/v2/folders/matrix-folder-gone",
                        List.of(AdminPermission.DEL_USERS, AdminPermission.MANAGE_FOLDERS),
                        null),
                new Op(
                        "PUT",
                        "/api/v2/quotas/users/matrix-user/usage",
                        List.of(AdminPermission.QUOTA_SCANS, AdminPermission.EDIT_USERS),
                        "{\"used_quota_size\": 1}"),
                new Op(
                        "PUT",
                        "/api/v2/quotas/folders/matrix-folder/usage",
                        List.of(AdminPermission.QUOTA_SCANS, AdminPermission.MANAGE_FOLDERS),
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
                new Op(
                        "GET",
                        "/api/v2/dumpdata?output-data=1",
                        AdminPermission.MANAGE_SYSTEM,
                        null),
                new Op("POST", "/api/v2/loaddata", AdminPermission.MANAGE_SYSTEM, "{}"),
                new Op(
                        "GET",
                        "/api/v2/loaddata?input-file=matrix.json",
                        AdminPermission.MANAGE_SYSTEM,
                        null),
                new Op("GET", "/api/v2/status", AdminPermission.VIEW_STATUS, null),
                new Op("GET", "/api/v2/connections", AdminPermission.VIEW_CONNS, null),
                new Op(
                        "DELETE",
                        "/api/v2/connections/SFTP_none",
                        AdminPermission.CLOSE_CONNS,
                        null),
                new Op("GET", "/api/v2/defender/hosts", AdminPermission.VIEW_DEFENDER, null),
                new Op(
                        "GET",
                        "/api/v2/defender/hosts/3139322e302e322e37",
                        AdminPermission.VIEW_DEFENDER,
                        null),
                new Op(
                        "DELETE",
                        "/api/v2/defender/hosts/3139322e302e322e37",
                        AdminPermission.MANAGE_DEFENDER,
                        null),
                new Op("GET", "/api/v2/version", List.of(), null),
                new Op("GET", "/api/v2/logout", List.of(), null));
    }

    private static ApiSystem api;
    private static String root;
    private static final Map<Set<AdminPermission>, String> withoutThese = new HashMap<>();
    private static final Map<AdminPermission, String> onlyThis = new HashMap<>();
    private static String grantsNothing;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws);
        root = api.adminToken();
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
        for (AdminPermission permission : AdminPermission.values()) {
            if (permission == AdminPermission.ALL) {
                continue;
            }
            String only = "only-" + permission.json().replace('_', '-');
            createAdmin(root, only, List.of(permission.json()));
            onlyThis.put(permission, api.client.token(only, "long-enough-pw"));
        }
        createAdmin(root, "grants-nothing", AdminPermission.ACCEPTED_UNSUPPORTED);
        grantsNothing = api.client.token("grants-nothing", "long-enough-pw");
    }

    /** A token of an admin holding every permission (but "*") except {@code these}. */
    private static String without(Set<AdminPermission> these) {
        return withoutThese.computeIfAbsent(
                these,
                missing -> {
                    String name =
                            "without-"
                                    + missing.stream()
                                            .map(p -> p.json().replace('_', '-'))
                                            .sorted()
                                            .collect(Collectors.joining("-"));
                    List<String> others =
                            Stream.concat(
                                            Stream.of(AdminPermission.values())
                                                    .filter(
                                                            p ->
                                                                    p != AdminPermission.ALL
                                                                            && !missing.contains(p))
                                                    .map(AdminPermission::json),
                                            AdminPermission.ACCEPTED_UNSUPPORTED.stream())
                                    .toList();
                    createAdmin(root, name, others);
                    return api.client.token(name, "long-enough-pw");
                });
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

    @ParameterizedTest(name = "{0} without its permissions is 403")
    @MethodSource("ops")
    void withoutThePermission(Op op) {
        if (op.anyOf().isEmpty()) {
            return;
        }
        var reply =
                api.client.send(
                        op.method(),
                        op.path(),
                        ApiClient.jsonBearer(without(Set.copyOf(op.anyOf()))),
                        op.body());
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        String names =
                op.anyOf().stream()
                        .map(p -> "\"" + p.json() + "\"")
                        .collect(Collectors.joining(" or "));
        assertThat(reply.message())
                .isEqualTo(
                        op.anyOf().size() == 1
                                ? "this operation needs the admin permission " + names
                                : "this operation needs one of the admin permissions " + names);
    }

    @ParameterizedTest(name = "{0} with only one of its permissions is allowed")
    @MethodSource("ops")
    void withOnlyThePermission(Op op) {
        List<AdminPermission> each =
                op.anyOf().isEmpty() ? List.of(AdminPermission.VIEW_DEFENDER) : op.anyOf();
        for (AdminPermission permission : each) {
            var reply =
                    api.client.send(
                            op.method(),
                            op.path(),
                            ApiClient.jsonBearer(onlyThis.get(permission)),
                            op.body());
            assertThat(reply.status()).as(permission + ": " + reply.body()).isNotIn(401, 403, 500);
        }
    }

    @ParameterizedTest(name = "{0} with the permissions that grant nothing is 403")
    @MethodSource("ops")
    void permissionsForMissingFeaturesGrantNothing(Op op) {
        if (op.anyOf().isEmpty()) {
            return;
        }
        var reply =
                api.client.send(
                        op.method(), op.path(), ApiClient.jsonBearer(grantsNothing), op.body());
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
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
                                            && route.match(o.path().split("\\?", 2)[0])
                                                    .isPresent())) {
                uncovered.add(op);
            }
        }
        assertThat(uncovered).as("protected routes missing from the matrix").isEmpty();
    }
}
