package dev.sluice.sftp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * bench/small-files: many small files uploaded, listed, downloaded and deleted in one session of
 * OpenSSH's {@code sftp -b}, through Sluice (S3 = a local s3proxy filesystem store) for a user
 * without quota limits and one with them, against OpenSSH's own server on local disk, and against
 * the AWS SDK putting, listing, getting and deleting the same objects one by one (sync client,
 * sequential) on the same s3proxy. Prints files per second per phase and the ratios.
 *
 * <p>Arguments: file count (default 1000), file size in bytes (default 4096), work directory
 * (default a temp folder), cipher (default aes128-gcm@openssh.com). {@code -Dbench.repeat=N} runs
 * only Sluice's pass N times (to profile); {@code -Dbench.sample=true} adds a wall-clock profile of
 * the SFTP threads ({@link WallClockSampler}).
 */
public final class SmallFilesBench {

    private SmallFilesBench() {}

    /** Files per second of each phase. */
    record Rates(double upload, double list, double download, double delete) {

        static Rates of(int count, long[] marks) {
            return new Rates(
                    rate(count, marks[0], marks[1]),
                    rate(count, marks[1], marks[2]),
                    rate(count, marks[2], marks[3]),
                    rate(count, marks[3], marks[4]));
        }

        private static double rate(int count, long fromNanos, long toNanos) {
            return count / ((toNanos - fromNanos) / 1e9);
        }

        Rates over(Rates other) {
            return new Rates(
                    upload / other.upload,
                    list / other.list,
                    download / other.download,
                    delete / other.delete);
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("sluice-bench");
        String cipher = args.length > 3 ? args[3] : "aes128-gcm@openssh.com";
        Files.createDirectories(work);
        System.out.printf(
                "bench: %d files of %d bytes, cipher %s, work %s%n", count, size, cipher, work);
        Path src = work.resolve("small-src");
        List<Path> files = sources(src, count, size);

        try (SluiceUnderBench sluice = SluiceUnderBench.start(work)) {
            OpenSshClient sftp = OpenSshClient.withNewKey(work, cipher);
            sluice.addUser("open", sftp.publicKey(), b -> b);
            sluice.addUser(
                    "limited", sftp.publicKey(), b -> b.quotaSize(1L << 40).quotaFiles(10_000_000));
            // Warm-up: a long-running task has its per-file paths compiled.
            Path warm = work.resolve("small-warm");
            sources(warm, Math.min(count, 300), size);
            sluicePass(sftp, sluice.port(), "open", warm, work, "/warm", count(warm));

            int repeat = Integer.getInteger("bench.repeat", 0);
            if (repeat > 0) {
                try (WallClockSampler sampler = WallClockSampler.startIf("bench.sample")) {
                    for (int i = 0; i < repeat; i++) {
                        Rates r =
                                sluicePass(sftp, sluice.port(), "open", src, work, "/r" + i, count);
                        System.out.printf(
                                "pass %d: upload %.0f, list %.0f, download %.0f, delete %.0f files/s%n",
                                i, r.upload(), r.list(), r.download(), r.delete());
                    }
                    sampler.report(System.out);
                }
                System.exit(0);
            }

            Rates open = sluicePass(sftp, sluice.port(), "open", src, work, "/small", count);
            Rates limited = sluicePass(sftp, sluice.port(), "limited", src, work, "/small", count);
            Rates openssh = openSshPass(sftp, src, work, count);
            Rates sdk = sdkPass(sluice.s3(), sluice.bucket(), files, work);
            verifyAll(files, work.resolve("down-sdk"));

            System.out.println();
            System.out.printf(
                    "%-48s %8s %8s %8s %8s%n",
                    "files/s (" + count + " x " + size + " B, one session)",
                    "upload",
                    "list",
                    "download",
                    "delete");
            row("Sluice, user without quota limits", open);
            row("Sluice, user with quota limits", limited);
            row(
                    openssh == null
                            ? "(no OpenSSH reference)"
                            : "OpenSSH sshd + internal-sftp, local disk",
                    openssh);
            row("AWS SDK v2 one by one (sync, sequential)", sdk);
            ratio("Sluice (no limits) / AWS SDK", open.over(sdk));
            ratio("Sluice (limits) / AWS SDK", limited.over(sdk));
            if (openssh != null) {
                ratio("Sluice (no limits) / OpenSSH", open.over(openssh));
                ratio("Sluice (limits) / OpenSSH", limited.over(openssh));
            }
        }
        // Embedded services leave non-daemon threads behind; the measurement is done.
        System.exit(0);
    }

