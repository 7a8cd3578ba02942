package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defender across protocols, as an operator meets it in the local mode: wrong SFTP logins from
 * one address (OpenSSH bound to 127.0.0.77) get it banned; the REST API then refuses that address
 * too, lists it in {@code /api/v2/defender/hosts}, and after {@code DELETE} it logs in again over
 * both.
 */
class DefenderEndToEndTest {

    private static final String ATTACKER = "127.0.0.77";

    @TempDir Path work;

    @Test
    void anAddressBannedOverSftpIsRefusedByTheApiUntilAnAdminLiftsTheBan() throws Exception {
        Tools.require("sftp", "sshpass", "curl");
        Path files = Files.createDirectories(work.resolve("files"));
        OpenSshClient ssh = new OpenSshClient(files);
        LocalConfig config =
                new LocalConfig(
                        Optional.of(work.resolve("data")), InetAddress.getLoopbackAddress(), 0, 0);
        try (LocalSystem system = LocalSystem.start(config)) {
            String adminPassword = system.newAdminPassword().orElseThrow();
            Http http = new Http(system.apiUri());
            String token = http.token("admin", adminPassword);
            http.call(
                    "POST",
                    "/api/v2/users",
                    token,
                    """
                    {"username": "carol", "status": 1, "password": "carol-password-1",
                     "permissions": {"/": ["*"]}}""",
                    201);
            List<String> fromAttacker = List.of("-o", "BindAddress=" + ATTACKER);

            // Unknown users score 2 each: the eighth reaches the threshold of 15.
            for (int i = 0; i < 8; i++) {
                var guess =
                        ssh.withPassword(
                                "guess-" + i,
                                "nobody" + i,
                                system.sftpPort(),
                                "pwd\n",
                                fromAttacker);
                assertThat(guess.ok()).as(guess.output()).isFalse();
            }

            // The REST API refuses the address too (the SFTP task writes the ban within its sync
            // interval, the API function reads bans at most that old).
            awaitTrue(() -> tokenStatus(system, ATTACKER, adminPassword) == 403);
            assertThat(tokenStatus(system, "127.0.0.1", adminPassword)).isEqualTo(200);
            var refused =
                    ssh.withPassword(
                            "carol-password-1", "carol", system.sftpPort(), "pwd\n", fromAttacker);
            assertThat(refused.ok()).as("the right password from a banned address").isFalse();

            String id = HexFormat.of().formatHex(ATTACKER.getBytes(StandardCharsets.US_ASCII));
            JsonNode hosts = http.call("GET", "/api/v2/defender/hosts", token, null, 200);
            assertThat(hosts.findValuesAsText("id")).contains(id);
            JsonNode host = http.call("GET", "/api/v2/defender/hosts/" + id, token, null, 200);
            assertThat(host.path("ip").asText()).isEqualTo(ATTACKER);
            assertThat(host.path("ban_time").asText()).isNotEmpty();

            http.call("DELETE", "/api/v2/defender/hosts/" + id, token, null, 200);

            awaitTrue(() -> tokenStatus(system, ATTACKER, adminPassword) == 200);
            awaitTrue(
                    () -> {
                        try {
                            return ssh.withPassword(
                                            "carol-password-1",
                                            "carol",
                                            system.sftpPort(),
                                            "pwd\n",
                                            fromAttacker)
                                    .ok();
                        } catch (IOException e) {
                            return false;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    });
        }
    }

    /**
     * {@code GET /api/v2/token} from a chosen loopback address (curl binds it; HttpClient cannot).
     */
    private static int tokenStatus(LocalSystem system, String from, String adminPassword) {
        try {
            Process curl =
                    new ProcessBuilder(
                                    "curl",
                                    "-s",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "--interface",
                                    from,
                                    "-u",
                                    "admin:" + adminPassword,
                                    system.apiUri().resolve("/api/v2/token").toString())
                            .redirectErrorStream(true)
                            .start();
            String code =
                    new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!curl.waitFor(30, TimeUnit.SECONDS)) {
                curl.destroyForcibly();
                return -1;
            }
            return Integer.parseInt(code.strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits for something the system does on its own threads; a bound, not a measurement. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
