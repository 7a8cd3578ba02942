package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logins racing for the last {@code max_sessions} slots, with real clients: every loser gets a
 * clean disconnect with reason 12 and the message (never "Bad packet length" or "Mismatched MAC",
 * which is what a disconnect written into MINA's success packet produced), and the limit holds.
 */
@ExtendWith(AwsFixture.class)
class SessionRefusalTest {

    private static final String PASSWORD = "racing-password";
    private static final int RACERS = 24;

    /**
     * A bound on how long the burst may take, not a measurement: a hang fails instead of stalling
     * the build.
     */
    private static final long BURST_SECONDS = 240;

    private static SftpSystem system;
    private static ConnectionStore connections;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
        connections = new ConnectionStore(aws.dynamoDb(), system.tables);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static String user(int maxSessions) {
        String name = system.newName("race");
        system.createUser(
                User.builder().username(name).password(PASSWORD).maxSessions(maxSessions).build());
        return name;
    }

    /** What clients print for a corrupted stream (OpenSSH, then paramiko). */
    private static final List<String> CORRUPTION =
            List.of(
                    "Corrupted MAC",
                    "message authentication code incorrect",
                    "Bad packet length",
                    "packet_read",
                    "Mismatched MAC",
                    "Invalid packet blocking",
                    "Packet length");

    private static void assertCleanRefusal(String output, int max) {
        assertThat(output)
                .as(output)
                .contains(":12: too many sessions for this user (max_sessions " + max + ")")
                .doesNotContain("Permission denied");
        CORRUPTION.forEach(c -> assertThat(output).as(output).doesNotContainIgnoringCase(c));
    }

    /**
     * One OpenSSH client holding its session (stdin stays open) until told to finish; output goes
     * to a file.
     */
    private record Racer(Process process, OutputStream stdin, Path output, boolean sftp) {

        static Racer start(List<String> command) {
            try {
                Path output = Files.createTempFile("sluice-race", ".out");
                ProcessBuilder pb =
                        new ProcessBuilder(command)
                                .redirectErrorStream(true)
                                .redirectOutput(output.toFile());
                pb.environment().put("SSHPASS", PASSWORD);
                Process p = pb.start();
                return new Racer(p, p.getOutputStream(), output, command.contains("sftp"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String printed() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<String> openSsh(boolean sftp, String name) {
        int port = system.port();
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-e"));
        cmd.addAll(
                sftp
                        ? List.of("sftp", "-oBatchMode=no", "-b", "-", "-P", Integer.toString(port))
                        : List.of("ssh", "-N", "-p", Integer.toString(port)));
        cmd.addAll(
                List.of(
                        "-o",
                        "StrictHostKeyChecking=no",
                        "-o",
                        "UserKnownHostsFile=/dev/null",
                        "-o",
                        "LogLevel=ERROR",
                        "-o",
                        "ConnectTimeout=60",
                        "-o",
                        "PubkeyAuthentication=no",
                        "-o",
                        "PreferredAuthentications=password",
                        "-o",
                        "NumberOfPasswordPrompts=1",
                        name + "@127.0.0.1"));
        return cmd;
    }

    @Test
    void openSshLosersSeeTheReasonAndTheLimitHolds() throws Exception {
        OpenSsh.assumeInstalled("sftp", "ssh", "sshpass");
        int max = 2;
        String name = user(max);
        List<Racer> racers = new ArrayList<>();
        try {
            for (int i = 0; i < RACERS; i++) {
                racers.add(Racer.start(openSsh(i % 2 == 0, name)));
            }
            // Losers end on their own; winners hold their sessions, so exactly max stay.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BURST_SECONDS);
            while (racers.stream().filter(r -> !r.process().isAlive()).count() < RACERS - max) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "the burst did not settle: "
                                    + racers.stream().map(Racer::printed).toList());
                }
                Thread.sleep(50);
            }
            List<Racer> winners = racers.stream().filter(r -> r.process().isAlive()).toList();
            assertThat(winners).hasSize(max);
            for (Racer loser : racers.stream().filter(r -> !r.process().isAlive()).toList()) {
                assertThat(loser.process().exitValue()).isNotZero();
                assertCleanRefusal(loser.printed(), max);
            }
            assertThat(connections.liveFor(name, System.currentTimeMillis())).hasSize(max);
            // The winners' sessions work.
            for (Racer winner : winners) {
                if (winner.sftp()) {
                    winner.stdin().write("pwd\n".getBytes(StandardCharsets.UTF_8));
                    winner.stdin().close();
                    assertThat(winner.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(winner.printed()).contains("Remote working directory: /");
                    assertThat(winner.process().exitValue()).isZero();
                }
            }
        } finally {
            for (Racer r : racers) {
                r.process().destroyForcibly();
                Files.deleteIfExists(r.output());
            }
        }
    }

    @Test
    void paramikoLosersSeeTheReasonAndTheLimitHolds() throws Exception {
        OpenSsh.assumePython3Module("paramiko", "python3-paramiko");
        int max = 1;
        String name = user(max);
        Path script;
        try {
            script = Path.of(SessionRefusalTest.class.getResource("/ssh/paramiko_race.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p =
                new ProcessBuilder(
                                OpenSsh.PYTHON3,
                                script.toString(),
                                "127.0.0.1",
                                Integer.toString(system.port()),
                                name,
                                PASSWORD,
                                Integer.toString(RACERS))
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        String out;
        try {
            CompletableFuture<String> output =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return new String(
                                            p.getInputStream().readAllBytes(),
                                            StandardCharsets.UTF_8);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            assertThat(p.waitFor(BURST_SECONDS, TimeUnit.SECONDS))
                    .as("paramiko logins settled")
                    .isTrue();
            out = output.get(60, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(out).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> results =
                out.lines()
                        .map(
                                l -> {
                                    try {
                                        return json.readTree(l);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                })
                        .toList();
        assertThat(results).hasSize(RACERS);
        List<JsonNode> admitted =
                results.stream()
                        .filter(r -> r.path("outcome").asText().equals("admitted"))
                        .toList();
        assertThat(admitted).as(out).hasSize(max);
        assertThat(admitted.get(0).path("listing").isArray()).isTrue();
        for (JsonNode refused :
                results.stream()
                        .filter(r -> r.path("outcome").asText().equals("refused"))
                        .toList()) {
            String log = refused.path("log").toString() + " " + refused.path("error").asText();
            assertThat(log)
                    .as(refused.toString())
                    .contains(
                            "Disconnect (code 12): too many sessions for this user (max_sessions "
                                    + max
                                    + ")");
            CORRUPTION.forEach(
                    c -> assertThat(log).as(refused.toString()).doesNotContainIgnoringCase(c));
        }
    }
}
