package dev.sluice.sftp.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordAuthenticationReporter;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The attacker of bench/bruteforce, in a JVM of its own so that the server's process CPU is the
 * server's: a password spray (common passwords against common and one real user name) over new SSH
 * connections, each bound to one of the given loopback source addresses, a few guesses per
 * connection, several connections at once per address.
 *
 * <p>Arguments: port, guesses per connection, connections at once per address, most connections per
 * address, most seconds, then the source addresses. It stops at those bounds or when its stdin
 * ends. It prints {@code spray go} when it starts, {@code spray answered} at the first guess the
 * server answers, then at the end {@code spray done} and one {@code spray result} line per address:
 * guesses answered (the server heard and judged them), connections, connections refused (closed
 * before any guess was answered: banned at accept, or over a connection limit), logins accepted
 * (none: every guess is wrong), and the milliseconds from the start to the first refusal (-1:
 * none); {@code spray cpu} says how much CPU time the spray itself used, in milliseconds.
 */
public final class SprayClient {

    /** User names a spray tries; the bench creates {@code victim} with another password. */
    static final List<String> USERS =
            List.of("victim", "admin", "root", "test", "user", "ubuntu", "ftp", "backup");

    private static final List<String> PASSWORDS =
            List.of(
                    "123456",
                    "password",
                    "admin",
                    "qwerty",
                    "letmein",
                    "welcome",
                    "changeme",
                    "Passw0rd!",
                    "12345678",
                    "iloveyou",
                    "monkey",
                    "dragon",
                    "sunshine");

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(60);

    private SprayClient() {}

    /** What one source address achieved. */
    static final class Tally {
        final String address;
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicLong firstRefusedMillis = new AtomicLong(-1);

        Tally(String address) {
            this.address = address;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int perConnection = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int maxConnections = Integer.parseInt(args[3]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        List<Tally> tallies = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            tallies.add(new Tally(args[i]));
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread stdin =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    System.in, StandardCharsets.UTF_8))) {
                                while (in.readLine() != null) {
                                    // any line or the end of input stops the spray
                                    break;
                                }
                            } catch (java.io.IOException e) {
                                // the parent is gone: stop too
                            }
                            stop.set(true);
                        },
                        "spray-stdin");
        stdin.setDaemon(true);
        stdin.start();

        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
        // Guesses as passwords only: MINA's client would repeat each one as keyboard-interactive.
        client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        client.start();
        AtomicBoolean firstAnswer = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        long start = System.nanoTime();
        System.out.println("spray go");
        System.out.flush();
        List<Thread> workers = new ArrayList<>();
        for (Tally tally : tallies) {
            for (int w = 0; w < concurrency; w++) {
                workers.add(
                        Thread.ofPlatform()
                                .name("spray-" + tally.address + "-" + w)
                                .start(
                                        () -> {
                                            while (!stop.get()
                                                    && System.nanoTime() < deadline
                                                    && tally.connections.incrementAndGet()
                                                            <= maxConnections) {
                                                int n = sequence.getAndIncrement();
                                                oneConnection(
                                                        client,
                                                        port,
                                                        tally,
                                                        perConnection,
                                                        n,
                                                        start);
                                                if (tally.answered.get() > 0
                                                        && firstAnswer.compareAndSet(false, true)) {
                                                    System.out.println("spray answered");
                                                    System.out.flush();
                                                }
                                            }
                                        }));
            }
        }
        for (Thread t : workers) {
            t.join();
        }
        System.out.println("spray done");
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.out.println("spray cpu " + os.getProcessCpuTime() / 1_000_000);
        for (Tally t : tallies) {
            System.out.printf(
                    "spray result %s answered=%d connections=%d refused=%d accepted=%d"
                            + " firstRefusedMs=%d%n",
                    t.address,
                    t.answered.get(),
                    Math.min(t.connections.get(), maxConnections),
                    t.refused.get(),
                    t.accepted.get(),
                    t.firstRefusedMillis.get());
        }
        System.out.flush();
        client.stop();
        System.exit(0);
    }

    /** One connection from {@code tally}'s address: up to {@code guesses} wrong passwords. */
    private static void oneConnection(
            SshClient client, int port, Tally tally, int guesses, int n, long start) {
        String user = USERS.get(n % USERS.size());
        AtomicInteger answeredHere = new AtomicInteger();
        ClientSession session = null;
        boolean accepted = false;
        try {
            session =
                    client.connect(user, "127.0.0.1", port, new InetSocketAddress(tally.address, 0))
                            .verify(CONNECT_TIMEOUT)
                            .getSession();
            for (int g = 0; g < guesses; g++) {
                session.addPasswordIdentity(PASSWORDS.get((n * guesses + g) % PASSWORDS.size()));
            }
            session.setPasswordAuthenticationReporter(
                    new PasswordAuthenticationReporter() {
                        @Override
                        public void signalAuthenticationFailure(
                                ClientSession s,
                                String service,
                                String password,
                                boolean partial,
                                List<String> serverMethods) {
                            answeredHere.incrementAndGet();
                        }
                    });
            AuthFuture auth = session.auth();
            auth.await(AUTH_TIMEOUT);
            accepted = auth.isSuccess();
        } catch (java.io.IOException | RuntimeException e) {
            // refused at accept, disconnected, or timed out: counted below
        } finally {
            if (session != null) {
                session.close(true);
            }
        }
        tally.answered.addAndGet(answeredHere.get());
        if (accepted) {
            tally.accepted.incrementAndGet();
        } else if (answeredHere.get() == 0) {
            tally.refused.incrementAndGet();
            tally.firstRefusedMillis.compareAndSet(-1, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
