package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as a user meets it: the local mode started in-process, the REST API over HTTP,
 * files over the real OpenSSH sftp client, then a restart on the same data folder.
 */
class EndToEndTest {

    @TempDir Path work;

    @Test
    void aUsersLifeFromCreationToDeletionSurvivingARestart() throws Exception {
        Tools.require("sftp", "ssh-keygen", "sshpass");
        Path data = work.resolve("data");
        Path files = Files.createDirectories(work.resolve("files"));
        OpenSshClient ssh = new OpenSshClient(files);
        Path key = ssh.newKey("alice_key");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new SecureRandom().nextBytes(content);
        Files.write(files.resolve("report.bin"), content);
        LocalConfig config =
                new LocalConfig(Optional.of(data), InetAddress.getLoopbackAddress(), 0, 0);

        String adminPassword;
        try (LocalSystem system = LocalSystem.start(config)) {
            adminPassword = system.newAdminPassword().orElseThrow();
            Http http = new Http(system.apiUri());
            String token = http.token("admin", adminPassword);
            String pub = Files.readString(files.resolve("alice_key.pub")).strip();
            http.call(
                    "POST",
                    "/api/v2/users",
                    token,
                    """
                {"username": "alice", "status": 1, "password": "alice-password-1", "public_keys": ["%s"],
                 "quota_size": 104857600, "permissions": {"/": ["*"]}}"""
                            .formatted(pub),
                    201);

            var upload =
                    ssh.withKey(
                            key,
                            "alice",
                            system.sftpPort(),
                            "mkdir in\nput report.bin in/report.bin\nls -l in\n",
                            false);
            assertThat(upload.ok()).as(upload.output()).isTrue();
            assertThat(upload.output()).contains("report.bin");
            var download =
                    ssh.withPassword(
                            "alice-password-1",
                            "alice",
                            system.sftpPort(),
                            "get in/report.bin copy.bin\n");
            assertThat(download.ok()).as(download.output()).isTrue();
            assertThat(sha256(files.resolve("copy.bin"))).isEqualTo(sha256(content));

            JsonNode user = http.call("GET", "/api/v2/users/alice", token, null, 200);
            assertThat(user.path("used_quota_size").asLong()).isEqualTo(content.length);
            assertThat(user.path("used_quota_files").asInt()).isEqualTo(1);
            assertThat(user.path("last_login").asLong()).isPositive();
        }

        // Restart on the same folder: users, files, counters and the host key are all still there.
        try (LocalSystem system = LocalSystem.start(config)) {
            assertThat(system.newAdminPassword()).isEmpty();
            Http http = new Http(system.apiUri());
            String token = http.token("admin", adminPassword);
            JsonNode user = http.call("GET", "/api/v2/users/alice", token, null, 200);
            assertThat(user.path("used_quota_size").asLong()).isEqualTo(content.length);
            String pub = user.path("public_keys").get(0).asText();
            // StrictHostKeyChecking=yes against the known_hosts of the first run: the key did not
            // change.
            var again =
                    ssh.withKey(
                            key,
                            "alice",
                            system.sftpPort(),
                            "get in/report.bin after-restart.bin\n",
                            true);
            assertThat(again.ok()).as(again.output()).isTrue();
            assertThat(sha256(files.resolve("after-restart.bin"))).isEqualTo(sha256(content));

            // Disabled: the login is refused.
            http.call(
                    "PUT",
                    "/api/v2/users/alice",
                    token,
                    """
                {"status": 0, "public_keys": ["%s"], "permissions": {"/": ["*"]}, "quota_size": 104857600}"""
                            .formatted(pub),
                    200);
            var disabled = ssh.withKey(key, "alice", system.sftpPort(), "ls\n", true);
            assertThat(disabled.ok()).isFalse();
            assertThat(disabled.output()).contains("Permission denied");

            // Deleted: refused too, and the API no longer knows her.
            http.call(
                    "PUT",
                    "/api/v2/users/alice",
                    token,
                    """
                {"status": 1, "public_keys": ["%s"], "permissions": {"/": ["*"]}, "quota_size": 104857600}"""
                            .formatted(pub),
                    200);
            assertThat(ssh.withKey(key, "alice", system.sftpPort(), "ls\n", true).ok()).isTrue();
            http.call("DELETE", "/api/v2/users/alice", token, null, 200);
            var deleted = ssh.withKey(key, "alice", system.sftpPort(), "ls\n", true);
            assertThat(deleted.ok()).isFalse();
            assertThat(deleted.output()).contains("Permission denied");
            http.call("GET", "/api/v2/users/alice", token, null, 404);
        }
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
