package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.json.Json;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Objects exactly as SFTPGo 2.7 defines them (every field of its {@code User}, {@code Admin},
 * {@code BaseVirtualFolder} and {@code APIKey}, nested filters, preferences and every provider's
 * config included; fixtures in {@code src/test/resources/sftpgo27}) are accepted, and what Sluice
 * supports of them reads back; plus the permission rules of SFTPGo 2.7's names.
 */
@ExtendWith(AwsFixture.class)
class Sftpgo27ObjectsApiTest {

    /** SFTPGo 2.7's {@code User} fields (openapi {@code User}, {@code dataprovider.User}). */
    static final List<String> USER_FIELDS =
            List.of(
                    "id",
                    "status",
                    "username",
                    "email",
                    "description",
                    "expiration_date",
                    "password",
                    "public_keys",
                    "has_password",
                    "home_dir",
                    "virtual_folders",
                    "uid",
                    "gid",
                    "max_sessions",
                    "quota_size",
                    "quota_files",
                    "permissions",
                    "used_quota_size",
                    "used_quota_files",
                    "last_quota_update",
                    "upload_bandwidth",
                    "download_bandwidth",
                    "upload_data_transfer",
                    "download_data_transfer",
                    "total_data_transfer",
                    "used_upload_data_transfer",
                    "used_download_data_transfer",
                    "last_login",
                    "first_download",
                    "first_upload",
                    "last_password_change",
                    "created_at",
                    "updated_at",
                    "additional_info",
                    "groups",
                    "oidc_custom_fields",
                    "role",
                    "filters",
                    "filesystem");

    /** {@code UserFilters} = {@code BaseUserFilters} + 2.7's extras + 2.4-2.5's transfer limits. */
    static final List<String> USER_FILTER_FIELDS =
            List.of(
                    "allowed_ip",
                    "denied_ip",
                    "denied_login_methods",
                    "denied_protocols",
                    "file_patterns",
                    "max_upload_file_size",
                    "tls_username",
                    "tls_certs",
                    "hooks",
                    "disable_fs_checks",
                    "web_client",
                    "allow_api_key_auth",
                    "user_type",
                    "bandwidth_limits",
                    "data_transfer_limits",
                    "external_auth_cache_time",
                    "start_directory",
                    "two_factor_protocols",
                    "ftp_security",
                    "is_anonymous",
                    "default_shares_expiration",
                    "max_shares_expiration",
                    "password_expiration",
                    "password_strength",
                    "access_time",
                    "require_password_change",
                    "additional_emails",
                    "totp_config",
                    "recovery_codes");

    static final List<String> FOLDER_FIELDS =
            List.of(
                    "id",
                    "name",
                    "mapped_path",
                    "description",
                    "used_quota_size",
                    "used_quota_files",
                    "last_quota_update",
                    "users",
                    "groups",
                    "filesystem");

    static final List<String> FILESYSTEM_FIELDS =
            List.of(
                    "provider",
                    "osconfig",
                    "s3config",
                    "gcsconfig",
                    "azblobconfig",
                    "cryptconfig",
                    "sftpconfig",
                    "httpconfig");

    static final List<String> S3_FIELDS =
            List.of(
                    "bucket",
                    "region",
                    "access_key",
                    "access_secret",
                    "role_arn",
                    "session_token",
                    "endpoint",
                    "storage_class",
                    "acl",
                    "upload_part_size",
                    "upload_concurrency",
                    "upload_part_max_time",
                    "download_part_size",
                    "download_concurrency",
                    "download_part_max_time",
                    "force_path_style",
                    "skip_tls_verify",
                    "key_prefix",
                    "sse_customer_key");

    static final List<String> ADMIN_FIELDS =
            List.of(
                    "id",
                    "status",
                    "username",
                    "password",
                    "email",
                    "permissions",
                    "filters",
                    "description",
                    "additional_info",
                    "groups",
                    "created_at",
                    "updated_at",
                    "last_login",
                    "role");

    static final List<String> ADMIN_FILTER_FIELDS =
            List.of(
                    "allow_list",
                    "allow_api_key_auth",
                    "require_password_change",
                    "require_two_factor",
                    "totp_config",
                    "recovery_codes",
                    "preferences");

