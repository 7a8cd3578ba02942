package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sftp.health.HealthServer;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SIGTERM's path: health turns 503, uploads get the drain time, leftovers are aborted cleanly. */
@ExtendWith(AwsFixture.class)
class DrainAndHealthTest {

    static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void drainAbortsUnfinishedUploadsAndHealthReportsDraining(AwsEnvironment aws) throws Exception {
        SftpSystem system = SftpSystem.start(aws, c -> c.withDrain(Duration.ofSeconds(1)));
        HttpClient http = HttpClient.newHttpClient();
        try (HealthServer health = HealthServer.start("127.0.0.1", 0, system.server::isAccepting)) {
            assertThat(status(http, health.port(), "/healthz")).isEqualTo(200);
            assertThat(status(http, health.port(), "/other")).isEqualTo(404);
            String name = system.newName("drain");
            system.createUser(User.builder().username(name).password("drain-password-1").build());
            Mina.Sftp s = Mina.open(system.port(), name, "drain-password-1");
            SftpClient.CloseableHandle h =
                    s.client()
                            .open(
                                    "/unfinished.bin",
                                    SftpClient.OpenMode.Write,
                                    SftpClient.OpenMode.Create,
                                    SftpClient.OpenMode.Truncate);
            byte[] chunk = new byte[256 * 1024];
            new Random(1).nextBytes(chunk);
            for (int i = 0; i < 40; i++) {
                s.client().write(h, (long) i * chunk.length, chunk);
            }
            assertThat(system.server.uploads().openCount()).isEqualTo(1);
            long t0 = System.nanoTime();
            system.server.drainAndStop(Duration.ofSeconds(1));
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(status(http, health.port(), "/healthz")).isEqualTo(503);
            assertThat(system.server.uploads().openCount()).isZero();
            assertThat(system.object("users/" + name + "/unfinished.bin")).isEmpty();
            assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
        } finally {
            system.close();
        }
    }
}
