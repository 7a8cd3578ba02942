package dev.sluice.json;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.admins.Admin;
import dev.sluice.users.User;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsSftpgoUserJsonAndIgnoresTheFieldsSluiceDoesNotSupport() {
        String json =
                """
            {"id": 9576, "status": 1, "username": "alice", "email": "alice@example.com",
             "expiration_date": 0, "password": "s3cret-pass", "public_keys": [],
             "home_dir": "/srv/sftpgo/data/alice", "uid": 0, "gid": 0, "max_sessions": 2,
             "quota_size": 1048576, "quota_files": 10, "permissions": {"/": ["*"], "/in": ["list", "upload"]},
             "upload_bandwidth": 100, "download_bandwidth": 60, "groups": [], "role": "",
             "first_download": 0, "first_upload": 0, "last_password_change": 0,
             "total_data_transfer": 0, "upload_data_transfer": 0, "download_data_transfer": 0,
             "filters": {"allowed_ip": ["192.0.2.0/24"], "hooks": {"external_auth_disabled": false},
                         "web_client": ["write-disabled"], "totp_config": {"enabled": false},
                         "allow_api_key_auth": true, "max_upload_file_size": 5000},
             "filesystem": {"provider": 1, "gcsconfig": {}, "azblobconfig": {},
                            "s3config": {"bucket": "b1", "region": "eu-west-1", "key_prefix": "alice/",
                                         "acl": "private", "download_concurrency": 2}},
             "virtual_folders": [{"id": 3, "name": "shared", "mapped_path": "/x", "virtual_path": "/shared",
                                  "quota_size": -1, "quota_files": -1, "users": ["alice"]}],
             "additional_info": "imported"}
            """;
        User user = Json.read(json, User.class);
        assertThat(user.username()).isEqualTo("alice");
        assertThat(user.quotaSize()).isEqualTo(1048576);
        assertThat(user.permissions()).containsEntry("/in", List.of("list", "upload"));
        assertThat(user.filters().allowApiKeyAuth()).isTrue();
        assertThat(user.filters().maxUploadFileSize()).isEqualTo(5000);
        assertThat(user.filesystem().s3config().keyPrefix()).isEqualTo("alice/");
        assertThat(user.virtualFolders().getFirst().virtualPath()).isEqualTo("/shared");
    }

    @Test
    void unknownFieldIsNamedWithItsPath() {
        assertThat(
                        errorsOf(
                                () ->
                                        Json.read(
                                                "{\"username\": \"a\", \"quota_sise\": 5}",
                                                User.class)))
                .singleElement()
                .asString()
                .startsWith("quota_sise: unknown field; allowed fields here: [");
        assertThat(errorsOf(() -> Json.read("{\"filters\": {\"allowed_ips\": []}}", User.class)))
                .singleElement()
                .asString()
                .startsWith("filters.allowed_ips: unknown field");
    }

    @Test
    void wrongTypesAreRefusedNotCoerced() {
        assertThat(errorsOf(() -> Json.read("{\"quota_size\": \"100\"}", User.class)))
                .containsExactly("quota_size: wrong type: expected an integer");
        assertThat(errorsOf(() -> Json.read("{\"quota_files\": 1.5}", User.class)))
                .containsExactly("quota_files: wrong type: expected an integer (got \"1.5\")");
        assertThat(errorsOf(() -> Json.read("{\"username\": 42}", User.class)))
                .containsExactly("username: wrong type: expected a string (got \"42\")");
        assertThat(
                        errorsOf(
                                () ->
                                        Json.read(
                                                "{\"filters\": {\"allow_api_key_auth\": \"yes\"}}",
                                                User.class)))
                .containsExactly("filters.allow_api_key_auth: wrong type: expected true or false");
        assertThat(errorsOf(() -> Json.read("{\"public_keys\": \"ssh-ed25519 AAAA\"}", User.class)))
                .containsExactly("public_keys: wrong type: expected an array");
        assertThat(errorsOf(() -> Json.read("{\"permissions\": []}", User.class)))
                .containsExactly("permissions: wrong type: expected an object");
    }

    @Test
    void malformedDocumentsSayWhere() {
        assertThat(errorsOf(() -> Json.read("{\"username\": \"a\",}", User.class)))
                .singleElement()
                .asString()
                .startsWith("body: malformed JSON at line 1, column 18");
        assertThat(errorsOf(() -> Json.read("{\"username\": \"a\"} trailing", User.class)))
                .singleElement()
                .asString()
                .startsWith("body: malformed JSON");
        assertThat(errorsOf(() -> Json.read("", User.class)))
                .containsExactly("body: a JSON document is required");
        assertThat(errorsOf(() -> Json.read("null", User.class)))
                .containsExactly("body: a JSON document is required, not null (got \"null\")");
        assertThat(errorsOf(() -> Json.read("[1]", User.class)))
                .containsExactly("body: wrong type: expected an object");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(
                        errorsOf(
                                () ->
                                        Json.read(
                                                "{\"username\": \"a\", \"username\": \"b\"}",
                                                User.class)))
                .singleElement()
                .asString()
                .isEqualTo("body: Duplicate field \"username\"");
    }

    @Test
    void unknownSecretStatusListsTheAllowedOnes() {
        String json =
                "{\"filesystem\": {\"provider\": 1, \"s3config\": {\"access_secret\": {\"status\": \"Clear\"}}}}";
        assertThat(errorsOf(() -> Json.read(json, User.class)))
                .singleElement()
                .asString()
                .isEqualTo(
                        "filesystem.s3config.access_secret.status: unknown secret status \"Clear\"; allowed: "
                                + "[Plain, AES-256-GCM, Secretbox, GCP, AWS, VaultTransit, AzureKeyVault, Redacted]");
    }

    @Test
    void writesSnakeCaseAndOmitsEmptyOptionalFields() {
        Admin admin = new Admin(0, "root", null, 1, null, null, List.of("*"), null, null, 0, 0, 0);
        String json = Json.write(admin);
        assertThat(json)
                .isEqualTo(
                        "{\"id\":0,\"username\":\"root\",\"status\":1,\"permissions\":[\"*\"],"
                                + "\"filters\":{\"allow_api_key_auth\":false},\"created_at\":0,\"updated_at\":0,\"last_login\":0}");
    }

    @Test
    void deeplyNestedInputIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThat(
                        errorsOf(
                                () ->
                                        Json.read(
                                                "{\"filters\": {\"hooks\": " + deep + "}}",
                                                User.class)))
                .singleElement()
                .asString()
                .startsWith("body: malformed JSON");
    }

    @Test
    void everyProblemOfADocumentIsReportedAtOnce() {
        String json =
                """
            {"username": 42, "quota_sise": 5, "quota_size": "100", "public_keys": ["a", 7, "b", {}],
             "filters": {"allowed_ips": [], "allow_api_key_auth": "yes", "denied_ip": ["x", 1]},
             "permissions": {"/": ["*", 3]}, "colour": "blue"}
            """;
        assertThat(errorsOf(() -> Json.read(json, User.class)))
                .containsExactlyInAnyOrder(
                        "username: wrong type: expected a string (got \"42\")",
                        "quota_sise: unknown field; allowed fields here: " + knownUserFields(),
                        "quota_size: wrong type: expected an integer",
                        "public_keys[1]: wrong type: expected a string (got \"7\")",
                        "public_keys[3]: wrong type: expected a string",
                        "filters.allowed_ips: unknown field; allowed fields here: "
                                + knownFilterFields(),
                        "filters.allow_api_key_auth: wrong type: expected true or false",
                        "filters.denied_ip[1]: wrong type: expected a string (got \"1\")",
                        "permissions./[1]: wrong type: expected a string (got \"3\")",
                        "colour: unknown field; allowed fields here: " + knownUserFields());
    }

    @Test
    void ruleViolationsOfTheRestOfTheDocumentComeWithTheTypeErrors() {
        String json =
                "{\"username\": \"bad name!\", \"quota_size\": \"big\", \"status\": 7, \"colour\": 1,"
                        + " \"permissions\": {\"/\": [\"*\"]}, \"password\": \"long-enough-password\"}";
        assertThat(
                        errorsOf(
                                () ->
                                        Json.read(
                                                json,
                                                User.class,
                                                u ->
                                                        new dev.sluice.users.UserValidator(
                                                                        "installation-bucket")
                                                                .validate(u))))
                .containsExactlyInAnyOrder(
                        "quota_size: wrong type: expected an integer",
                        "colour: unknown field; allowed fields here: " + knownUserFields(),
                        "username: may only contain letters, digits and . _ ~ - (got \"bad name!\")",
                        "status: must be 0 (disabled) or 1 (enabled) (got \"7\")");
        // A field with a type error is not reported a second time by the rules (username is missing
        // once removed).
        assertThat(
                        errorsOf(
                                () ->
                                        Json.read(
                                                "{\"username\": 1, \"password\": \"long-enough-password\", \"permissions\": {\"/\": [\"*\"]}}",
                                                User.class,
                                                u ->
                                                        new dev.sluice.users.UserValidator(
                                                                        "installation-bucket")
                                                                .validate(u))))
                .containsExactly("username: wrong type: expected a string (got \"1\")");
    }

    @Test
    void aHostileDocumentCostsABoundedNumberOfPasses() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            json.append("\"f").append(i).append("\": 1,");
        }
        json.append("\"username\": \"a\"}");
        assertThat(errorsOf(() -> Json.read(json.toString(), User.class)))
                .hasSize(Json.MAX_REPORTED_PROBLEMS + 1);
    }

    private static String knownUserFields() {
        return errorsOf(() -> Json.read("{\"zz\": 1}", User.class))
                .getFirst()
                .replaceFirst("^zz: unknown field; allowed fields here: ", "");
    }

    private static String knownFilterFields() {
        return errorsOf(() -> Json.read("{\"filters\": {\"zz\": 1}}", User.class))
                .getFirst()
                .replaceFirst("^filters.zz: unknown field; allowed fields here: ", "");
    }
}
