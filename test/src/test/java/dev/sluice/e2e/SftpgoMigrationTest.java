package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Moving in from SFTPGo: dumps of SFTPGo 2.4 to 2.7 (made by the generator beside them with the
 * hashing code SFTPGo uses, see shared/src/test/resources/backup/sftpgo) restored into a fresh
 * local installation; the restored users log in over SFTP with their old passwords and keys, a
 * restored admin calls the API, restored API keys work; and docs/migrating-from-sftpgo.md run as
 * written.
 */
class SftpgoMigrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;

    static Path fixtures() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir.resolve("shared/src/test/resources/backup/sftpgo");
    }

    private LocalSystem start(String name) {
        return LocalSystem.start(
                new LocalConfig(
                        Optional.of(home.resolve(name)), InetAddress.getLoopbackAddress(), 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.4", "2.5", "2.6", "2.7"})
    void aDumpOfEachSftpgoReleaseRestoresAndItsUsersLogIn(String release) throws Exception {
        Tools.require("sftp", "sshpass");
        JsonNode expected = expected(release);
        byte[] dump = Files.readAllBytes(fixtures().resolve(expected.path("file").asText()));
        try (LocalSystem system = start("data-" + release)) {
            Http http = new Http(system.apiUri());
            String admin =
                    http.token(system.adminUsername(), system.newAdminPassword().orElseThrow());
            JsonNode report =
                    http.call(
                            "POST",
                            "/api/v2/loaddata",
                            admin,
                            new String(dump, StandardCharsets.UTF_8),
                            200);
            List<String> restored = new ArrayList<>();
            List<String> notRestored = new ArrayList<>();
            expected.path("users")
                    .forEach(
                            u ->
                                    (u.path("restore").asText().equals("restore")
                                                    ? restored
                                                    : notRestored)
                                            .add(u.path("username").asText()));
            assertThat(report.at("/counts/users/created").asInt())
                    .as(report.toString())
                    .isEqualTo(restored.size());
            assertThat(report.at("/counts/users/skipped").asInt()).isEqualTo(notRestored.size());
            assertThat(report.at("/counts/folders/created").asInt()).isEqualTo(2);
            assertThat(report.at("/counts/api_keys/created").asInt()).isEqualTo(2);
            String notes = report.path("notes").toString();
            assertThat(notes)
                    .contains("Google Cloud Storage") // erin
                    .contains("master key") // heidi: Secretbox sealed under SFTPGo's master key
                    .contains("groups are not supported")
                    .contains("/srv/sftpgo/data/alice");

            OpenSshClient sftp = new OpenSshClient(home);
            for (JsonNode user : expected.path("users")) {
                String name = user.path("username").asText();
                String password = user.path("password").asText(null);
                if (password == null || !restored.contains(name)) {
                    continue;
                }
                OpenSshClient.Run run =
                        sftp.withPassword(password, name, system.sftpPort(), "pwd\n");
                if (refusedByItsOwnFilters(user)) {
                    // alice may connect only from 192.0.2.0/24, grace is disabled: kept so.
                    assertThat(run.ok()).as(name + ": " + run.output()).isFalse();
                } else {
                    assertThat(run.output())
                            .as(name + " logs in with the password it had on SFTPGo " + release)
                            .contains("Remote working directory");
                }
            }
            // frank: his public key (the private half is a test-only fixture).
            Path key = home.resolve("frank-key");
            Files.copy(fixtures().resolve("test-only-ed25519"), key);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            assertThat(sftp.withKey(key, "frank", system.sftpPort(), "pwd\n", false).output())
                    .contains("Remote working directory");
            // A restored admin with its old password calls the API.
            String ops = http.token("ops", password(expected.path("admins"), "ops"));
            assertThat(http.call("GET", "/api/v2/users?limit=500", ops, null, 200).size())
                    .isEqualTo(restored.size());
            // Restored API keys, with SFTPGo's bcrypt hashes: auditor may only come from
            // 192.0.2.0/24, so it is opened up first (a change that keeps its identity and key).
            JsonNode auditor = http.call("GET", "/api/v2/admins/auditor", admin, null, 200);
            ((com.fasterxml.jackson.databind.node.ObjectNode) auditor.path("filters"))
                    .remove("allow_list");
            http.call("PUT", "/api/v2/admins/auditor", admin, auditor.toString(), 200);
            for (JsonNode key1 : expected.path("api_keys")) {
                if (key1.has("admin")) {
                    assertThat(
                                    http.withApiKey(key1.path("plain_key").asText())
                                            .get("/api/v2/users/dave"))
                            .isEqualTo(200);
                }
            }
            // Loading the same dump again changes nothing.
            JsonNode again =
                    http.call(
                            "POST",
                            "/api/v2/loaddata",
                            admin,
                            new String(dump, StandardCharsets.UTF_8),
                            200);
            assertThat(again.at("/counts/users/created").asInt()).isZero();
            assertThat(again.at("/counts/users/updated").asInt()).as(again.toString()).isZero();
            // ...but the auditor, whose allow_list this test removed: the dump puts it back.
            assertThat(again.at("/counts/admins/updated").asInt()).as(again.toString()).isOne();
        }
    }

    private static boolean refusedByItsOwnFilters(JsonNode user) {
        String name = user.path("username").asText();
        return name.equals("alice") || name.equals("grace");
    }

    private static String password(JsonNode accounts, String name) {
        for (JsonNode a : accounts) {
            if (a.path("username").asText().equals(name)) {
                return a.path("password").asText();
            }
        }
        throw new AssertionError("no " + name + " in expected.json");
    }

    private static JsonNode expected(String release) throws Exception {
        for (JsonNode dump :
                JSON.readTree(fixtures().resolve("expected.json").toFile()).path("dumps")) {
            if (dump.path("sftpgo").asText().equals(release)) {
                return dump;
            }
        }
        throw new AssertionError("no dump of " + release);
    }

    @Test
    void theMigrationGuideWorksAsWritten() throws Exception {
        Tools.require("curl", "jq", "sftp", "sshpass");
        Path dir =
                fixtures().getParent().getParent().getParent().getParent().getParent().getParent();
        String guide = Files.readString(dir.resolve("docs/migrating-from-sftpgo.md"));
        String section =
                guide.substring(
                        guide.indexOf("<!-- migration:start -->"),
                        guide.indexOf("<!-- migration:end -->"));
        String transcript =
                section.substring(section.indexOf("```sh") + 5, section.lastIndexOf("```"));
        Path work = Files.createDirectories(home.resolve("work"));
        Files.copy(fixtures().resolve("dump-2.7.json"), work.resolve("sftpgo-backup.json"));
        Files.createDirectories(work.resolve("old-home"));
        Files.writeString(work.resolve("old-home/report-2026-11.csv"), "month,total\n2026-11,42\n");
        try (LocalSystem system = start("guide-data")) {
            ProcessBuilder bash =
                    new ProcessBuilder("bash", "-euo", "pipefail", "-c", transcript)
                            .directory(work.toFile())
                            .redirectErrorStream(true);
            bash.environment().put("HOME", home.toString());
            bash.environment().put("SLUICE_API", system.apiUri().toString());
            bash.environment().put("SLUICE_SFTP_PORT", Integer.toString(system.sftpPort()));
            bash.environment()
                    .put("SLUICE_ADMIN_PASSWORD", system.newAdminPassword().orElseThrow());
            Process process = bash.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("\"created\":6")
                    .contains("mapped\tuser\talice")
                    .contains("skipped\tuser\terin")
                    .contains("report-2026-11.csv")
                    .contains("Scan started");
        }
    }
}