    /**
     * One session through Sluice: mkdir {@code dir}, then the four timed phases; checks every
     * downloaded file.
     */
    private static Rates sluicePass(
            OpenSshClient sftp, int port, String user, Path src, Path work, String dir, int count)
            throws Exception {
        Path down = Files.createTempDirectory(work, "down-" + user);
        Path marks = work.resolve("marks-" + user);
        Files.deleteIfExists(marks);
        sftp.batch(port, user, "mkdir " + dir + "\n" + phases(src, dir, down, marks));
        verifyAll(list(src), down);
        return Rates.of(count, readMarks(marks));
    }

    /**
     * The same session against OpenSSH's sshd with internal-sftp on local disk; null when sshd
     * cannot run here (not root, not installed).
     */
    private static Rates openSshPass(OpenSshClient sftp, Path src, Path work, int count)
            throws Exception {
        Optional<OpenSshServer> sshd = OpenSshServer.startIfPossible(work, sftp.publicKeyFile());
        if (sshd.isEmpty()) {
            return null;
        }
        try (OpenSshServer daemon = sshd.get()) {
            Path dir = work.resolve("openssh-disk").resolve("small");
            Files.createDirectories(dir);
            Path down = Files.createTempDirectory(work, "down-openssh");
            Path marks = work.resolve("marks-openssh");
            Files.deleteIfExists(marks);
            sftp.batch(
                    daemon.port(), OpenSshServer.user(), phases(src, dir.toString(), down, marks));
            verifyAll(list(src), down);
            return Rates.of(count, readMarks(marks));
        }
    }

    /**
     * The sftp batch of the four phases, each preceded and the last followed by a time stamp the
     * client's shell appends to {@code marks}.
     */
    private static String phases(Path src, String dir, Path down, Path marks) {
        String mark = "!date +%s%N >> " + marks + "\n";
        return mark + "put " + src + "/* " + dir + "/\n" + mark + "ls -l " + dir + "\n" + mark
                + "get " + dir + "/* " + down + "/\n" + mark + "rm " + dir + "/*\n" + mark;
    }

    /**
     * The SDK's one-by-one reference: PutObject each, one listing, GetObject each, DeleteObject
     * each.
     */
    private static Rates sdkPass(S3Client s3, String bucket, List<Path> files, Path work)
            throws Exception {
        Path down = work.resolve("down-sdk");
        Files.createDirectories(down);
        String prefix = "sdk/small/";
        long[] marks = new long[5];
        marks[0] = System.nanoTime();
        for (Path f : files) {
            s3.putObject(
                    b -> b.bucket(bucket).key(prefix + f.getFileName()), RequestBody.fromFile(f));
        }
        marks[1] = System.nanoTime();
        long listed =
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                        .count();
        marks[2] = System.nanoTime();
        if (listed != files.size()) {
            throw new IllegalStateException("listed " + listed + " of " + files.size());
        }
        for (Path f : files) {
            s3.getObject(
                    b -> b.bucket(bucket).key(prefix + f.getFileName()),
                    ResponseTransformer.toFile(down.resolve(f.getFileName())));
        }
        marks[3] = System.nanoTime();
        for (Path f : files) {
            s3.deleteObject(b -> b.bucket(bucket).key(prefix + f.getFileName()));
        }
        marks[4] = System.nanoTime();
        return Rates.of(files.size(), marks);
    }

    private static List<Path> sources(Path dir, int count, int size) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(String.format("f%06d.bin", i));
            BenchFiles.writeRandom(f, size, i + 1L);
            files.add(f);
        }
        return files;
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static int count(Path dir) throws Exception {
        return list(dir).size();
    }

    private static void verifyAll(List<Path> files, Path down) throws Exception {
        for (Path f : files) {
            BenchFiles.verify(f, down.resolve(f.getFileName()));
        }
    }

    private static long[] readMarks(Path marks) throws Exception {
        long[] out = Files.readAllLines(marks).stream().mapToLong(Long::parseLong).toArray();
        if (out.length != 5) {
            throw new IllegalStateException("expected 5 time stamps in " + marks);
        }
        return out;
    }

    private static void row(String name, Rates r) {
        if (r == null) {
            return;
        }
        System.out.printf(
                "%-48s %8.0f %8.0f %8.0f %8.0f%n",
                name, r.upload(), r.list(), r.download(), r.delete());
    }

    private static void ratio(String name, Rates r) {
        System.out.printf(
                "%-48s %8.2f %8.2f %8.2f %8.2f%n",
                name, r.upload(), r.list(), r.download(), r.delete());
    }
}
