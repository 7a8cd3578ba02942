package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.defender.DefenderHost;
import dev.sluice.net.Cidr;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The defender on SFTP: what scores, a ban refused at accept by every task sharing the tables, a
 * ban that lapses and one that grows, the safe list, and attackers (a spray from many addresses, a
 * banned client that keeps hammering). Each test connects from its own loopback addresses; the
 * threshold is 5 so five wrong passwords ban, bans last 5 s and grow by 2.5 s per attempt, and a
 * connection that ends without trying to log in scores 1 (0 by default).
 */
@ExtendWith(AwsFixture.class)
class DefenderTest {

    static final String PASSWORD = "defender-password-1";
    static final int THRESHOLD = 5;
    static final Duration BAN = Duration.ofSeconds(5);
    static final Duration EXTENSION = Duration.ofMillis(2500);
    static final String SAFE = "127.0.0.20";

    static SftpSystem system;
    static String user;
    static KeyPair key;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system =
                SftpSystem.start(
                        aws,
                        c ->
                                c.withDefender(
                                        d ->
                                                d.threshold(THRESHOLD)
                                                        .banTime(BAN)
                                                        .banTimeIncrement(50)
                                                        .scoreNoAuth(1)
                                                        .sync(Duration.ofSeconds(1))
                                                        .safeList(
                                                                List.of(
                                                                        Cidr.parse("127.0.0.1/32")
                                                                                .orElseThrow(),
                                                                        Cidr.parse(SAFE + "/32")
                                                                                .orElseThrow()))));
        user = system.newName("defended");
        key = Mina.newEd25519();
        system.createUser(
                User.builder()
                        .username(user)
                        .password(PASSWORD)
                        .publicKeys(List.of(Mina.publicLine(key)))
                        .build());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits for a condition the server reaches on its own threads; a bound, not a measurement. */
    static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * The address as the table has it. Not flushed here: the task writes every second, and a flush
     * from another thread than the task's own, racing its refresh of the ban list, can make it
     * forget a ban it just made until the next refresh.
     */
    static Optional<DefenderHost> host(SluiceSftpServer task, String address) {
        return task.defender().host(ip(address));
    }

    /**
     * The address's score once its connections are closed and scored (a connection is scored before
     * it gives its place back), as the table has it.
     */
    static int settledScore(String address) throws InterruptedException {
        assertThat(await(() -> system.server.loginGate().unauthenticated(ip(address)) == 0))
                .isTrue();
        system.server.defender().flush(); // scores below the threshold: no ban to hide
        return host(system.server, address).map(DefenderHost::score).orElse(0);
    }

    /**
     * Waits for the ban to be in the table: from then on the task's own memory has it for sure.
     * Until then it may briefly not: a refresh of the ban list that started before the ban was made
     * drops it until the ban is written (DynamoDefender.readBans).
     */
    static Instant awaitBanInTable(SluiceSftpServer task, String address)
            throws InterruptedException {
        assertThat(await(() -> host(task, address).flatMap(DefenderHost::banUntil).isPresent()))
                .as("%s banned in the table", address)
                .isTrue();
        return host(task, address).flatMap(DefenderHost::banUntil).orElseThrow();
    }

    /** One connection, one wrong password. */
    static void wrongPassword(int port, String from) {
        assertThatThrownBy(() -> Mina.onePassword(port, user, "wrong password!", from).close())
                .isInstanceOf(IOException.class);
    }

    /**
     * As many wrong passwords as the threshold, one per connection: banned by the last one, which
     * ends there (no attempt is refused as banned, which would lengthen the ban).
     */
    static void getBanned(int port, String from) {
        for (int i = 0; i < THRESHOLD; i++) {
            wrongPassword(port, from);
        }
    }

