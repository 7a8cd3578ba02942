package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.defender.DefenderHost;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits on connections that have not logged in: attempts per connection, the login grace time,
 * and the caps on unauthenticated connections per address and per task. Each test connects from its
 * own loopback addresses (127.0.0.0/8), as the caps count per source address.
 */
@ExtendWith(AwsFixture.class)
class LoginLimitsTest {

    static final String PASSWORD = "limits-password-1";
    static final int MAX_AUTH_TRIES = 3;
    static final Duration GRACE = Duration.ofSeconds(6);
    static final int PER_ADDRESS = 3;
    static final int TOTAL = 10;

    static SftpSystem system;
    static String user;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system =
                SftpSystem.start(
                        aws,
                        c ->
                                c.toBuilder()
                                        .maxAuthTries(MAX_AUTH_TRIES)
                                        .loginGraceTime(GRACE)
                                        .maxUnauthenticated(TOTAL)
                                        .maxUnauthenticatedPerAddress(PER_ADDRESS)
                                        .build());
        user = system.newName("limits");
        system.createUser(User.builder().username(user).password(PASSWORD).build());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** Each test starts with nothing held: the server has seen the last test's closes. */
    @AfterEach
    void allClosed() throws InterruptedException {
        await(() -> system.server.loginGate().unauthenticated() == 0);
        assertThat(system.server.loginGate().unauthenticated()).isZero();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The address's score in the table now; 0 when it has none. */
    static int score(String address) {
        system.server.defender().flush();
        return system.server.defender().host(ip(address)).map(DefenderHost::score).orElse(0);
    }

    /**
     * Waits for the address's score in the table to be {@code expected} (the task writes scores in
     * the background), then says what it is.
     */
    static int awaitScore(String address, int expected) throws InterruptedException {
        await(() -> score(address) == expected);
        return score(address);
    }

    /** Waits for a condition the server reaches on its own threads; a bound, not a measurement. */
    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static void assertLogsIn(String from) throws IOException {
        try (ClientSession s = Mina.password(system.port(), user, PASSWORD, from)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
    }

    /**
     * paramiko, from {@code from}: 10 wrong passwords on one connection (it asks for the auth
     * service again before each), then the right one; prints how many were answered as wrong.
     */
    static String paramikoGuesses(String from) throws Exception {
        OpenSsh.assumePython3Module("paramiko", "python3-paramiko");
        String script =
                """
                import paramiko, socket, sys
                port, source, user, right = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
                sock = socket.create_connection(("127.0.0.1", port), source_address=(source, 0))
                t = paramiko.Transport(sock)
                t.start_client(timeout=20)
                wrong = 0
                for i in range(10):
                    try:
                        t.auth_password(user, "wrong-%d" % i)
                    except paramiko.BadAuthenticationType:
                        raise
                    except paramiko.AuthenticationException:
                        wrong += 1
                        continue
                    except Exception:
                        break
                try:
                    t.auth_password(user, right)
                    print("wrong=%d right=accepted" % wrong)
                except Exception:
                    print("wrong=%d right=refused" % wrong)
                """;
        Process p =
                new ProcessBuilder(
                                OpenSsh.PYTHON3,
                                "-c",
                                script,
                                Integer.toString(system.port()),
                                from,
                                user,
                                PASSWORD)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theAttemptAfterTheLastAllowedEndsTheConnectionAndCountsAsALimitExceeded()
            throws Exception {
        String out = paramikoGuesses("127.0.0.2");
        // Three answered as wrong; the fourth request ends the connection (paramiko may report
        // that as one more failure), and the right password never gets a hearing on it.
        assertThat(out).containsPattern("wrong=[34] right=refused");
        assertThat(out).doesNotContain("wrong=5").doesNotContain("wrong=6");
        // Three wrong passwords (1 each), then the limit exceeded (3).
        assertThat(awaitScore("127.0.0.2", 6)).isEqualTo(6);
        assertLogsIn("127.0.0.2"); // a new connection, the right password
    }

    @Test
    void theGraceTimeClosesAConnectionThatDoesNotLogIn() throws InterruptedException {
        try (RawConnection idle = RawConnection.open(system.port(), "127.0.0.3")) {
            assertThat(idle.identification())
                    .hasValueSatisfying(v -> assertThat(v).startsWith("SSH-2.0-"));
            assertThat(system.server.loginGate().unauthenticated(ip("127.0.0.3"))).isEqualTo(1);
            // Closed by the server at the grace time (a bound, not a measurement: never open for
            // good).
            assertThat(idle.readUntilClosed(GRACE.multipliedBy(5))).isNotNegative();
        }
        // Holding a pre-login place until the grace time is a limit exceeded (3), so a few
        // addresses cannot keep a task full of silent connections without being banned.
        assertThat(awaitScore("127.0.0.3", 3)).isEqualTo(3);
    }

    /**
     * MINA restarts its login timer each time a client asks for the user-auth service; a client
     * asking every half second without ever trying to log in would be held forever. The grace time
     * runs from the accept instead.
     */
    @Test
    void askingForTheAuthServiceAgainAndAgainDoesNotStretchTheGraceTime() throws Exception {
        OpenSsh.assumePython3Module("paramiko", "python3-paramiko");
        String script =
                """
                import paramiko, socket, sys, time
                from paramiko.message import Message
                from paramiko.common import cMSG_SERVICE_REQUEST
                port, source, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
                sock = socket.create_connection(("127.0.0.1", port), source_address=(source, 0))
                t = paramiko.Transport(sock)
                t.start_client(timeout=20)
                start = time.time()
                sent = 0
                while time.time() - start < seconds and t.is_active():
                    m = Message()
                    m.add_byte(cMSG_SERVICE_REQUEST)
                    m.add_string("ssh-userauth")
                    try:
                        t._send_message(m)
                        sent += 1
                    except Exception:
                        break
                    time.sleep(0.5)
                time.sleep(1)
                print("active=%s sent=%d" % (t.is_active(), sent))
                """;
        Process p =
                new ProcessBuilder(
                                OpenSsh.PYTHON3,
                                "-c",
                                script,
                                Integer.toString(system.port()),
                                "127.0.0.4",
                                Long.toString(GRACE.toSeconds() * 5))
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("active=False");
        // It did keep asking (at least twice) before the server closed it.
        assertThat(out).as(out).containsPattern("sent=([2-9]|\\d\\d)");
    }

    @Test
    void anAddressHoldsAtMostItsCapWhileOthersStillGetIn() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                RawConnection c = RawConnection.open(system.port(), "127.0.0.5");
                held.add(c);
                assertThat(c.identification()).isPresent();
            }
            // The next one from that address is closed as it is accepted: not even the
            // server's identification line, so no key exchange either.
            assertThat(RawConnection.refusedAtAccept(system.port(), "127.0.0.5")).isTrue();
            assertThat(system.server.loginGate().unauthenticated(ip("127.0.0.5")))
                    .isEqualTo(PER_ADDRESS);
            assertThat(awaitScore("127.0.0.5", 3)).as("a limit exceeded scores 3").isEqualTo(3);
            assertLogsIn("127.0.0.6");
        } finally {
            held.forEach(RawConnection::close);
        }
        // Once they close, the address gets in again.
        await(() -> system.server.loginGate().unauthenticated(ip("127.0.0.5")) == 0);
        assertLogsIn("127.0.0.5");
    }

