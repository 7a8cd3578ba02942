package dev.sluice.sftp.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sluice.config.Settings;
import dev.sluice.defender.DefenderSettings;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.sftp.OpenSsh;
import dev.sluice.sftp.SftpConfig;
import dev.sluice.sftp.auth.VerificationPool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * bench/bruteforce: a password spray against Sluice's SFTP server, in-process on the embedded
 * backends, on loopback, from one source address and then from many (addresses in 127.0.0.0/8, each
 * attacking connection bound to one), while a real user (127.0.0.1, password login, OpenSSH {@code
 * sftp}) uploads a file. The attacker runs in a JVM of its own ({@link SprayClient}), so this
 * process's CPU time is the server's (with its embedded DynamoDB Local and s3proxy).
 *
 * <p>Each round sprays from one fresh address, then from many fresh ones. Per spray it reports the
 * guesses the server answered (accepted for judging) per address and in total, connections refused
 * and when the first was, the real user's upload rate during the spray over its rate without one
 * (the mean of the uploads just before and just after the spray), the real user's login time, and
 * the attacker's own CPU time. After each spray, the same addresses spray again for a bounded count
 * with no upload running: the server's CPU time over that window, less its idle CPU over the same
 * time, per connection (each a refused attempt once the addresses are banned; without a ban, each
 * is {@value #GUESSES_PER_CONNECTION} judged guesses). While the real user uploads, each attacking
 * connection lasts at least {@value #CONNECTION_LEAST_MILLIS} ms (a remote attacker's round trips);
 * after, the attacker goes as fast as it can.
 *
 * <p>Arguments: upload size in MiB (default 256), number of addresses of the many-address spray
 * (default 16), work directory (default a temp folder), rounds (default 3). Bounds: every spray
 * stops with the upload it accompanies or after {@value #SPRAY_SECONDS} s; each after-the-ban spray
 * after {@value #AFTER_BAN_CONNECTIONS} connections in all or {@value #AFTER_BAN_SECONDS} s.
 */
public final class BruteForceBench {

    static final int SPRAY_SECONDS = 120;
    static final int AFTER_BAN_CONNECTIONS = 4000;
    static final int AFTER_BAN_SECONDS = 20;

    /** One address's spray: connections at once, as a tool such as hydra runs (-t 8). */
    static final int ONE_ADDRESS_CONCURRENCY = 8;

    /** Each of many addresses: fewer at once, as a botnet spreads its load. */
    static final int MANY_ADDRESS_CONCURRENCY = 3;

    /** Guesses per connection (below MaxAuthTries). */
    static final int GUESSES_PER_CONNECTION = 3;

    /**
     * Each attacking connection lasts at least this long: a remote attacker's round trips. On
     * loopback a refused connection would be retried at once, thousands a second, by a JVM on the
     * same two cores as the server and the real user.
     */
    static final int CONNECTION_LEAST_MILLIS = 50;

    private static final String REAL_USER = "real";
    private static final String REAL_PASSWORD = "real-user-password-" + System.nanoTime();

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private BruteForceBench() {}

    /** One upload of the real user: login time and transfer rate. */
    record Upload(double loginMillis, double mbPerSecond, int loginsRefused) {}

    /** What a {@link SprayClient} run reported, per address. */
    record SprayResult(
            Map<String, long[]> perAddress, double cpuMillis, double seconds, long sprayCpuMillis) {

        static final int ANSWERED = 0;
        static final int CONNECTIONS = 1;
        static final int REFUSED = 2;
        static final int ACCEPTED = 3;
        static final int FIRST_REFUSED_MS = 4;

        long total(int field) {
            return perAddress.values().stream().mapToLong(v -> v[field]).sum();
        }

        long[] column(int field) {
            return perAddress.values().stream().mapToLong(v -> v[field]).sorted().toArray();
        }

        long firstRefusal() {
            return perAddress.values().stream()
                    .mapToLong(v -> v[FIRST_REFUSED_MS])
                    .filter(ms -> ms >= 0)
                    .min()
                    .orElse(-1);
        }
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int addresses = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("sluice-bench");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Files.createDirectories(work);
        long size = mib * 1024L * 1024L;
        Path src = work.resolve("upload.bin");
        BenchFiles.writeRandom(src, size);
        System.out.printf(
                "bench: bruteforce, %s, %d cores, load average %s, upload %d MiB, %d rounds of a"
                        + " spray from 1 address x %d connections and one from %d addresses x %d, %d"
                        + " guesses per connection, each connection at least %d ms, work %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                mib,
                rounds,
                ONE_ADDRESS_CONCURRENCY,
                addresses,
                MANY_ADDRESS_CONCURRENCY,
                GUESSES_PER_CONNECTION,
                CONNECTION_LEAST_MILLIS,
                work);

        // What a task gets unless its operator changes it: the loopback test configuration's
        // exceptions for 127.0.0.1 (safe-listed, no per-address limit) undone.
        UnaryOperator<SftpConfig> defaults =
                c ->
                        c.toBuilder()
                                .maxAuthTries(Settings.MAX_AUTH_TRIES.defaultValue().orElseThrow())
                                .loginGraceTime(
                                        Settings.LOGIN_GRACE_TIME.defaultValue().orElseThrow())
                                .maxUnauthenticated(
                                        Settings.MAX_UNAUTHENTICATED.defaultValue().orElseThrow())
                                .maxUnauthenticatedPerAddress(
                                        Settings.MAX_UNAUTHENTICATED_PER_ADDRESS
                                                .defaultValue()
                                                .orElseThrow())
                                .defender(DefenderSettings.defaults())
                                .build();
        try (SluiceUnderBench sluice = SluiceUnderBench.start(work, defaults)) {
            System.out.println("server: " + settings(sluice.config()));
            int port = sluice.port();
            OpenSshClient sftp = OpenSshClient.withNewKey(work, "aes128-gcm@openssh.com");
            sluice.addUser(
                    REAL_USER,
                    sftp.publicKey(),
                    b -> b.password(new PasswordHasher().hash(REAL_PASSWORD)));
            sluice.addUser("victim", sftp.publicKey(), b -> b);
            RealUser real = new RealUser(port, src, work, size);

            SprayProcess attacker = SprayProcess.start(port, work);
            // Warm-up: a long-running task has its paths compiled, and so has the attacker (a
            // spray from an address of its own, banned after its first guesses).
            attacker.spray(
                    List.of("127.0.0.250"),
                    CONNECTION_LEAST_MILLIS,
                    ONE_ADDRESS_CONCURRENCY,
                    300,
                    60);
            attacker.result();
            real.upload();
            double idleCpuPerSecond = idleCpuPerSecond();
            // Each spray sits between two uploads without one (the load of this shared machine
            // drifts); fresh addresses each time, so every spray starts unbanned.
            List<Upload> baselines = new ArrayList<>(List.of(real.upload()));
            List<Round> single = new ArrayList<>();
            List<Round> spread = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                List<String> one = List.of("127.0.0." + (2 + r));
                single.add(round(attacker, one, ONE_ADDRESS_CONCURRENCY, real, baselines));
                List<String> many = new ArrayList<>();
                for (int i = 1; i <= addresses; i++) {
                    many.add("127.0." + (1 + r) + "." + i);
                }
                spread.add(round(attacker, many, MANY_ADDRESS_CONCURRENCY, real, baselines));
            }

            System.out.println();
            System.out.printf(
                    "real user's uploads without a spray (MB/s, in order): %s; login %s ms%n",
                    baselines.stream().map(u -> String.format("%.0f", u.mbPerSecond())).toList(),
                    baselines.stream().map(u -> String.format("%.0f", u.loginMillis())).toList());
            System.out.printf(
                    "server idle CPU: %.1f ms per second; load average at the end: %s%n",
                    idleCpuPerSecond, loadAverage());
            report(
                    "one address, " + ONE_ADDRESS_CONCURRENCY + " at once",
                    single,
                    idleCpuPerSecond);
            report(
                    addresses + " addresses, " + MANY_ADDRESS_CONCURRENCY + " at once each",
                    spread,
                    idleCpuPerSecond);
            attacker.end();
        }
        // Embedded services leave non-daemon threads behind; the measurement is done.
        System.exit(0);
    }

    /**
     * One spray with the real user's upload during it, the baselines either side, and the same
     * addresses trying again afterwards with nothing else running.
     */
    record Round(Upload before, SprayResult spray, Upload upload, Upload after, SprayResult again) {

        double ratio() {
            return upload.mbPerSecond() / ((before.mbPerSecond() + after.mbPerSecond()) / 2);
        }
    }

    private static Round round(
            SprayProcess attacker,
            List<String> addresses,
            int concurrency,
            RealUser real,
            List<Upload> baselines)
            throws Exception {
        Upload before = baselines.get(baselines.size() - 1);
        attacker.spray(
                addresses,
                CONNECTION_LEAST_MILLIS,
                concurrency,
                Integer.MAX_VALUE / 2,
                SPRAY_SECONDS);
        attacker.awaitLine("spray answered");
        Upload upload = real.upload();
        attacker.stop();
        SprayResult spray = attacker.result();
        int perAddress = Math.max(1, AFTER_BAN_CONNECTIONS / addresses.size());
        // As fast as it goes: no upload to share the cores with, and the shorter the window, the
        // less of the server's idle CPU is in it.
        attacker.spray(addresses, 0, concurrency, perAddress, AFTER_BAN_SECONDS);
        SprayResult again = attacker.result();
        Upload after = real.upload();
        baselines.add(after);
        return new Round(before, spray, upload, after, again);
    }

    private static double idleCpuPerSecond() throws InterruptedException {
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(3);
        return (OS.getProcessCpuTime() - cpu0) / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    /** The settings the spray meets. */
    private static String settings(SftpConfig c) {
        DefenderSettings d = c.defender();
        int cores = Runtime.getRuntime().availableProcessors();
        try (VerificationPool pool = VerificationPool.forCores(cores, a -> false)) {
            return String.format(
                    "defender %s (threshold %d, wrong password %d, unknown user %d, limit exceeded"
                            + " %d, ban %d min), %d attempts per connection, %d unauthenticated"
                            + " connections per address and %d in all, password checks: %d at once"
                            + " and %d waiting",
                    d.enabled() ? "on" : "off",
                    d.threshold(),
                    d.scoreValid(),
                    d.scoreInvalid(),
                    d.scoreLimitExceeded(),
                    d.banTime().toMinutes(),
                    c.maxAuthTries(),
                    c.maxUnauthenticatedPerAddress(),
                    c.maxUnauthenticated(),
                    pool.threads(),
                    pool.queued());
        }
    }

    /** The 1, 5 and 15 minute load averages (other sessions share this machine). */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void report(String name, List<Round> rounds, double idleCpuPerSecond) {
        System.out.println();
        System.out.println("spray from " + name + ", while the real user uploads:");
        System.out.printf(
                "  %-6s %9s %24s %8s %10s %10s %10s %6s %9s %7s %10s%n",
                "round",
                "answered",
                "per address min/med/max",
                "refused",
                "1st ref.",
                "upload",
                "baseline",
                "ratio",
                "login",
                "tries",
                "spray CPU");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            long[] answered = r.spray().column(SprayResult.ANSWERED);
            long first = r.spray().firstRefusal();
            System.out.printf(
                    "  %-6d %9d %24s %8d %10s %5.0f MB/s %5.0f MB/s %6.2f %6.0f ms %7d %7d ms%n",
                    i + 1,
                    r.spray().total(SprayResult.ANSWERED),
                    answered[0]
                            + " / "
                            + answered[answered.length / 2]
                            + " / "
                            + answered[answered.length - 1],
                    r.spray().total(SprayResult.REFUSED),
                    first < 0 ? "none" : first + " ms",
                    r.upload().mbPerSecond(),
                    (r.before().mbPerSecond() + r.after().mbPerSecond()) / 2,
                    r.ratio(),
                    r.upload().loginMillis(),
                    r.upload().loginsRefused() + 1,
                    r.spray().sprayCpuMillis());
            if (r.spray().total(SprayResult.ACCEPTED) > 0) {
                System.out.println(
                        "  !! guesses accepted: " + r.spray().total(SprayResult.ACCEPTED));
            }
        }
        System.out.printf(
                "  median ratio %.2f%n",
                median(rounds.stream().mapToDouble(Round::ratio).toArray()));
        System.out.println("then the same addresses again, nothing else running:");
        System.out.printf(
                "  %-6s %11s %9s %9s %10s %10s %12s %16s %10s%n",
                "round",
                "connections",
                "refused",
                "answered",
                "CPU ms",
                "idle ms",
                "CPU/conn.",
                "less idle/conn.",
                "spray CPU");
        double[] perConnection = new double[rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            SprayResult a = rounds.get(i).again();
            long connections = a.total(SprayResult.CONNECTIONS);
            double idle = idleCpuPerSecond * a.seconds();
            perConnection[i] = connections == 0 ? 0 : (a.cpuMillis() - idle) * 1000 / connections;
            System.out.printf(
                    "  %-6d %11d %9d %9d %10.0f %10.0f %9.0f µs %13.0f µs %7d ms%n",
                    i + 1,
                    connections,
                    a.total(SprayResult.REFUSED),
                    a.total(SprayResult.ANSWERED),
                    a.cpuMillis(),
                    idle,
                    connections == 0 ? 0 : a.cpuMillis() * 1000 / connections,
                    perConnection[i],
                    a.sprayCpuMillis());
        }
        System.out.printf(
                "  median CPU per connection, less idle, %.0f µs%n", median(perConnection));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The real user: password login with OpenSSH's sftp, one upload timed by its own shell. */
    static final class RealUser {
        private final int port;
        private final Path src;
        private final Path marks;
        private final long size;

        RealUser(int port, Path src, Path work, long size) {
            this.port = port;
            this.src = src;
            this.marks = work.resolve("marks");
            this.size = size;
        }

        /**
         * Logs in (a refused login, say a full queue of password checks, is tried again up to 3
         * times and counted) and uploads the file, timed between two marks the client's shell
         * writes.
         */
        Upload upload() throws Exception {
            int refused = 0;
            while (true) {
                Files.deleteIfExists(marks);
                String mark = "!date +%s%N >> " + marks + "\n";
                long launched = System.currentTimeMillis() * 1_000_000L;
                List<String> cmd =
                        new ArrayList<>(
                                List.of(
                                        "sshpass",
                                        "-e",
                                        "sftp",
                                        "-oBatchMode=no",
                                        "-b",
                                        "-",
                                        "-c",
                                        "aes128-gcm@openssh.com",
                                        "-P",
                                        Integer.toString(port)));
                cmd.addAll(OpenSsh.LOOPBACK_OPTIONS);
                cmd.addAll(
                        List.of(
                                "-o",
                                "PubkeyAuthentication=no",
                                "-o",
                                "PreferredAuthentications=password",
                                "-o",
                                "NumberOfPasswordPrompts=1",
                                REAL_USER + "@127.0.0.1"));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().put("SSHPASS", REAL_PASSWORD);
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write((mark + "put " + src + " /upload.bin\n" + mark).getBytes());
                }
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() == 0) {
                    long[] m =
                            Files.readAllLines(marks).stream().mapToLong(Long::parseLong).toArray();
                    return new Upload(
                            (m[0] - launched) / 1e6, size / 1e6 / ((m[1] - m[0]) / 1e9), refused);
                }
                if (++refused > 3 || Files.exists(marks)) {
                    throw new IllegalStateException("the real user's upload failed:\n" + out);
                }
            }
        }
    }

    /**
     * A {@link SprayClient} in its own JVM for the whole bench, and the server's CPU time while it
     * sprays.
     */
    static final class SprayProcess {
        private final Process process;
        private final BufferedReader out;
        private final java.io.Writer in;
        private long cpu0;
        private long t0;
        private int otherLines;

        private SprayProcess(Process process) {
            this.process = process;
            this.out =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8));
            this.in =
                    new java.io.OutputStreamWriter(
                            process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Starts the attacker's JVM, logging nothing (its connection errors are the point). */
        static SprayProcess start(int port, Path work) throws Exception {
            Path quiet = work.resolve("spray-logback.xml");
            Files.writeString(
                    quiet,
                    "<configuration><statusListener"
                            + " class=\"ch.qos.logback.core.status.NopStatusListener\"/>"
                            + "<root level=\"OFF\"/></configuration>");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd =
                    List.of(
                            java,
                            "-Xmx512m",
                            "-XX:+UseSerialGC",
                            "-Dlogback.configurationFile=" + quiet,
                            "-cp",
                            System.getProperty("java.class.path"),
                            SprayClient.class.getName(),
                            Integer.toString(port));
            return new SprayProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        /** Starts a spray; returns once it runs, with the server's CPU time taken then. */
        void spray(
                List<String> addresses,
                int leastMillis,
                int concurrency,
                int maxConnectionsPerAddress,
                int maxSeconds)
                throws Exception {
            in.write(
                    "spray "
                            + GUESSES_PER_CONNECTION
                            + " "
                            + leastMillis
                            + " "
                            + concurrency
                            + " "
                            + maxConnectionsPerAddress
                            + " "
                            + maxSeconds
                            + " "
                            + String.join(" ", addresses)
                            + "\n");
            in.flush();
            awaitLine("spray go");
            cpu0 = OS.getProcessCpuTime();
            t0 = System.nanoTime();
        }

        /** Reads the spray's output up to {@code line}; other output is counted, a little shown. */
        void awaitLine(String line) throws Exception {
            String l;
            while ((l = out.readLine()) != null) {
                if (l.equals(line)) {
                    return;
                }
                other(l);
            }
            throw new IllegalStateException("the spray ended before \"" + line + "\"");
        }

        private void other(String l) {
            if (l.equals("spray answered")) {
                return;
            }
            if (++otherLines <= 3) {
                System.out.println("  [spray] " + l);
            }
        }

        /** Tells the spray to stop (it finishes the connections it has open). */
        void stop() throws Exception {
            in.write("stop\n");
            in.flush();
        }

        /** Waits for the spray to end; the server's CPU time is taken when it says it is done. */
        SprayResult result() throws Exception {
            awaitLine("spray done");
            double cpuMillis = (OS.getProcessCpuTime() - cpu0) / 1e6;
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, long[]> perAddress = new TreeMap<>();
            long sprayCpu = -1;
            String l;
            while ((l = out.readLine()) != null && !l.equals("spray end")) {
                if (l.startsWith("spray cpu ")) {
                    sprayCpu = Long.parseLong(l.substring("spray cpu ".length()));
                } else if (l.startsWith("spray result ")) {
                    String[] parts = l.split(" ");
                    long[] values =
                            Arrays.stream(parts, 3, parts.length)
                                    .mapToLong(
                                            kv -> Long.parseLong(kv.substring(kv.indexOf('=') + 1)))
                                    .toArray();
                    perAddress.put(parts[2], values);
                } else {
                    other(l);
                }
            }
            return new SprayResult(perAddress, cpuMillis, seconds, sprayCpu);
        }

        /** Ends the attacker's JVM (it also ends with this one: its stdin closes). */
        void end() throws Exception {
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
            }
            if (otherLines > 3) {
                System.out.println("  [spray] ... " + (otherLines - 3) + " more lines");
            }
        }
    }
}
