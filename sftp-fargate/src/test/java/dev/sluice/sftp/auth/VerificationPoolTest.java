package dev.sluice.sftp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sftp.Mina;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bounded password checks, behind a real MINA server and client: the checks here block until
 * the test lets them go, so "in flight", "running" and "full" are states the test reaches and
 * counts, not timings.
 */
class VerificationPoolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String RIGHT = "the right password";

    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final Set<String> checkThreads = ConcurrentHashMap.newKeySet();
    private final Set<String> methods = ConcurrentHashMap.newKeySet();
    private final Set<InetAddress> banned = ConcurrentHashMap.newKeySet();
    private SshClient client;

    @BeforeEach
    void client() {
        // One password, one attempt (MINA's client would retry it as keyboard-interactive).
        client = client(UserAuthPasswordFactory.INSTANCE);
    }

    /**
     * A client that logs in with {@code method} only (a session reads it before its key exchange).
     */
    private SshClient client(UserAuthFactory method) {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        c.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
        c.setUserAuthFactories(List.of(method));
        c.start();
        closeAtEnd.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        release.countDown();
        for (AutoCloseable c : closeAtEnd.reversed()) {
            c.close();
        }
    }

    /**
     * A check as the server runs it: counted, and held until {@link #release} unless the password
     * is the right one.
     */
    private boolean check(String method, String password) {
        methods.add(method);
        started.incrementAndGet();
        int now = running.incrementAndGet();
        mostRunning.accumulateAndGet(now, Math::max);
        checkThreads.add(Thread.currentThread().getName());
        try {
            if (!RIGHT.equals(password)) {
                release.await();
            }
            return RIGHT.equals(password);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * A MINA server whose password, keyboard-interactive and key logins go through {@code pool}.
     */
    private SshServer server(VerificationPool pool, KeyPair userKey) throws IOException {
        closeAtEnd.add(pool);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(Mina.newEd25519()));
        sshd.setPasswordAuthenticator((u, p, s) -> pool.verify(s, u, () -> check("password", p)));
        sshd.setKeyboardInteractiveAuthenticator(
                new DefaultKeyboardInteractiveAuthenticator() {
                    @Override
                    public boolean authenticate(
                            ServerSession session, String username, List<String> responses) {
                        return pool.verify(
                                session,
                                username,
                                () -> check("keyboard-interactive", responses.get(0)));
                    }
                });
        sshd.setPublickeyAuthenticator(
                (u, k, s) -> userKey != null && KeyUtils.compareKeys(k, userKey.getPublic()));
        sshd.start();
        closeAtEnd.add(sshd);
        return sshd;
    }

    private ClientSession connect(SshServer sshd) throws IOException {
        return connect(client, sshd);
    }

    private ClientSession connect(SshClient with, SshServer sshd) throws IOException {
        ClientSession session =
                with.connect("user", "127.0.0.1", sshd.getPort()).verify(TIMEOUT).getSession();
        closeAtEnd.add(session);
        return session;
    }

    /** Connects and starts a password login without waiting for its answer. */
    private AuthFuture attempt(SshServer sshd, String password) throws IOException {
        return attempt(connect(sshd), password);
    }

    private static AuthFuture attempt(ClientSession session, String password) throws IOException {
        session.addPasswordIdentity(password);
        return session.auth();
    }

    private List<AuthFuture> attempts(SshServer sshd, int count) throws IOException {
        List<AuthFuture> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(attempt(sshd, "wrong-" + i));
        }
        return futures;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void assertAllRefused(List<AuthFuture> futures) throws IOException {
        for (AuthFuture f : futures) {
            assertThat(f.await(TIMEOUT)).isTrue();
            assertThat(f.isSuccess()).isFalse();
        }
    }

    @Test
    void checksRunOnThePoolNeverMoreAtOnceThanItsThreads() throws Exception {
        VerificationPool pool = new VerificationPool(2, 100, banned::contains);
        SshServer sshd = server(pool, null);
        List<AuthFuture> futures = attempts(sshd, 40);
        await(
                "40 checks in flight, 2 of them running",
                () -> pool.inFlight() == 40 && running.get() == 2);
        release.countDown();
        assertAllRefused(futures);
        await("the pool to drain", () -> pool.inFlight() == 0);
        assertThat(started.get()).isEqualTo(40);
        assertThat(mostRunning.get()).isEqualTo(2);
        // Never on MINA's NIO threads ("sshd-SshServer[...]-nio2-thread-N").
        assertThat(checkThreads).isNotEmpty().allMatch(n -> n.startsWith("password-check-"));
    }

    @Test
    void aFullQueueRefusesAtOnceAsAnyWrongPassword() throws Exception {
        VerificationPool pool = new VerificationPool(1, 2, banned::contains);
        SshServer sshd = server(pool, null);
        List<AuthFuture> held = attempts(sshd, 3);
        await(
                "one check running and two waiting",
                () -> pool.inFlight() == 3 && running.get() == 1);
        // The fourth is answered while the others are still held: it did not wait for the pool,
        // and the client hears what a wrong password gets.
        assertThatThrownBy(() -> attempt(sshd, RIGHT).verify(TIMEOUT))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("No more authentication methods available");
        assertThat(started.get()).isEqualTo(1);
        assertThat(pool.inFlight()).isEqualTo(3);
        release.countDown();
        assertAllRefused(held);
        await("the pool to drain", () -> pool.inFlight() == 0);
        assertThat(started.get()).as("the refused attempt was never checked").isEqualTo(3);
        // Room again: the right password is accepted.
        assertThat(attempt(sshd, RIGHT).verify(TIMEOUT).isSuccess()).isTrue();
    }

    @Test
    void aRealUserLogsInWhileFiftyWrongPasswordsAreInFlight() throws Exception {
        KeyPair key = Mina.newEd25519();
        VerificationPool pool = new VerificationPool(2, 64, banned::contains);
        SshServer sshd = server(pool, key);
        List<AuthFuture> spray = attempts(sshd, 52);
        await("52 checks in flight", () -> pool.inFlight() == 52);
        // MINA's NIO threads are free: a key login (key exchange, auth, all on them) completes
        // while every check thread is held.
        ClientSession keyed = connect(client(UserAuthPublicKeyFactory.INSTANCE), sshd);
        keyed.addPublicKeyIdentity(key);
        assertThat(keyed.auth().verify(TIMEOUT).isSuccess()).isTrue();
        assertThat(pool.inFlight()).isEqualTo(52);
        // A password login queues behind the spray and is accepted once its turn comes.
        AuthFuture real = attempt(sshd, RIGHT);
        await("the real user's check queued", () -> pool.inFlight() == 53);
        assertThat(real.isDone()).isFalse();
        release.countDown();
        assertThat(real.verify(TIMEOUT).isSuccess()).isTrue();
        assertAllRefused(spray);
    }

    @Test
    void keyboardInteractiveIsCheckedOnThePoolToo() throws Exception {
        VerificationPool pool = new VerificationPool(1, 4, banned::contains);
        SshServer sshd = server(pool, null);
        SshClient interactive = client(UserAuthKeyboardInteractiveFactory.INSTANCE);
        for (String password : List.of(RIGHT, "wrong")) {
            AuthFuture auth = attempt(connect(interactive, sshd), password);
            if (password.equals(RIGHT)) {
                assertThat(auth.verify(TIMEOUT).isSuccess()).isTrue();
            } else {
                await("the wrong answer's check", () -> pool.inFlight() == 1);
                release.countDown();
                assertThatThrownBy(() -> auth.verify(TIMEOUT)).isInstanceOf(SshException.class);
            }
        }
        assertThat(started.get()).isEqualTo(2);
        assertThat(methods).containsExactly("keyboard-interactive");
        assertThat(checkThreads).allMatch(n -> n.startsWith("password-check-"));
    }

    @Test
    void aClientThatGaveUpCostsNoCheck() throws Exception {
        VerificationPool pool = new VerificationPool(1, 4, banned::contains);
        SshServer sshd = server(pool, null);
        AuthFuture first = attempt(sshd, "wrong-1");
        await("the first check running", () -> running.get() == 1);
        ClientSession quitter = connect(sshd);
        attempt(quitter, "wrong-2");
        await("the second check queued", () -> pool.inFlight() == 2);
        quitter.close(true);
        await("the server to see it closed", () -> sshd.getActiveSessions().size() == 1);
        release.countDown();
        assertAllRefused(List.of(first));
        await("the pool to drain", () -> pool.inFlight() == 0);
        assertThat(started.get()).as("the closed session's password was not checked").isOne();
    }

    @Test
    void anAddressBannedWhileItsAttemptWaitsIsRefusedWithoutACheck() throws Exception {
        VerificationPool pool = new VerificationPool(1, 4, banned::contains);
        SshServer sshd = server(pool, null);
        AuthFuture first = attempt(sshd, "wrong-1");
        await("the first check running", () -> running.get() == 1);
        InetAddress attacker = InetAddress.getByName("127.0.0.7");
        ClientSession fromAttacker =
                client.connect(
                                "user",
                                "127.0.0.1",
                                sshd.getPort(),
                                new InetSocketAddress(attacker, 0))
                        .verify(TIMEOUT)
                        .getSession();
        closeAtEnd.add(fromAttacker);
        // Even the right password: by its turn, the address is banned.
        AuthFuture queued = attempt(fromAttacker, RIGHT);
        await("the attacker's check queued", () -> pool.inFlight() == 2);
        banned.add(attacker);
        release.countDown();
        assertAllRefused(List.of(first, queued));
        assertThat(started.get()).as("only the first attempt was checked").isOne();
        // Other addresses are checked as before.
        assertThat(attempt(sshd, RIGHT).verify(TIMEOUT).isSuccess()).isTrue();
    }

    @Test
    void aCheckThatFailsIsARefusalAndThePoolCarriesOn() throws Exception {
        VerificationPool pool = closing(new VerificationPool(1, 1, banned::contains));
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(Mina.newEd25519()));
        sshd.setPasswordAuthenticator(
                (u, p, s) ->
                        pool.verify(
                                s,
                                u,
                                () -> {
                                    if (!RIGHT.equals(p)) {
                                        throw new IllegalStateException("the user table is down");
                                    }
                                    return true;
                                }));
        sshd.start();
        closeAtEnd.add(sshd);
        assertThatThrownBy(() -> attempt(sshd, "anything").verify(TIMEOUT))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("No more authentication methods available");
        assertThat(attempt(sshd, RIGHT).verify(TIMEOUT).isSuccess()).isTrue();
    }

    private VerificationPool closing(VerificationPool pool) {
        closeAtEnd.add(pool);
        return pool;
    }

    @Test
    void sizedFromTheCores() {
        try (VerificationPool one = VerificationPool.forCores(1, banned::contains);
                VerificationPool two = VerificationPool.forCores(2, banned::contains);
                VerificationPool eight = VerificationPool.forCores(8, banned::contains)) {
            assertThat(one.threads()).isOne();
            assertThat(two.threads()).as("half the cores keep moving data").isOne();
            assertThat(eight.threads()).isEqualTo(4);
            assertThat(eight.queued()).isEqualTo(4 * VerificationPool.QUEUED_PER_THREAD);
        }
    }

    @Test
    void refusesSizesBelowOne() {
        assertThatThrownBy(() -> new VerificationPool(0, 10, banned::contains))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be at least 1 (was 0)");
        assertThatThrownBy(() -> new VerificationPool(2, 0, banned::contains))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queued must be at least 1 (was 0)");
    }
}
