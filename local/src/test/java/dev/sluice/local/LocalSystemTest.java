package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Starting and refusing to start: what a user of ./dev run meets first. */
class LocalSystemTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path data;

    @Test
    void startsInMemoryServesTheApiAndStopsCleanly() throws Exception {
        try (LocalSystem system = LocalSystem.start(new LocalConfig(Optional.empty(), LOOPBACK, 0, 0))) {
            assertThat(system.newAdminPassword()).get().asString().hasSize(20);
            assertThat(system.sftpPort()).isPositive();
            var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(system.apiUri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok");
        }
    }

    @Test
    void aPortInUseIsNamedWithTheOptionToChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalSystem.start(new LocalConfig(Optional.empty(), LOOPBACK, port, 0)))
                .isInstanceOf(LocalStartupException.class)
                .hasMessage("port " + port + " on " + LOOPBACK.getHostAddress()
                    + " (REST API) is already in use; stop what uses it or pick another port with --api-port <port>");
            assertThatThrownBy(() -> LocalSystem.start(new LocalConfig(Optional.empty(), LOOPBACK, 0, port)))
                .hasMessageContaining("(SFTP) is already in use").hasMessageEndingWith("--sftp-port <port>");
        }
    }

    @Test
    void oneDataFolderServesOneInstance() {
        try (LocalSystem first = LocalSystem.start(new LocalConfig(Optional.of(data), LOOPBACK, 0, 0))) {
            assertThatThrownBy(() -> LocalSystem.start(new LocalConfig(Optional.of(data), LOOPBACK, 0, 0)))
                .hasMessage("the data folder " + data.toAbsolutePath()
                    + " is in use by another Sluice; stop it or pick another folder with --data <dir>");
            assertThat(first.apiUri()).isNotNull();
        }
        assertThat(Files.exists(data.resolve("secrets.json"))).isTrue();
    }

    @Test
    void theCommandLineExplainsItsOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new CommandLine(new SluiceLocal(new PrintStream(out))).setOut(new java.io.PrintWriter(out, true)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--data", "--in-memory", "--bind", "--api-port", "--sftp-port", "--log-level");
        assertThat(new CommandLine(new SluiceLocal(new PrintStream(out))).execute("--bind", "no.such.host.invalid")).isEqualTo(2);
    }
}