    @Test
    void theTaskHoldsAtMostItsTotalCap() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < TOTAL; i++) {
                RawConnection c =
                        RawConnection.open(system.port(), "127.0.1." + (1 + i / PER_ADDRESS));
                held.add(c);
                assertThat(c.identification()).isPresent();
            }
            // Full: a fresh address is refused too, and not blamed for it.
            assertThat(RawConnection.refusedAtAccept(system.port(), "127.0.1.100")).isTrue();
            assertThat(score("127.0.1.100")).isZero();
            assertThatThrownBy(() -> Mina.password(system.port(), user, PASSWORD, "127.0.1.101"))
                    .isInstanceOf(IOException.class);
            held.remove(0).close();
            await(() -> system.server.loginGate().unauthenticated() < TOTAL);
            // One place free: a login takes it, and gives it back once logged in.
            assertLogsIn("127.0.1.101");
            assertLogsIn("127.0.1.102");
        } finally {
            held.forEach(RawConnection::close);
        }
    }

    /**
     * An attacker's flood of connections from one address that never send anything: it holds no
     * more than its cap, the excess costs it a limit exceeded each until the defender bans it (then
     * it is refused as banned, which costs nothing), and a user elsewhere logs in meanwhile.
     */
    @Test
    void aFloodOfSilentConnectionsFromOneAddressGetsItBanned() throws Exception {
        List<RawConnection> flood = new ArrayList<>();
        int accepted = 0;
        try {
            for (int i = 0; i < 50; i++) {
                RawConnection c = RawConnection.open(system.port(), "127.0.0.7");
                flood.add(c);
                Optional<String> identification = c.identification();
                if (identification.isPresent()) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(PER_ADDRESS);
            assertThat(system.server.loginGate().unauthenticated(ip("127.0.0.7")))
                    .isEqualTo(PER_ADDRESS);
            // Five limits exceeded (3 each) reach the default threshold of 15.
            await(
                    () ->
                            system.server
                                    .defender()
                                    .host(ip("127.0.0.7"))
                                    .flatMap(DefenderHost::banUntil)
                                    .isPresent());
            assertThat(system.server.defender().host(ip("127.0.0.7")))
                    .hasValueSatisfying(h -> assertThat(h.banUntil()).isPresent());
            assertThat(system.server.defender().isBanned(ip("127.0.0.7"))).isTrue();
            assertThat(RawConnection.refusedAtAccept(system.port(), "127.0.0.7")).isTrue();
            assertLogsIn("127.0.0.8");
        } finally {
            flood.forEach(RawConnection::close);
        }
    }
}
