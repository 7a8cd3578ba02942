package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sluice} CLI against the local system: each command's happy path and a refusal, the
 * three output formats, the exit codes (0 ok, 1 API refusal, 2 usage, 3 no connection, 4
 * authentication), profiles, the token cache and {@code --debug}'s masking.
 */
class CliTest {

    static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF8L80UgIoLW3Um7ltkRiWMq9QagdoXlNpQl8m0x/hW5"
                    + " alice@example";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path data;
    static LocalSystem system;
    static String adminPassword;

    @TempDir Path home;

    @BeforeAll
    static void start() {
        system =
                LocalSystem.start(
                        new LocalConfig(Optional.of(data), InetAddress.getLoopbackAddress(), 0, 0));
        adminPassword = system.newAdminPassword().orElseThrow();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    /** The admin, from the environment as a CI job would set it. */
    CliRunner admin() {
        return new CliRunner(
                Map.of(
                        "HOME", home.toString(),
                        "SLUICE_URL", system.apiUri().toString(),
                        "SLUICE_USER", system.adminUsername(),
                        "SLUICE_PASSWORD", adminPassword));
    }

    static CliRunner.Result ok(CliRunner.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    static JsonNode json(CliRunner.Result result) throws Exception {
        return JSON.readTree(ok(result).out());
    }

    @Test
    void usersAddGetListUpdateDelete() throws Exception {
        CliRunner cli = admin();
        JsonNode added =
                json(
                        cli.run(
                                "users",
                                "add",
                                "alice",
                                "--public-key",
                                KEY,
                                "--quota-size",
                                "1048576",
                                "--permissions",
                                "list,download,upload",
                                "--subdirs-permissions",
                                "/outbox::list,download",
                                "--allowed-ip",
                                "192.0.2.0/24",
                                "--expiration-date",
                                "2099-01-01",
                                "--denied-patterns",
                                "/::*.exe"));
        assertThat(added.path("username").asText()).isEqualTo("alice");
        assertThat(added.path("status").asInt()).isEqualTo(1);
        assertThat(added.path("permissions").path("/outbox").toString())
                .isEqualTo("[\"list\",\"download\"]");
        assertThat(added.path("filters").path("allowed_ip").get(0).asText())
                .isEqualTo("192.0.2.0/24");
        assertThat(added.path("expiration_date").asLong()).isEqualTo(4070908800000L);

        CliRunner.Result table = ok(cli.run("users", "get", "alice", "--output", "table"));
        assertThat(table.out())
                .containsPattern("(?m)^username +alice$")
                .containsPattern("(?m)^quota_size +1048576$")
                .containsPattern("(?m)^permissions\\./outbox +list,download$");

        ok(cli.run("users", "update", "alice", "--quota-size", "2048", "--allowed-ip", ""));
        JsonNode updated = json(cli.run("users", "get", "alice"));
        assertThat(updated.path("quota_size").asLong()).isEqualTo(2048);
        assertThat(updated.path("public_keys").size()).as("kept").isEqualTo(1);
        assertThat(updated.path("permissions").has("/outbox")).as("kept").isTrue();
        assertThat(updated.path("filters").path("allowed_ip").size()).isZero();

        CliRunner.Result list = ok(cli.run("users", "list", "--output", "table"));
        assertThat(list.out().lines().findFirst().orElseThrow())
                .startsWith("id")
                .contains("username");
        assertThat(list.out()).containsPattern("(?m)^\\d+ +alice ");
        assertThat(json(cli.run("get-users", "--limit", "1")).isArray()).isTrue();
        assertThat(json(cli.run("get-user-by-id", "alice")).path("username").asText())
                .isEqualTo("alice");

        assertThat(ok(cli.run("users", "delete", "alice")).out()).contains("User deleted");
        CliRunner.Result gone = cli.run("users", "get", "alice");
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
        assertThat(gone.out()).isEmpty();
        assertThat(gone.err()).contains("HTTP 404");
    }

    @Test
    void anInvalidUserIsRefusedWithEachFieldTheApiNames() {
        CliRunner.Result refused =
                admin().run(
                                "add-user",
                                "bob",
                                "--public-key",
                                "ssh-dss AAAA",
                                "--allowed-ip",
                                "10.0.0.0/08");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err())
                .contains("HTTP 400")
                .containsPattern("(?m)^  public_keys\\[0\\]: .+")
                .containsPattern("(?m)^  filters\\.allowed_ip\\[0\\]: .+\\(got \"10.0.0.0/08\"\\)");
    }

    @Test
    void usersAddTakesAWholeDocumentFromStandardInput() throws Exception {
        String document =
                "{\"username\": \"carol\", \"status\": 1, \"password\": \"long enough pw\","
                        + " \"permissions\": {\"/\": [\"list\"]}}";
        JsonNode added = json(admin().stdin(document).run("users", "add", "--from-file", "-"));
        assertThat(added.path("permissions").path("/").toString()).isEqualTo("[\"list\"]");
        assertThat(added.path("has_password").asBoolean()).isTrue();
        ok(admin().run("delete-user", "carol"));
    }

    @Test
    void convertUsersApplyRestoresThroughTheApi() throws Exception {
        Path ftpasswd =
                SftpgoMigrationTest.fixtures()
                        .getParent()
                        .getParent()
                        .getParent()
                        .getParent()
                        .getParent()
                        .getParent()
                        .resolve("cli/src/test/resources/convert/proftpd/ftpd.passwd");
        CliRunner.Result applied =
                admin().run(
                                "convert-users",
                                "--source",
                                "proftpd",
                                "--input",
                                ftpasswd.toString(),
                                "--apply");
        JsonNode report = json(applied);
        assertThat(report.path("message").asText()).isEqualTo("Data restored");
        assertThat(report.at("/counts/users/created").asInt()).isPositive();
        assertThat(applied.err()).contains("converted");
        // --apply and --output-file together: a usage error, nothing sent.
        CliRunner.Result both =
                admin().run(
                                "convert-users",
                                "--source",
                                "proftpd",
                                "--input",
                                ftpasswd.toString(),
                                "--apply",
                                "--output-file",
                                home.resolve("x.json").toString());
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void createUserIsSftpGatewaysShortcut() throws Exception {
        JsonNode own =
                json(admin().run("create-user", "--username", "robtest", "--public-key", KEY));
        assertThat(own.path("filesystem").path("provider").asInt()).isZero();
        assertThat(own.path("permissions").path("/").toString()).isEqualTo("[\"*\"]");
        JsonNode elsewhere =
                json(
                        admin().run(
                                        "create-user",
                                        "--username",
                                        "robother",
                                        "--bucket-name",
                                        "customer-bucket",
                                        "--password",
                                        "long enough pw"));
        assertThat(elsewhere.path("filesystem").path("provider").asInt()).isEqualTo(1);
        assertThat(elsewhere.path("filesystem").path("s3config").path("bucket").asText())
                .isEqualTo("customer-bucket");
        assertThat(elsewhere.path("filesystem").path("s3config").path("key_prefix").asText())
                .isEqualTo("robother/");
        ok(admin().run("delete-user", "--username", "robtest"));
        ok(admin().run("delete-user", "--username", "robother"));

        CliRunner.Result noCredential = admin().run("create-user", "--username", "nokey");
        assertThat(noCredential.exitCode()).as(noCredential.toString()).isEqualTo(1);
        CliRunner.Result noName = admin().run("create-user");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("--username");
    }

    @Test
    void adminsAndWhatALimitedAdminIsRefused() throws Exception {
        Path passwordFile = home.resolve("viewer.password");
        Files.writeString(passwordFile, "viewer password 1\n");
        JsonNode viewer =
                json(
                        admin().run(
                                        "admins",
                                        "add",
                                        "viewer",
                                        "--password-file",
                                        passwordFile.toString(),
                                        "--permissions",
                                        "view_users"));
        assertThat(viewer.path("permissions").toString()).isEqualTo("[\"view_users\"]");
        assertThat(ok(admin().run("admins", "list", "-o", "table")).out()).contains("viewer");
        ok(admin().run("admins", "update", "viewer", "--description", "read only"));
        assertThat(json(admin().run("admins", "get", "viewer")).path("description").asText())
                .isEqualTo("read only");

        CliRunner asViewer =
                admin().with("SLUICE_USER", "viewer").with("SLUICE_PASSWORD", "viewer password 1");
        ok(asViewer.run("users", "list"));
        CliRunner.Result forbidden = asViewer.run("users", "add", "mallory", "--public-key", KEY);
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(4);
        assertThat(forbidden.err()).contains("HTTP 403");

        ok(admin().run("admins", "delete", "viewer"));
    }

    @Test
    void apiKeysAreCreatedShownOnceAndWorkFromTheEnvironment() throws Exception {
        ok(admin().run("admins", "update", "admin", "--allow-api-key-auth", "true"));
        JsonNode created =
                json(admin().run("apikeys", "add", "--name", "ci", "--for-admin", "admin"));
        String key = created.path("key").asText();
        assertThat(key).isNotEmpty();
        JsonNode listed = json(admin().run("apikeys", "list"));
        String id = listed.get(0).path("id").asText();
        ok(admin().run("apikeys", "update", id, "--description", "pipeline"));
        assertThat(json(admin().run("apikeys", "get", id)).path("description").asText())
                .isEqualTo("pipeline");

        CliRunner withKey =
                admin().with("SLUICE_USER", null)
                        .with("SLUICE_PASSWORD", null)
                        .with("SLUICE_API_KEY", key);
        assertThat(json(withKey.run("users", "list")).isArray()).isTrue();
        CliRunner.Result keysCannotManageKeys = withKey.run("apikeys", "list");
        assertThat(keysCannotManageKeys.exitCode())
                .as(keysCannotManageKeys.toString())
                .isEqualTo(4);

        ok(admin().run("apikeys", "delete", id));
        CliRunner.Result revoked = withKey.run("users", "list");
        assertThat(revoked.exitCode()).as(revoked.toString()).isEqualTo(4);
        assertThat(revoked.err()).contains("HTTP 401").contains("hint:");
    }

    @Test
    void foldersConnectionsAndQuota() throws Exception {
        CliRunner cli = admin();
        assertThat(
                        json(cli.run("folders", "add", "reports", "--description", "r"))
                                .path("name")
                                .asText())
                .isEqualTo("reports");
        ok(cli.run("folders", "update", "reports", "--description", "monthly"));
        assertThat(json(cli.run("folders", "get", "reports")).path("description").asText())
                .isEqualTo("monthly");
        assertThat(ok(cli.run("folders", "list", "-o", "table")).out()).contains("reports");
        CliRunner.Result badName = cli.run("folders", "add", "..");
        assertThat(badName.exitCode()).as(badName.toString()).isEqualTo(1);

        assertThat(json(cli.run("connections", "list")).isArray()).isTrue();
        assertThat(json(cli.run("get-connections")).isArray()).isTrue();
        CliRunner.Result unknown = cli.run("close-connection", "nosuchconnection");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);

        ok(cli.run("create-user", "--username", "dave", "--public-key", KEY));
        ok(cli.run("quota", "scan", "dave"));
        ok(cli.run("quota", "scan", "--folder", "reports"));
        assertThat(json(cli.run("quota", "scans")).isArray()).isTrue();
        assertThat(json(cli.run("get-quota-scans", "--folders")).isArray()).isTrue();
        ok(cli.run("quota", "usage", "dave", "--used-size", "10", "--used-files", "1"));
        assertThat(json(cli.run("users", "get", "dave")).path("used_quota_size").asLong())
                .isEqualTo(10);
        assertThat(json(cli.run("quota", "history", "--limit", "5")).isArray()).isTrue();
        CliRunner.Result nobody = cli.run("start-quota-scan", "nobody");
        assertThat(nobody.exitCode()).as(nobody.toString()).isEqualTo(1);
        CliRunner.Result nothing = cli.run("quota", "usage", "dave");
        assertThat(nothing.exitCode()).isEqualTo(2);
        ok(cli.run("users", "delete", "dave"));
        ok(cli.run("folders", "delete", "reports"));
    }

    @Test
    void defenderHostsHostAndDelete() throws Exception {
        CliRunner cli = admin();
        // One wrong password from loopback scores it (far below the ban threshold).
        CliRunner.Result wrong = admin().with("SLUICE_PASSWORD", "not the password").run("version");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(4);
        JsonNode hosts = json(cli.run("defender", "hosts"));
        JsonNode loopback = null;
        for (JsonNode host : hosts) {
            if (host.path("ip").asText().equals("127.0.0.1")) {
                loopback = host;
            }
        }
        assertThat(loopback).as(hosts.toString()).isNotNull();
        assertThat(loopback.path("id").asText()).isEqualTo("3132372e302e302e31");
        assertThat(loopback.path("score").asInt()).isPositive();
        assertThat(ok(cli.run("defender", "hosts", "-o", "table")).out())
                .containsPattern("(?m)^id +ip +score")
                .containsPattern("(?m)^3132372e302e302e31 +127\\.0\\.0\\.1 +\\d+$");
        assertThat(ok(cli.run("defender", "host", "127.0.0.1", "-o", "table")).out())
                .containsPattern("(?m)^ip +127\\.0\\.0\\.1$");
        assertThat(ok(cli.run("defender", "delete", "3132372e302e302e31")).out())
                .contains("Host removed");
        CliRunner.Result gone = cli.run("defender", "host", "127.0.0.1");
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
        assertThat(gone.err()).contains("HTTP 404");
        CliRunner.Result neither = cli.run("defender", "delete", "localhost");
        assertThat(neither.exitCode()).as(neither.toString()).isEqualTo(2);
        assertThat(neither.err()).contains("is neither an IP address");
    }

    @Test
    void retentionChecksAndPolicies() throws Exception {
        CliRunner cli = admin();
        ok(cli.run("create-user", "--username", "erin", "--public-key", KEY));
        ok(cli.run("retention", "check", "erin", "--rule", "/logs::24", "--delete-empty-dirs"));
        assertThat(json(cli.run("retention", "checks")).isArray()).isTrue();
        assertThat(json(cli.run("retention", "history", "--limit", "1")).isArray()).isTrue();
        CliRunner.Result badRule = cli.run("retention", "check", "erin", "--rule", "/logs::soon");
        assertThat(badRule.exitCode()).isEqualTo(2);
        assertThat(badRule.err()).contains("/path::hours");

        JsonNode policy =
                json(
                        cli.run(
                                "retention",
                                "policies",
                                "add",
                                "nightly",
                                "--rule",
                                "/logs::168",
                                "--usernames",
                                "erin",
                                "--schedule",
                                "cron(0 3 * * ? *)"));
        assertThat(policy.path("name").asText()).isEqualTo("nightly");
        assertThat(ok(cli.run("retention", "policies", "list", "-o", "table")).out())
                .contains("nightly");
        ok(cli.run("retention", "policies", "update", "nightly", "--enabled", "false"));
        assertThat(
                        json(cli.run("retention", "policies", "get", "nightly"))
                                .path("enabled")
                                .asBoolean())
                .isFalse();
        ok(cli.run("retention", "policies", "run", "nightly"));
        CliRunner.Result badSchedule =
                cli.run(
                        "retention",
                        "policies",
                        "add",
                        "broken",
                        "--rule",
                        "/x::1",
                        "--all-users",
                        "--schedule",
                        "whenever");
        assertThat(badSchedule.exitCode()).as(badSchedule.toString()).isEqualTo(1);
        assertThat(badSchedule.err()).contains("schedule");
        ok(cli.run("retention", "policies", "delete", "nightly"));
        ok(cli.run("users", "delete", "erin"));
    }

    @Test
    void dumpdataAndLoaddataRoundTrip() throws Exception {
        CliRunner cli = admin();
        ok(cli.run("create-user", "--username", "frank", "--public-key", KEY));
        Path dump = home.resolve("backup.json");
        ok(cli.run("dumpdata", "--output-data", dump.toString(), "--indent"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)))
                .isEqualTo("rw-------");
        assertThat(JSON.readTree(dump.toFile()).path("users").toString()).contains("frank");
        JsonNode toStdout = json(cli.run("dumpdata", "--output-data"));
        assertThat(toStdout.has("admins")).isTrue();
        ok(cli.run("dumpdata", "nightly.json"));

        ok(cli.run("users", "delete", "frank"));
        JsonNode report = json(cli.run("loaddata", "--input-file", dump.toString(), "--mode", "1"));
        assertThat(report.toString()).contains("users");
        assertThat(json(cli.run("users", "get", "frank")).path("username").asText())
                .isEqualTo("frank");
        ok(cli.run("loaddata", "--from-bucket", "nightly.json"));

        CliRunner.Result missing = cli.run("loaddata", "--from-bucket", "no-such-dump.json");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        CliRunner.Result neither = cli.run("loaddata");
        assertThat(neither.exitCode()).isEqualTo(2);
        CliRunner.Result notJson =
                cli.run("loaddata", "--input-file", home.resolve("none").toString());
        assertThat(notJson.exitCode()).isEqualTo(2);
        ok(cli.run("users", "delete", "frank"));
    }

