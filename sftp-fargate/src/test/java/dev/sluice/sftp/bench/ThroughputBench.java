package dev.sluice.sftp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * bench/sftp-throughput: one file up and down with OpenSSH's sftp client through Sluice (S3 = a
 * local s3proxy filesystem store), against OpenSSH's own sftp server on local disk (a private sshd
 * on a loopback port, same cipher) and the AWS SDK putting/getting the object directly to the same
 * s3proxy. Prints MB/s and ratios.
 *
 * <p>Arguments: size in MiB (default 1024), work directory (default a temp folder), cipher (default
 * aes128-gcm@openssh.com).
 */
public final class ThroughputBench {

    private ThroughputBench() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("sluice-bench");
        String cipher = args.length > 2 ? args[2] : "aes128-gcm@openssh.com";
        long size = mib * 1024 * 1024;
        Files.createDirectories(work);
        Path src = work.resolve("source.bin");
        System.out.printf("bench: %d MiB, cipher %s, work %s%n", mib, cipher, work);
        BenchFiles.writeRandom(src, size);

        try (SluiceUnderBench sluice = SluiceUnderBench.start(work)) {
            S3Client s3c = sluice.s3();
            String bucket = sluice.bucket();
            OpenSshClient sftp = OpenSshClient.withNewKey(work, cipher);
            sluice.addUser("bench", sftp.publicKey(), b -> b);
            int port = sluice.port();
            // Warm-up: a long-running task has its hot paths compiled; a fresh JVM spends a
            // third
            // of a core in the JIT during the first gigabyte.
            Path warm = work.resolve("warm.bin");
            BenchFiles.writeRandom(warm, Math.min(size, 256L * 1024 * 1024));
            for (int i = 0; i < 4; i++) {
                sftp.batch(port, "bench", "put " + warm + " /warm.bin");
                sftp.batch(port, "bench", "get /warm.bin " + work.resolve("warm-down.bin"));
            }
            Files.delete(warm);
            if (Boolean.getBoolean("bench.profileUploads")) {
                // Profiling aid: repeated Sluice uploads only, to watch with top -H or a
                // profiler.
                for (int i = 0; i < Integer.getInteger("bench.repeat", 5); i++) {
                    long t0 = System.nanoTime();
                    sftp.batch(port, "bench", "put " + src + " /bench.bin");
                    double up = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
                    System.out.printf("upload %d: %.0f MB/s%n", i, up);
                }
                System.exit(0);
            }
            double sluiceUp =
                    timed(size, () -> sftp.batch(port, "bench", "put " + src + " /bench.bin"));
            Path sluiceDown = work.resolve("sluice-down.bin");
            double sluiceDn =
                    timed(size, () -> sftp.batch(port, "bench", "get /bench.bin " + sluiceDown));
            BenchFiles.verify(src, sluiceDown);
            Files.delete(sluiceDown);
            System.out.printf("Sluice: upload %.0f MB/s, download %.0f MB/s%n", sluiceUp, sluiceDn);
            double[] hashing = hashingCost(sftp, port, src, size);

            double[] openssh = openSshReference(work, src, size, sftp);
            double[] minaLocal = minaOnLocalDisk(work, src, size, sftp);

            Path sdkDown = work.resolve("sdk-down.bin");
            double sdkUp =
                    timed(
                            size,
                            () ->
                                    s3c.putObject(
                                            b -> b.bucket(bucket).key("sdk.bin"),
                                            RequestBody.fromFile(src)));
            double sdkMultipartUp =
                    timed(size, () -> sdkMultipart(s3c, bucket, "sdk-mp.bin", src, size));
            double sdkDn =
                    timed(
                            size,
                            () -> {
                                Files.deleteIfExists(sdkDown);
                                s3c.getObject(
                                        b -> b.bucket(bucket).key("sdk.bin"),
                                        ResponseTransformer.toFile(sdkDown));
                            });
            BenchFiles.verify(src, sdkDown);
            Files.delete(sdkDown);

            System.out.println();
            System.out.printf(
                    "%-44s %10s %10s%n", "MB/s (1 MB = 10^6 bytes)", "upload", "download");
            System.out.printf(
                    "%-44s %10.0f %10.0f%n",
                    "Sluice (OpenSSH sftp -> MINA -> s3proxy)", sluiceUp, sluiceDn);
            System.out.printf(
                    "%-44s %10.0f %10.0f%n",
                    openssh[2] > 0
                            ? "OpenSSH sshd + sftp-server, local disk"
                            : "OpenSSH sftp-server via pipe (no ssh)",
                    openssh[0],
                    openssh[1]);
            System.out.printf("%-44s %10.0f %10.0f%n", "AWS SDK direct to s3proxy", sdkUp, sdkDn);
            System.out.printf(
                    "%-44s %10.0f %10.0f%n",
                    "(MINA, same settings, local disk)", minaLocal[0], minaLocal[1]);
            System.out.printf(
                    "%-44s %10.0f %10s%n",
                    "(AWS SDK multipart, 8 MiB x 3 in flight)", sdkMultipartUp, "-");
            double slowerUp = Math.min(openssh[0], sdkUp);
            double slowerDn = Math.min(openssh[1], sdkDn);
            System.out.printf(
                    "%-44s %10.2f %10.2f%n",
                    "Sluice / OpenSSH", sluiceUp / openssh[0], sluiceDn / openssh[1]);
            System.out.printf(
                    "%-44s %10.2f %10.2f%n",
                    "Sluice / AWS SDK", sluiceUp / sdkUp, sluiceDn / sdkDn);
            System.out.printf(
                    "%-44s %10.2f %10.2f%n",
                    "Sluice / slower reference", sluiceUp / slowerUp, sluiceDn / slowerDn);
            System.out.println();
            System.out.printf(
                    "%-44s %10.0f%n", "Sluice upload, hashes stored (median of 3)", hashing[0]);
            System.out.printf(
                    "%-44s %10.0f%n", "Sluice upload, hashed, no self-copy (median)", hashing[1]);
            System.out.printf(
                    "%-44s %10.0f%n", "Sluice upload, no hashes (median of 3)", hashing[2]);
            System.out.printf(
                    "%-44s %10.3f%n", "hashing alone: hashed / no hashes", hashing[1] / hashing[2]);
            System.out.printf(
                    "%-44s %10.3f%n",
                    "stored (with self-copy) / no hashes", hashing[0] / hashing[2]);
        }
        // Embedded services leave non-daemon threads behind; the measurement is done.
        System.exit(0);
    }

    /**
     * OpenSSH's own server: a private sshd on loopback when it can run, else sftp-server over a
     * pipe.
     */
    private static double[] openSshReference(Path work, Path src, long size, OpenSshClient sftp)
            throws Exception {
        Path local = work.resolve("openssh-disk");
        Files.createDirectories(local);
        Path sftpServer = Path.of("/usr/lib/openssh/sftp-server");
        Optional<OpenSshServer> sshd = OpenSshServer.startIfPossible(work, sftp.publicKeyFile());
        if (sshd.isPresent()) {
            try (OpenSshServer daemon = sshd.get()) {
                String user = OpenSshServer.user();
                Path dst = local.resolve("up.bin");
                double up =
                        timed(
                                size,
                                () -> sftp.batch(daemon.port(), user, "put " + src + " " + dst));
                Path down = work.resolve("openssh-down.bin");
                double dn =
                        timed(
                                size,
                                () -> sftp.batch(daemon.port(), user, "get " + dst + " " + down));
                BenchFiles.verify(src, down);
                Files.delete(down);
                Files.delete(dst);
                return new double[] {up, dn, 1};
            }
        }
        if (!Files.isExecutable(sftpServer)) {
            throw new IllegalStateException(
                    "neither sshd nor sftp-server is installed (apt-get install openssh-server)");
        }
        List<String> pipe = List.of("sftp", "-D", sftpServer.toString(), "-b", "-");
        Path dst = local.resolve("up.bin");
        double up = timed(size, () -> OpenSshClient.run(pipe, "put " + src + " " + dst + "\n"));
        Path down = work.resolve("openssh-down.bin");
        double dn = timed(size, () -> OpenSshClient.run(pipe, "get " + dst + " " + down + "\n"));
        BenchFiles.verify(src, down);
        Files.delete(down);
        Files.delete(dst);
        return new double[] {up, dn, 0};
    }

    /**
     * MINA with Sluice's algorithms and window, on local disk: separates MINA's cost from the S3
     * path's.
     */
    private static double[] minaOnLocalDisk(Path work, Path src, long size, OpenSshClient sftp)
            throws Exception {
        Path root = work.resolve("mina-disk");
        Files.createDirectories(root);
        var ssh = org.apache.sshd.server.SshServer.setUpDefaultServer();
        ssh.setHost("127.0.0.1");
        ssh.setPort(0);
        dev.sluice.sftp.ssh.Algorithms.of(
                        dev.sluice.config.Settings.SSH_POLICY.defaultValue().orElseThrow())
                .apply(ssh);
        org.apache.sshd.core.CoreModuleProperties.WINDOW_SIZE.set(ssh, 16L * 1024 * 1024);
        org.apache.sshd.core.CoreModuleProperties.MAX_PACKET_SIZE.set(ssh, 64L * 1024);
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(ssh, true);
        ssh.setKeyPairProvider(
                org.apache.sshd.common.keyprovider.KeyPairProvider.wrap(
                        org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair(
                                "ssh-ed25519", 256)));
        ssh.setPublickeyAuthenticator((u, k, s) -> true);
        ssh.setFileSystemFactory(
                new org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory(root));
        ssh.setSubsystemFactories(List.of(new org.apache.sshd.sftp.server.SftpSubsystemFactory()));
        ssh.start();
        try {
            double up =
                    timed(
                            size,
                            () -> sftp.batch(ssh.getPort(), "bench", "put " + src + " /up.bin"));
            Path down = work.resolve("mina-down.bin");
            double dn =
                    timed(size, () -> sftp.batch(ssh.getPort(), "bench", "get /up.bin " + down));
            BenchFiles.verify(src, down);
            Files.delete(down);
            Files.delete(root.resolve("up.bin"));
            return new double[] {up, dn};
        } finally {
            ssh.stop(true);
        }
    }

    /**
     * The same multipart upload Sluice makes (8 MiB parts, 3 in flight), straight from the SDK:
     * what any streaming writer of unknown length pays on this S3 endpoint (s3proxy concatenates
     * the parts on completion; S3 does not).
     */
    private static void sdkMultipart(S3Client s3, String bucket, String key, Path src, long size)
            throws Exception {
        int partSize = 8 * 1024 * 1024;
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (var in = Files.newInputStream(src)) {
            List<
                            java.util.concurrent.Future<
                                    software.amazon.awssdk.services.s3.model.CompletedPart>>
                    parts = new ArrayList<>();
            var window = new java.util.concurrent.Semaphore(3);
            for (int n = 1; (long) (n - 1) * partSize < size; n++) {
                byte[] part = in.readNBytes(partSize);
                int number = n;
                window.acquire();
                parts.add(
                        pool.submit(
                                () -> {
                                    try {
                                        String etag =
                                                s3.uploadPart(
                                                                b ->
                                                                        b.bucket(bucket)
                                                                                .key(key)
                                                                                .uploadId(id)
                                                                                .partNumber(number)
                                                                                .contentLength(
                                                                                        (long)
                                                                                                part.length),
                                                                RequestBody.fromBytes(part))
                                                        .eTag();
                                        return software.amazon.awssdk.services.s3.model
                                                .CompletedPart.builder()
                                                .partNumber(number)
                                                .eTag(etag)
                                                .build();
                                    } finally {
                                        window.release();
                                    }
                                }));
            }
            List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new ArrayList<>();
            for (var p : parts) {
                done.add(p.get());
            }
            s3.completeMultipartUpload(
                    b ->
                            b.bucket(bucket)
                                    .key(key)
                                    .uploadId(id)
                                    .multipartUpload(u -> u.parts(done)));
        } finally {
            pool.shutdown();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * What hashing uploads (MD5, SHA-1, SHA-256 into the object's metadata) costs: Sluice uploads
     * interleaved three times each with hashes stored (a multipart object gets them by a self-copy
     * after completion), hashes computed but not stored (no self-copy), and no hashes (internal
     * switches only this bench uses); returns the median MB/s of each, in that order.
     */
    private static double[] hashingCost(OpenSshClient sftp, int port, Path src, long size)
            throws Exception {
        String hashSwitch = "sluice.internal.uploadHashes";
        String copySwitch = "sluice.internal.metadataCopy";
        double[] stored = new double[3];
        double[] hashedOnly = new double[3];
        double[] off = new double[3];
        try {
            for (int i = 0; i < 3; i++) {
                System.setProperty(hashSwitch, "true");
                System.setProperty(copySwitch, "true");
                stored[i] = timed(size, () -> sftp.batch(port, "bench", "put " + src + " /h.bin"));
                System.setProperty(copySwitch, "false");
                hashedOnly[i] =
                        timed(size, () -> sftp.batch(port, "bench", "put " + src + " /h.bin"));
                System.setProperty(hashSwitch, "false");
                off[i] = timed(size, () -> sftp.batch(port, "bench", "put " + src + " /h.bin"));
                System.out.printf(
                        "hashes stored %.0f MB/s, hashed only %.0f MB/s, off %.0f MB/s%n",
                        stored[i], hashedOnly[i], off[i]);
            }
        } finally {
            System.clearProperty(hashSwitch);
            System.clearProperty(copySwitch);
        }
        java.util.Arrays.sort(stored);
        java.util.Arrays.sort(hashedOnly);
        java.util.Arrays.sort(off);
        return new double[] {stored[1], hashedOnly[1], off[1]};
    }

    /**
     * Runs a transfer {@link #RUNS} times; the median MB/s (each row alike, so one noisy run skews
     * none).
     */
    private static double timed(long bytes, Step step) throws Exception {
        double[] rates = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            step.run();
            rates[i] = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
        }
        java.util.Arrays.sort(rates);
        return rates[RUNS / 2];
    }

    private static final int RUNS = Integer.getInteger("bench.runs", 3);
}