    static void assertLogsIn(int port, String from) throws IOException {
        try (ClientSession s = Mina.password(port, user, PASSWORD, from)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
    }

    @Test
    void anAddressOverTheThresholdIsRefusedAtAcceptByEveryTask() throws Exception {
        SluiceSftpServer other = system.startTask("defender-b");
        try {
            getBanned(system.port(), "127.0.0.11");
            awaitBanInTable(system.server, "127.0.0.11");
            assertThat(system.server.defender().isBanned(ip("127.0.0.11"))).isTrue();
            assertThat(RawConnection.refusedAtAccept(system.port(), "127.0.0.11")).isTrue();
            // The other task reads the ban within its sync interval. Each refusal on the first
            // task lengthens the ban meanwhile, so it cannot lapse while the test waits.
            assertThat(
                            await(
                                    () ->
                                            RawConnection.refusedAtAccept(
                                                            system.port(), "127.0.0.11")
                                                    && RawConnection.refusedAtAccept(
                                                            other.port(), "127.0.0.11")))
                    .as("the second task refuses the address the first one banned")
                    .isTrue();
            // Even with the right password, and on both tasks.
            assertThatThrownBy(() -> Mina.password(other.port(), user, PASSWORD, "127.0.0.11"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> Mina.password(system.port(), user, PASSWORD, "127.0.0.11"))
                    .isInstanceOf(IOException.class);
            assertLogsIn(system.port(), "127.0.0.12");
            assertLogsIn(other.port(), "127.0.0.12");
        } finally {
            other.close();
        }
    }

    @Test
    void aBanGrowsWhileTheAddressKeepsTryingAndLapsesOnceItStops() throws Exception {
        getBanned(system.port(), "127.0.0.13");
        Instant until = awaitBanInTable(system.server, "127.0.0.13");
        for (int i = 0; i < 3; i++) {
            assertThat(RawConnection.refusedAtAccept(system.port(), "127.0.0.13")).isTrue();
        }
        // Each refused attempt adds 50 % of the ban time.
        Instant grown = until.plus(EXTENSION.multipliedBy(3));
        assertThat(
                        await(
                                () ->
                                        host(system.server, "127.0.0.13")
                                                .flatMap(DefenderHost::banUntil)
                                                .filter(grown::equals)
                                                .isPresent()))
                .as("ban until %s grown to %s", until, grown)
                .isTrue();
        // Left alone, the ban lapses and the address logs in again, with a clean score.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), grown).toMillis() + 300));
        assertLogsIn(system.port(), "127.0.0.13");
        assertThat(host(system.server, "127.0.0.13")).isEmpty();
    }

    @Test
    void theSafeListIsNeverScoredNorBanned() throws Exception {
        for (int i = 0; i < 2 * THRESHOLD; i++) {
            wrongPassword(system.port(), SAFE);
        }
        assertThat(system.server.defender().isBanned(ip(SAFE))).isFalse();
        assertThat(settledScore(SAFE)).isZero();
        assertLogsIn(system.port(), SAFE);
    }

    @Test
    void aLoginFromAnAddressBannedAfterItConnectedIsRefused() throws Exception {
        try (ClientSession early = Mina.connect(system.port(), user, "127.0.0.14")) {
            getBanned(system.port(), "127.0.0.14");
            awaitBanInTable(system.server, "127.0.0.14");
            early.addPasswordIdentity(PASSWORD);
            assertThatThrownBy(() -> early.auth().verify(Duration.ofSeconds(20)))
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("Too many failed logins from this address");
        }
    }

    /**
     * ssh-agent offers every key it holds: keys refused before the right one count nothing, and a
     * connection whose keys are all refused counts one failed login, however many it offered.
     */
    @Test
    void refusedPublicKeysScoreOncePerConnectionThatNeverLogsIn() throws Exception {
        KeyPair[] strangers = {Mina.newEd25519(), Mina.newEd25519(), Mina.newEd25519()};
        try (ClientSession s =
                Mina.key(
                        system.port(),
                        user,
                        "127.0.0.15",
                        strangers[0],
                        strangers[1],
                        strangers[2],
                        key)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
        assertThat(host(system.server, "127.0.0.15")).isEmpty();

        assertThatThrownBy(() -> Mina.key(system.port(), user, "127.0.0.16", strangers).close())
                .isInstanceOf(IOException.class);
        assertThat(settledScore("127.0.0.16")).as("one failed login").isEqualTo(1);

        assertThatThrownBy(
                        () ->
                                Mina.key(system.port(), "no-such-" + user, "127.0.0.17", strangers)
                                        .close())
                .isInstanceOf(IOException.class);
        assertThat(settledScore("127.0.0.17")).as("one unknown user").isEqualTo(2);
    }

    /**
     * An agent holding more keys than the attempts a connection has runs out of them, as with
     * OpenSSH's "Too many authentication failures": that is no guess, so it scores one failed login
     * for the keys, not a limit exceeded.
     */
    @Test
    void runningOutOfAttemptsWithKeysOnlyIsNotALimitExceeded() throws Exception {
        KeyPair[] many = new KeyPair[8];
        for (int i = 0; i < many.length; i++) {
            many[i] = Mina.newEd25519();
        }
        assertThatThrownBy(() -> Mina.key(system.port(), user, "127.0.0.60", many).close())
                .isInstanceOf(IOException.class);
        assertThat(settledScore("127.0.0.60")).as("one failed login, no limit").isEqualTo(1);
    }

    /** The same with OpenSSH offering several identity files, the right one last. */
    @Test
    void openSshOfferingSeveralKeysIsScoredOnlyWhenItNeverGetsIn() throws Exception {
        SftpSystem.SshKey right = system.newKey("right-" + System.nanoTime());
        SftpSystem.SshKey wrong1 = system.newKey("wrong1-" + System.nanoTime());
        SftpSystem.SshKey wrong2 = system.newKey("wrong2-" + System.nanoTime());
        String keyUser = system.newName("keys");
        system.createUser(
                User.builder().username(keyUser).publicKeys(List.of(right.publicLine())).build());
        OpenSsh.Result in =
                OpenSsh.withKey(
                        system.port(),
                        wrong1.privateKey(),
                        keyUser,
                        "pwd\n",
                        "-i",
                        wrong2.privateKey().toString(),
                        "-i",
                        right.privateKey().toString(),
                        "-o",
                        "BindAddress=127.0.0.23");
        assertThat(in.ok()).as(in.output()).isTrue();
        assertThat(settledScore("127.0.0.23")).isZero();

        OpenSsh.Result out =
                OpenSsh.withKey(
                        system.port(),
                        wrong1.privateKey(),
                        keyUser,
                        "pwd\n",
                        "-i",
                        wrong2.privateKey().toString(),
                        "-o",
                        "BindAddress=127.0.0.24");
        assertThat(out.ok()).as(out.output()).isFalse();
        assertThat(out.output()).contains("Permission denied");
        assertThat(settledScore("127.0.0.24")).as("one failed login").isEqualTo(1);
    }

    @Test
    void howAConnectionEndsBeforeLoggingInScores() throws Exception {
        // A protocol error: an identification line of SSH 1.
        try (RawConnection c = RawConnection.open(system.port(), "127.0.0.18")) {
            assertThat(c.identification()).isPresent();
            c.write("SSH-1.5-ancient\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readUntilClosed(Duration.ofSeconds(30))).isNotNegative();
        }
        assertThat(settledScore("127.0.0.18")).as("protocol error, nothing else").isEqualTo(2);

        // A protocol error: garbage where the key exchange should be.
        try (RawConnection c = RawConnection.open(system.port(), "127.0.0.19")) {
            assertThat(c.identification()).isPresent();
            c.write("SSH-2.0-garbage\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] garbage = new byte[512];
            java.util.Arrays.fill(garbage, (byte) 0x7f);
            // MINA reads up to ~350 more bytes before it disconnects, and looks again only when
            // more arrive: several writes.
            long read = -1;
            for (int i = 0; i < 8 && read < 0; i++) {
                try {
                    c.write(garbage);
                } catch (java.io.UncheckedIOException closedMeanwhile) {
                    read = 0;
                    break;
                }
                read = c.readUntilClosed(Duration.ofMillis(500));
            }
            assertThat(read).isNotNegative();
        }
        assertThat(settledScore("127.0.0.19")).as("protocol error, nothing else").isEqualTo(2);

        // No login tried (scored 1 in this test): a clean close, and a reset, which is the
        // network's doing and no protocol error.
        try (RawConnection c = RawConnection.open(system.port(), "127.0.0.21")) {
            assertThat(c.identification()).isPresent();
        }
        assertThat(settledScore("127.0.0.21")).isEqualTo(1);
        RawConnection reset = RawConnection.open(system.port(), "127.0.0.22");
        assertThat(reset.identification()).isPresent();
        reset.reset();
        assertThat(settledScore("127.0.0.22")).isEqualTo(1);
    }

    /**
     * An attacker spraying passwords from many addresses at once: each address is banned on its own
     * score and refused at accept, while a real user on another address works throughout.
     */
    @Test
    void aPasswordSprayFromManyAddressesBansEachOfThem() throws Exception {
        List<String> sprayers = new ArrayList<>();
        for (int i = 30; i < 38; i++) {
            sprayers.add("127.0.0." + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(sprayers.size());
        try {
            List<Future<?>> spray = new ArrayList<>();
            for (String from : sprayers) {
                spray.add(
                        pool.submit(
                                () -> {
                                    getBanned(system.port(), from);
                                    return null;
                                }));
            }
            try (Mina.Sftp sftp = Mina.open(system.port(), user, PASSWORD)) {
                assertThat(sftp.client().canonicalPath(".")).isEqualTo("/");
            }
            for (Future<?> f : spray) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String from : sprayers) {
            awaitBanInTable(system.server, from);
            assertThat(RawConnection.refusedAtAccept(system.port(), from)).as(from).isTrue();
        }
        assertLogsIn(system.port(), "127.0.0.38");
    }

    /**
     * A banned client that keeps hammering: every connection is closed as it is accepted, before
     * the server sends its identification (so no SSH session and no key exchange exists), nothing
     * is held for it, and its ban grows with each attempt.
     */
    @Test
    void aBannedClientThatKeepsHammeringIsRefusedCheaply() throws Exception {
        getBanned(system.port(), "127.0.0.40");
        Instant until = awaitBanInTable(system.server, "127.0.0.40");
        int sessionsBefore = system.server.activeSessions();
        int attempts = 200;
        for (int i = 0; i < attempts; i++) {
            assertThat(RawConnection.refusedAtAccept(system.port(), "127.0.0.40")).isTrue();
        }
        assertThat(system.server.loginGate().unauthenticated(ip("127.0.0.40"))).isZero();
        assertThat(system.server.activeSessions()).isLessThanOrEqualTo(sessionsBefore);
        Instant grown = until.plus(EXTENSION.multipliedBy(attempts));
        assertThat(
                        await(
                                () ->
                                        host(system.server, "127.0.0.40")
                                                .flatMap(DefenderHost::banUntil)
                                                .filter(grown::equals)
                                                .isPresent()))
                .as("ban until %s grown by %s per attempt", until, EXTENSION)
                .isTrue();
        assertLogsIn(system.port(), "127.0.0.41");
    }
}