    @Test
    void versionStatusAndTheOutputFormats() throws Exception {
        CliRunner cli = admin();
        assertThat(json(cli.run("version")).has("version")).isTrue();
        assertThat(json(cli.run("get-version")).has("version")).isTrue();
        assertThat(json(cli.run("get-provider-status")).has("data_provider")).isTrue();
        CliRunner.Result yaml = ok(cli.run("status", "--output", "yaml"));
        assertThat(yaml.out()).containsPattern("(?m)^data_provider:$");
        CliRunner.Result table = ok(cli.run("version", "-o", "table"));
        assertThat(table.out()).containsPattern("(?m)^version +\\S+");
        CliRunner.Result raw = ok(cli.run("version"));
        assertThat(raw.out()).doesNotContain("\u001b[");
        assertThat(ok(cli.run("version", "--color", "-o", "table")).out()).contains("\u001b[1m");
    }

    @Test
    void exitCodesForUsageConnectionAndAuthentication() throws Exception {
        CliRunner.Result usage = admin().run("users", "list", "--no-such-option");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--no-such-option");
        assertThat(admin().run("users").exitCode()).isEqualTo(2);
        CliRunner.Result badPermissions =
                admin().run("users", "add", "x", "--subdirs-permissions", "/nodelimiter");
        assertThat(badPermissions.exitCode()).isEqualTo(2);
        assertThat(badPermissions.err()).contains("/path::value");

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CliRunner.Result down = admin().run("--base-url", "http://127.0.0.1:" + closed, "version");
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(3);
        assertThat(down.err()).contains("cannot connect");

        CliRunner.Result wrong =
                admin().with("SLUICE_PASSWORD", "not the password").run("users", "list");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(4);
        assertThat(wrong.err()).contains("HTTP 401");

        CliRunner nobody = admin().with("SLUICE_USER", null).with("SLUICE_PASSWORD", null);
        assertThat(nobody.run("users", "list").exitCode()).isEqualTo(4);
        CliRunner.Result noPassword = admin().with("SLUICE_PASSWORD", null).run("users", "list");
        assertThat(noPassword.exitCode()).isEqualTo(4);
        assertThat(noPassword.err()).contains("--password-file");
        assertThat(
                        admin().with("SLUICE_PASSWORD", null)
                                .answering(adminPassword)
                                .run("version")
                                .exitCode())
                .as("the prompt answers")
                .isZero();
    }

