package dev.sluice.sftp.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordAuthenticationReporter;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The attacker of bench/bruteforce, in a JVM of its own so that the server's process CPU is the
 * server's, started once and warmed up so that its own start and compilation do not fall into a
 * measurement: a password spray (common passwords against common and one real user name) over new
 * SSH connections, each bound to one of the given loopback source addresses, a few guesses per
 * connection, several connections at once per address.
 *
 * <p>Argument: the server's port. Then one command per line on stdin: {@code spray <guesses per
 * connection> <least milliseconds per connection> <connections at once per address> <most
 * connections per address> <most seconds> <address>...} runs a spray until those bounds or a {@code
 * stop} line; the end of stdin ends the process. The least time per connection stands for the round
 * trips a remote attacker waits: on loopback a refused connection is retried within a fraction of a
 * millisecond, and this JVM, sharing the machine's cores with the server, would take the CPU the
 * measurement is about. A spray prints {@code spray go} when it starts, {@code spray answered} at
 * the first guess the server answers, then at the end {@code spray done}, {@code spray cpu <ms>}
 * (this JVM's CPU time during the spray) and one {@code spray result} line per address: guesses
 * answered (the client got a failure reply: the server judged them, or refused them unjudged once
 * the address was banned), connections, connections refused (closed before any guess was answered:
 * banned at accept, or over a connection limit), logins accepted (none: every guess is wrong), and
 * the milliseconds from the start to the first refusal (-1: none).
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
    private static final String STOP = "stop";

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

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
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread stdin =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    System.in, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    if (line.equals(STOP)) {
                                        stop.set(true);
                                    } else {
                                        commands.add(line);
                                    }
                                }
                            } catch (java.io.IOException e) {
                                // the parent is gone: end too
                            }
                            stop.set(true);
                            commands.add("");
                        },
                        "spray-stdin");
        stdin.setDaemon(true);
        stdin.start();

        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
        // Guesses as passwords only: MINA's client would repeat each one as keyboard-interactive.
        client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        // The cheapest key exchange the server offers, as a guessing tool picks (libssh's first):
        // MINA's client would start with a post-quantum hybrid, tens of milliseconds of this
        // JVM's CPU per connection, on the cores the server shares here.
        client.setKeyExchangeFactories(
                List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.curve25519)));
        client.start();
        while (true) {
            String command = commands.take();
            if (command.isEmpty()) {
                break;
            }
            stop.set(false);
            spray(client, port, command.split(" "), stop);
        }
        client.stop();
        System.exit(0);
    }

    private static void spray(SshClient client, int port, String[] command, AtomicBoolean stop)
            throws InterruptedException {
        int perConnection = Integer.parseInt(command[1]);
        long leastNanos = Duration.ofMillis(Long.parseLong(command[2])).toNanos();
        int concurrency = Integer.parseInt(command[3]);
        int maxConnections = Integer.parseInt(command[4]);
        long deadline =
                System.nanoTime() + Duration.ofSeconds(Long.parseLong(command[5])).toNanos();
        List<Tally> tallies = new ArrayList<>();
        for (int i = 6; i < command.length; i++) {
            tallies.add(new Tally(command[i]));
        }
        AtomicBoolean firstAnswer = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        long cpu0 = OS.getProcessCpuTime();
        long start = System.nanoTime();
        System.out.println("spray go");
        System.out.flush();
        List<Thread> workers = new ArrayList<>();
        for (Tally tally : tallies) {
            for (int w = 0; w < concurrency; w++) {
                Runnable worker =
                        () -> {
                            while (!stop.get()
                                    && System.nanoTime() < deadline
                                    && tally.connections.incrementAndGet() <= maxConnections) {
                                long began = System.nanoTime();
                                if (tally.refused.get() == 0 || !refusedProbe(port, tally, start)) {
                                    oneConnection(
                                            client,
                                            port,
                                            tally,
                                            perConnection,
                                            sequence.getAndIncrement(),
                                            start);
                                }
                                if (tally.answered.get() > 0
                                        && firstAnswer.compareAndSet(false, true)) {
                                    System.out.println("spray answered");
                                    System.out.flush();
                                }
                                pause(leastNanos - (System.nanoTime() - began));
                            }
                        };
                workers.add(
                        Thread.ofPlatform().name("spray-" + tally.address + "-" + w).start(worker));
            }
        }
        for (Thread t : workers) {
            t.join();
        }
        System.out.println("spray done");
        System.out.println("spray cpu " + (OS.getProcessCpuTime() - cpu0) / 1_000_000);
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
        System.out.println("spray end");
        System.out.flush();
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                Thread.sleep(Duration.ofNanos(nanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Once its address has been refused, the attacker asks with a bare TCP connection whether it
     * still is (closed before the server's first byte) and spends an SSH handshake only when it is
     * not: the server does the same either way (accept, refuse, close), but MINA's client costs
     * this JVM about a millisecond per refused connection, CPU the server shares here.
     *
     * @return whether the connection was refused (counted as such)
     */
    private static boolean refusedProbe(int port, Tally tally, long start) {
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(tally.address, 0));
            probe.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            probe.setSoTimeout(10_000);
            if (probe.getInputStream().read() >= 0) {
                return false; // the server talks: not refused (any more)
            }
        } catch (java.io.IOException e) {
            // reset or timed out: refused
        }
        tally.refused.incrementAndGet();
        tally.firstRefusedMillis.compareAndSet(-1, (System.nanoTime() - start) / 1_000_000);
        return true;
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
