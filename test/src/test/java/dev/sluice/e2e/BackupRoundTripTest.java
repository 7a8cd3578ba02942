package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of one local installation restored into a fresh one: the same users (who log in with the
 * same password and key), folders, admins, API keys and retention policies. Once into an
 * installation holding the same master key (a sealed dump), once into one with its own (a dump with
 * {@code secrets=plain}).
 */
class BackupRoundTripTest {

    /** What the server sets on its own: not part of what a restore must reproduce. */
    private static final List<String> SERVER_FIELDS =
            List.of("id", "created_at", "updated_at", "last_login", "last_use_at");

    @TempDir Path home;

    private LocalSystem start(Path data) {
        return LocalSystem.start(
                new LocalConfig(Optional.of(data), InetAddress.getLoopbackAddress(), 0, 0));
    }

    @Test
    void aDumpRestoresIntoAFreshInstallation() throws Exception {
        Tools.require("sftp", "sshpass", "ssh-keygen");
        OpenSshClient sftp = new OpenSshClient(home);
        Path key = sftp.newKey("rt-key");
        String publicKey = Files.readString(Path.of(key + ".pub")).strip();
        Path dataA = home.resolve("a");
        String sealed;
        String plain;
        JsonNode before;
        String apiKey;
        String adminPassword;
        try (LocalSystem a = start(dataA)) {
            Http http = new Http(a.apiUri());
            adminPassword = a.newAdminPassword().orElseThrow();
            String token = http.token(a.adminUsername(), adminPassword);
            http.call(
                    "POST",
                    "/api/v2/folders",
                    token,
                    "{\"name\": \"rt-shared\", \"description\": \"shared\"}",
                    201);
            http.call(
                    "POST",
                    "/api/v2/users",
                    token,
                    """
                    {"username": "rt-user", "status": 1, "password": "rt-user-passw0rd",
                     "public_keys": ["%s"], "quota_size": 10485760,
                     "permissions": {"/": ["*"]}, "filters": {"allow_api_key_auth": true},
                     "virtual_folders": [{"name": "rt-shared", "virtual_path": "/shared"}]}"""
                            .formatted(publicKey),
                    201);
            http.call(
                    "POST",
                    "/api/v2/admins",
                    token,
                    """
                    {"username": "rt-ops", "status": 1, "password": "rt-ops-passw0rd",
                     "permissions": ["view_users", "manage_system"],
                     "filters": {"allow_api_key_auth": true}}""",
                    201);
            apiKey =
                    http.call(
                                    "POST",
                                    "/api/v2/apikeys",
                                    token,
                                    "{\"name\": \"rt\", \"scope\": 1, \"admin\": \"rt-ops\"}",
                                    201)
                            .path("key")
                            .asText();
            http.call(
                    "POST",
                    "/api/v2/retention/policies",
                    token,
                    """
                    {"name": "rt-nightly", "folders": [{"path": "/", "retention": 240}],
                     "covers": {"usernames": ["rt-user"]}, "schedule": "rate(1 day)"}""",
                    201);
            sealed =
                    http.call("GET", "/api/v2/dumpdata?output-data=1", token, null, 200).toString();
            plain =
                    http.call(
                                    "GET",
                                    "/api/v2/dumpdata?output-data=1&secrets=plain",
                                    token,
                                    null,
                                    200)
                            .toString();
            before = state(http, token);
        }
        assertThat(sealed).doesNotContain("$argon2id$").contains("$sluice-sealed$");

        // The same master key: a fresh installation given A's secrets (as an operator gives a new
        // stack the old master key value).
        Path dataB = Files.createDirectories(home.resolve("b"));
        Files.copy(dataA.resolve("secrets.json"), dataB.resolve("secrets.json"));
        try (LocalSystem b = start(dataB)) {
            checkRestored(b, adminPassword, sealed, before, apiKey, key);
        }
        // Another master key: only the plain dump moves.
        try (LocalSystem c = start(home.resolve("c"))) {
            Http http = new Http(c.apiUri());
            String cPassword = c.newAdminPassword().orElseThrow();
            String token = http.token(c.adminUsername(), cPassword);
            JsonNode refused = http.call("POST", "/api/v2/loaddata", token, sealed, 200);
            assertThat(refused.at("/counts/users/skipped").asInt()).isEqualTo(1);
            checkRestored(c, cPassword, plain, before, apiKey, key);
        }
    }

    private void checkRestored(
            LocalSystem system,
            String knownAdminPassword,
            String dump,
            JsonNode before,
            String apiKey,
            Path key)
            throws Exception {
        // Each installation has host keys of its own: a known_hosts of its own too.
        OpenSshClient sftp = new OpenSshClient(Files.createTempDirectory(home, "client"));
        Http http = new Http(system.apiUri());
        String token =
                http.token(
                        system.adminUsername(),
                        knownAdminPassword != null
                                ? knownAdminPassword
                                : system.newAdminPassword().orElseThrow());
        JsonNode report = http.call("POST", "/api/v2/loaddata", token, dump, 200);
        assertThat(report.at("/counts/users/skipped").asInt()).as(report.toString()).isZero();
        assertThat(report.at("/counts/admins/skipped").asInt()).as(report.toString()).isZero();
        JsonNode after = state(http, token);
        assertThat(after.get("users")).isEqualTo(before.get("users"));
        assertThat(after.get("folders")).isEqualTo(before.get("folders"));
        assertThat(after.get("apikeys")).isEqualTo(before.get("apikeys"));
        assertThat(after.get("policies")).isEqualTo(before.get("policies"));
        assertThat(after.at("/admins/rt-ops")).isEqualTo(before.at("/admins/rt-ops"));
        assertThat(
                        sftp.withPassword("rt-user-passw0rd", "rt-user", system.sftpPort(), "pwd\n")
                                .output())
                .contains("Remote working directory");
        assertThat(sftp.withKey(key, "rt-user", system.sftpPort(), "pwd\n", false).output())
                .contains("Remote working directory");
        String ops = http.token("rt-ops", "rt-ops-passw0rd");
        http.call("GET", "/api/v2/users/rt-user", ops, null, 200);
        assertThat(http.withApiKey(apiKey).get("/api/v2/users/rt-user")).isEqualTo(200);
    }

    /** Every object as the API shows it, without what the server sets on its own. */
    private static JsonNode state(Http http, String token) throws Exception {
        ObjectNode out = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        out.set("users", strip(http.call("GET", "/api/v2/users", token, null, 200)));
        out.set("folders", strip(http.call("GET", "/api/v2/folders", token, null, 200)));
        out.set("apikeys", strip(http.call("GET", "/api/v2/apikeys", token, null, 200)));
        out.set(
                "policies",
                strip(http.call("GET", "/api/v2/retention/policies", token, null, 200)));
        ObjectNode admins = out.putObject("admins");
        for (JsonNode admin : strip(http.call("GET", "/api/v2/admins", token, null, 200))) {
            admins.set(admin.path("username").asText(), admin);
        }
        return out;
    }

    private static JsonNode strip(JsonNode list) {
        for (JsonNode item : list) {
            SERVER_FIELDS.forEach(((ObjectNode) item)::remove);
        }
        return list;
    }
}