    static final List<String> API_KEY_FIELDS =
            List.of(
                    "id",
                    "name",
                    "key",
                    "scope",
                    "created_at",
                    "updated_at",
                    "last_use_at",
                    "expires_at",
                    "description",
                    "user",
                    "admin");

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

    static ObjectNode fixture(String name) {
        try (InputStream in =
                Sftpgo27ObjectsApiTest.class.getResourceAsStream("/sftpgo27/" + name + ".json")) {
            return (ObjectNode)
                    Json.read(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theFixturesCarryEveryFieldOfSftpgo27sSchemas() {
        ObjectNode user = fixture("user");
        assertThat(names(user)).containsExactlyInAnyOrderElementsOf(USER_FIELDS);
        assertThat(names(user.path("filters")))
                .containsExactlyInAnyOrderElementsOf(USER_FILTER_FIELDS);
        assertThat(names(user.path("filters").path("file_patterns").get(0)))
                .containsExactlyInAnyOrder(
                        "path", "allowed_patterns", "denied_patterns", "deny_policy");
        List<String> mapping = new ArrayList<>(FOLDER_FIELDS);
        mapping.addAll(List.of("virtual_path", "quota_size", "quota_files", "subpath"));
        assertThat(names(user.path("virtual_folders").get(0)))
                .containsExactlyInAnyOrderElementsOf(mapping);
        ObjectNode folder = fixture("folder");
        assertThat(names(folder)).containsExactlyInAnyOrderElementsOf(FOLDER_FIELDS);
        for (JsonNode fs : List.of(user.path("filesystem"), folder.path("filesystem"))) {
            assertThat(names(fs)).containsExactlyInAnyOrderElementsOf(FILESYSTEM_FIELDS);
            assertThat(names(fs.path("s3config"))).containsExactlyInAnyOrderElementsOf(S3_FIELDS);
        }
        ObjectNode admin = fixture("admin");
        assertThat(names(admin)).containsExactlyInAnyOrderElementsOf(ADMIN_FIELDS);
        assertThat(names(admin.path("filters")))
                .containsExactlyInAnyOrderElementsOf(ADMIN_FILTER_FIELDS);
        assertThat(names(admin.path("filters").path("preferences")))
                .containsExactlyInAnyOrder("hide_user_page_sections", "default_users_expiration");
        assertThat(names(fixture("apikey"))).containsExactlyInAnyOrderElementsOf(API_KEY_FIELDS);
    }

    @Test
    void sftpgo27ObjectsAreCreatedAndReadBack() {
        ObjectNode folder = fixture("folder");
        var createdFolder =
                api.client.post("/api/v2/folders", root, folder.toString()).expect(201).json();
        assertThat(createdFolder.path("name").asText()).isEqualTo("sftpgo27-shared");
        JsonNode readFolder =
                api.client.get("/api/v2/folders/sftpgo27-shared", root).expect(200).json();
        for (String field : List.of("mapped_path", "description")) {
            assertThat(readFolder.path(field)).as(field).isEqualTo(folder.path(field));
        }
        // Usage is the server's on a create (a restore keeps it).
        assertThat(readFolder.path("used_quota_size").asLong()).isZero();
        assertThatS3IsKept(readFolder.path("filesystem"), folder.path("filesystem"));
        assertThat(names(readFolder)).doesNotContain("id", "groups");

        ObjectNode user = fixture("user");
        JsonNode createdUser =
                api.client.post("/api/v2/users", root, user.toString()).expect(201).json();
        assertThat(createdUser.path("id").asLong()).isNotEqualTo(42);
        JsonNode readUser = api.client.get("/api/v2/users/sftpgo27-user", root).expect(200).json();
        for (String field :
                List.of(
                        "status",
                        "email",
                        "description",
                        "expiration_date",
                        "public_keys",
                        "home_dir",
                        "uid",
                        "gid",
                        "max_sessions",
                        "quota_size",
                        "quota_files",
                        "permissions",
                        "upload_bandwidth",
                        "download_bandwidth",
                        "additional_info")) {
            assertThat(readUser.path(field)).as(field).isEqualTo(user.path(field));
        }
        assertThat(readUser.path("permissions").path("/archive").toString())
                .isEqualTo("[\"list\",\"download\",\"copy\"]");
        assertThat(readUser.path("has_password").asBoolean()).isTrue();
        assertThat(readUser.path("used_quota_size").asLong()).isZero();
        for (String field :
                List.of(
                        "allowed_ip",
                        "denied_ip",
                        "denied_login_methods",
                        "denied_protocols",
                        "max_upload_file_size",
                        "allow_api_key_auth",
                        "additional_emails")) {
            assertThat(readUser.path("filters").path(field))
                    .as("filters." + field)
                    .isEqualTo(user.path("filters").path(field));
        }
        assertThat(readUser.path("filters").path("denied_login_methods").get(0).asText())
                .isEqualTo("password-over-SSH");
        JsonNode patterns = readUser.path("filters").path("file_patterns").get(0);
        assertThat(names(patterns))
                .containsExactlyInAnyOrder("path", "allowed_patterns", "denied_patterns");
        JsonNode mapping = readUser.path("virtual_folders").get(0);
        assertThat(names(mapping))
                .containsExactlyInAnyOrder("name", "virtual_path", "quota_size", "quota_files");
        assertThat(mapping.path("quota_size").asLong()).isEqualTo(-1);
        assertThatS3IsKept(readUser.path("filesystem"), user.path("filesystem"));
        assertThat(names(readUser))
                .doesNotContain(
                        "groups",
                        "role",
                        "oidc_custom_fields",
                        "first_download",
                        "total_data_transfer",
                        "password");
        assertThat(names(readUser.path("filters")))
                .doesNotContain("totp_config", "recovery_codes", "access_time", "tls_certs");
        // A client's list of the folder's users is not taken.
        assertThat(readFolder.path("users").isEmpty()).isTrue();

        ObjectNode admin = fixture("admin");
        api.client.post("/api/v2/admins", root, admin.toString()).expect(201);
        JsonNode readAdmin =
                api.client.get("/api/v2/admins/sftpgo27-admin", root).expect(200).json();
        for (String field :
                List.of("status", "email", "permissions", "description", "additional_info")) {
            assertThat(readAdmin.path(field)).as(field).isEqualTo(admin.path(field));
        }
        assertThat(readAdmin.path("filters").path("allow_list"))
                .isEqualTo(admin.path("filters").path("allow_list"));
        assertThat(readAdmin.path("filters").path("allow_api_key_auth").asBoolean()).isTrue();
        assertThat(names(readAdmin)).doesNotContain("groups", "role", "password");
        assertThat(names(readAdmin.path("filters")))
                .containsExactlyInAnyOrder("allow_list", "allow_api_key_auth");

        ObjectNode apiKey = fixture("apikey");
        String key =
                api.client
                        .post("/api/v2/apikeys", root, apiKey.toString())
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
        String id = key.substring(0, key.indexOf('.'));
        assertThat(id).as("the server picks the id").isNotEqualTo(apiKey.path("id").asText());
        JsonNode readKey = api.client.get("/api/v2/apikeys/" + id, root).expect(200).json();
        for (String field : List.of("name", "scope", "expires_at", "description", "admin")) {
            assertThat(readKey.path(field)).as(field).isEqualTo(apiKey.path(field));
        }
        assertThat(names(readKey)).doesNotContain("key", "user");
    }

    @Test
    void theSameObjectsReplaceStoredOnesWithPut() {
        ObjectNode folder = fixture("folder");
        folder.put("name", "sftpgo27-put");
        api.client.post("/api/v2/folders", root, folder.toString()).expect(201);
        folder.put("description", "replaced");
        api.client.put("/api/v2/folders/sftpgo27-put", root, folder.toString()).expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/folders/sftpgo27-put", root)
                                .json()
                                .path("description")
                                .asText())
                .isEqualTo("replaced");

        ObjectNode user = fixture("user");
        user.put("username", "sftpgo27-put");
        ((ObjectNode) user.path("virtual_folders").get(0)).put("name", "sftpgo27-put");
        api.client.post("/api/v2/users", root, user.toString()).expect(201);
        ((ArrayNode) user.path("filters").path("additional_emails")).add("third@example.net");
        api.client.put("/api/v2/users/sftpgo27-put", root, user.toString()).expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/users/sftpgo27-put", root)
                                .json()
                                .path("filters")
                                .path("additional_emails"))
                .hasSize(3);

        ObjectNode admin = fixture("admin");
        admin.put("username", "sftpgo27-put");
        api.client.post("/api/v2/admins", root, admin.toString()).expect(201);
        admin.put("description", "replaced");
        api.client.put("/api/v2/admins/sftpgo27-put", root, admin.toString()).expect(200);
    }

    private static void assertThatS3IsKept(JsonNode read, JsonNode sent) {
        assertThat(read.path("provider").asInt()).isEqualTo(1);
        JsonNode s3 = read.path("s3config");
        for (String field :
                List.of(
                        "bucket",
                        "region",
                        "access_key",
                        "endpoint",
                        "storage_class",
                        "upload_part_size",
                        "upload_concurrency",
                        "key_prefix")) {
            assertThat(s3.path(field))
                    .as("s3config." + field)
                    .isEqualTo(sent.path("s3config").path(field));
        }
        assertThat(s3.path("access_secret").path("status").asText()).isEqualTo("Redacted");
        assertThat(s3.path("access_secret").has("payload")).isFalse();
        assertThat(names(read)).containsExactlyInAnyOrder("provider", "s3config");
    }

    private static String admin(String name, String permission) {
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
                {"username": "%s", "password": "long-enough-pw", "status": 1, "permissions": ["%s"]}"""
                                .formatted(name, permission))
                .expect(201);
        return api.client.token(name, "long-enough-pw");
    }

    @Test
    void aManageFoldersAdminManagesFoldersButCannotTouchUsers() {
        String folders = admin("only-folders", "manage_folders");
        api.client
                .post(
                        "/api/v2/users",
                        root,
                        """
                {"username": "victim", "password": "long-enough-pw", "permissions": {"/": ["*"]}}""")
                .expect(201);
        assertThat(api.client.get("/api/v2/users", folders).status()).isEqualTo(403);
        assertThat(api.client.get("/api/v2/users/victim", folders).status()).isEqualTo(403);
        var create =
                api.client.post(
                        "/api/v2/users",
                        folders,
                        """
                {"username": "intruder", "password": "long-enough-pw", "permissions": {"/": ["*"]}}""");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.message())
                .isEqualTo("this operation needs the admin permission \"add_users\"");
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/users/victim",
                                        folders,
                                        "{\"permissions\": {\"/\": [\"list\"]}}")
                                .status())
                .isEqualTo(403);
        assertThat(
                        api.client
                                .put(
                                        "/api/v2/quotas/users/victim/usage",
                                        folders,
                                        "{\"used_quota_size\": 0}")
                                .status())
                .isEqualTo(403);
        assertThat(api.client.delete("/api/v2/users/victim", folders).status()).isEqualTo(403);
        assertThat(api.client.get("/api/v2/users/intruder", root).status()).isEqualTo(404);
        assertThat(api.client.get("/api/v2/users/victim", root).json().path("permissions"))
                .isEqualTo(Json.read("{\"/\": [\"*\"]}", JsonNode.class));

        // What it may do: every folder route and the folder usage update.
        api.client.post("/api/v2/folders", folders, "{\"name\": \"by-folders-admin\"}").expect(201);
        api.client.get("/api/v2/folders", folders).expect(200);
        api.client
                .put("/api/v2/folders/by-folders-admin", folders, "{\"description\": \"edited\"}")
                .expect(200);
        api.client
                .put(
                        "/api/v2/quotas/folders/by-folders-admin/usage",
                        folders,
                        "{\"used_quota_size\": 10, \"used_quota_files\": 1}")
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/folders/by-folders-admin", folders)
                                .expect(200)
                                .json()
                                .path("used_quota_size")
                                .asLong())
                .isEqualTo(10);
        api.client.delete("/api/v2/folders/by-folders-admin", folders).expect(200);
        // It cannot start scans (quota_scans) nor manage admins.
        assertThat(
                        api.client
                                .send(
                                        "POST",
                                        "/api/v2/quotas/folders/x/scan",
                                        ApiClient.bearer(folders),
                                        null)
                                .status())
                .isEqualTo(403);
        assertThat(api.client.get("/api/v2/admins", folders).status()).isEqualTo(403);
    }

    @Test
    void aViewUsersAdminCannotCreateChangeOrDeleteFolders() {
        String viewer = admin("only-view-users", "view_users");
        api.client.post("/api/v2/folders", root, "{\"name\": \"viewed\"}").expect(201);
        var create = api.client.post("/api/v2/folders", viewer, "{\"name\": \"sneaky\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.message())
                .isEqualTo(
                        "this operation needs one of the admin permissions \"add_users\" or"
                                + " \"manage_folders\"");
        assertThat(
                        api.client
                                .put("/api/v2/folders/viewed", viewer, "{\"description\": \"x\"}")
                                .status())
                .isEqualTo(403);
        assertThat(api.client.delete("/api/v2/folders/viewed", viewer).status()).isEqualTo(403);
        assertThat(api.client.get("/api/v2/folders/sneaky", root).status()).isEqualTo(404);
        api.client.get("/api/v2/folders/viewed", viewer).expect(200);
    }

    @Test
    void disableMfaIsAcceptedAndGrantsNothing() {
        String mfa = admin("only-disable-mfa", "disable_mfa");
        assertThat(api.client.get("/api/v2/users", mfa).status()).isEqualTo(403);
        assertThat(api.client.get("/api/v2/folders", mfa).status()).isEqualTo(403);
        assertThat(api.client.get("/api/v2/admins", mfa).status()).isEqualTo(403);
        assertThat(
                        api.client
                                .get("/api/v2/admins/only-disable-mfa", root)
                                .json()
                                .path("permissions")
                                .get(0)
                                .asText())
                .isEqualTo("disable_mfa");
    }

    @Test
    void aBadAdditionalEmailIsA400NamingItAndNothingIsCreated() {
        ObjectNode user = fixture("user");
        user.put("username", "bad-emails");
        user.remove("virtual_folders");
        ((ObjectNode) user.path("filters"))
                .set(
                        "additional_emails",
                        Json.read("[\"ok@example.com\", \"not-an-address\"]", JsonNode.class));
        var reply = api.client.post("/api/v2/users", root, user.toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("errors").findValuesAsText("field"))
                .containsExactly("filters.additional_emails[1]");
        assertThat(reply.message()).contains("must be an e-mail address");
        assertThat(api.client.get("/api/v2/users/bad-emails", root).status()).isEqualTo(404);

        ((ObjectNode) user.path("filters"))
                .set("additional_emails", Json.read("[\"ok@example.com\", null]", JsonNode.class));
        var nullEntry = api.client.post("/api/v2/users", root, user.toString());
        assertThat(nullEntry.status()).as(nullEntry.body()).isEqualTo(400);
        assertThat(nullEntry.json().path("errors").findValuesAsText("field"))
                .containsExactly("filters.additional_emails[1]");
        assertThat(api.client.get("/api/v2/users/bad-emails", root).status()).isEqualTo(404);
    }

    @Test
    void aNonEmptySubpathIsRefusedRatherThanWideningTheMount() {
        api.client.post("/api/v2/folders", root, "{\"name\": \"whole\"}").expect(201);
        var reply =
                api.client.post(
                        "/api/v2/users",
                        root,
                        """
                {"username": "subpath-user", "password": "long-enough-pw", "permissions": {"/": ["*"]},
                 "virtual_folders": [{"name": "whole", "virtual_path": "/w", "subpath": "/only/this"}]}""");
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("errors").findValuesAsText("field"))
                .containsExactly("virtual_folders[0].subpath");
        assertThat(api.client.get("/api/v2/users/subpath-user", root).status()).isEqualTo(404);
    }
}