    @Test
    void aPasswordOnTheCommandLineWarnsAndDebugMasksEverySecret() {
        CliRunner.Result result =
                admin().with("SLUICE_PASSWORD", null)
                        .run(
                                "--password",
                                adminPassword,
                                "--debug",
                                "users",
                                "add",
                                "gina",
                                "--password",
                                "gina secret pw",
                                "--public-key",
                                KEY);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err())
                .contains("warning: --password on the command line")
                .contains("> GET " + system.apiUri())
                .contains("Authorization: Basic ***")
                .contains("Authorization: Bearer ***")
                .contains("\"password\":\"***\"")
                .contains("\"access_token\":\"***\"")
                .doesNotContain(adminPassword)
                .doesNotContain("gina secret pw");
        ok(admin().run("users", "delete", "gina"));
    }

    @Test
    void profilesAreReadOnlyWhenPrivate() throws Exception {
        Path config = home.resolve(".config/sluice/config");
        Files.createDirectories(config.getParent());
        Files.writeString(
                config,
                "[default]\nurl = http://127.0.0.1:1\n\n[local]\nurl = "
                        + system.apiUri()
                        + "\nuser = admin\npassword = "
                        + adminPassword
                        + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner bare = new CliRunner(Map.of("HOME", home.toString()));
        CliRunner.Result open = bare.run("--profile", "local", "version");
        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.err()).contains("chmod 600 " + config);

        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        ok(bare.run("--profile", "local", "users", "list"));
        ok(bare.with("SLUICE_PROFILE", "local").run("users", "list"));
        CliRunner.Result unknown = bare.run("--profile", "prod", "version");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("[default, local]");
        assertThat(bare.run("version").exitCode())
                .as("the default profile's dead URL")
                .isEqualTo(3);

        Path tokens = home.resolve(".cache/sluice/tokens");
        assertThat(tokens).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(tokens)).doesNotContain(adminPassword);
    }

    @Test
    void aTokenIsReusedUntilItExpiresAndRenewedWhenRevoked() {
        CliRunner cli = admin();
        CliRunner.Result first = ok(cli.run("--debug", "version"));
        assertThat(first.err()).contains("/api/v2/token");
        CliRunner.Result second = ok(cli.run("--debug", "version"));
        assertThat(second.err()).contains("token from the cache").doesNotContain("/api/v2/token");
        ok(cli.run("logout"));
        CliRunner.Result afterLogout = ok(cli.run("--debug", "version"));
        assertThat(afterLogout.err()).contains("token refused; asking for a new one");
        CliRunner.Result otherPassword =
                cli.with("SLUICE_PASSWORD", "another password").run("--debug", "version");
        assertThat(otherPassword.exitCode())
                .as("a cached token never answers for another password")
                .isEqualTo(4);
    }

    @Test
    void completionScripts() {
        CliRunner.Result bash = ok(admin().run("completion", "bash"));
        assertThat(bash.out()).contains("complete -F").contains("create-user").contains("users");
        CliRunner.Result zsh = ok(admin().run("completion", "zsh"));
        assertThat(zsh.out()).startsWith("#compdef sluice").contains("bashcompinit");
        assertThat(admin().run("completion", "fish").exitCode()).isEqualTo(2);
    }
}
