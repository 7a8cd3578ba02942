package dev.sluice.sftp.bench;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.EmbeddedAws;
import dev.sluice.folders.FolderStore;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.sftp.SftpConfig;
import dev.sluice.sftp.SluiceSftpServer;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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
        writeRandom(src, size);

        try (EmbeddedAws aws = EmbeddedAws.builder().dataDirectory(work.resolve("aws")).start()) {
            var creds =
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
            Region region = Region.of(aws.region());
            var http = UrlConnectionHttpClient.builder().build();
            DynamoDbClient ddb =
                    DynamoDbClient.builder()
                            .httpClient(http)
                            .region(region)
                            .credentialsProvider(creds)
                            .endpointOverride(aws.dynamoDb().endpoint())
                            .build();
            SecretsManagerClient sm =
                    SecretsManagerClient.builder()
                            .httpClient(http)
                            .region(region)
                            .credentialsProvider(creds)
                            .endpointOverride(aws.secretsManager().endpoint())
                            .build();
            S3Clients s3 = new S3Clients(region, Optional.of(aws.s3().endpoint()), creds);
            S3Client s3c = s3.defaultClient();
            String bucket = "bench-" + System.nanoTime();
            s3c.createBucket(b -> b.bucket(bucket));
            TableNames tables = TableNames.withPrefix("bench-" + System.nanoTime() + "-");
            new TableProvisioner(ddb, tables).createMissing(Tables.ALL);
            String hostKeys =
                    sm.createSecret(
                                    b ->
                                            b.name("bench-host-keys-" + System.nanoTime())
                                                    .secretString("{}"))
                            .arn();
            SftpConfig config =
                    SftpConfig.loopback(
                                    bucket, aws.s3().endpoint(), tables, hostKeys, Optional.empty())
                            .toBuilder()
                            .uploadMemoryMiB(1024)
                            .node("bench")
                            .build();
            SluiceSftpServer server =
                    SluiceSftpServer.start(config, ddb, sm, s3, Clock.systemUTC());
            try {
                Path key = work.resolve("id_bench");
                Files.deleteIfExists(key);
                Files.deleteIfExists(work.resolve("id_bench.pub"));
                run(
                        List.of(
                                "ssh-keygen",
                                "-q",
                                "-t",
                                "ed25519",
                                "-N",
                                "",
                                "-f",
                                key.toString()),
                        null);
                String pub = Files.readString(work.resolve("id_bench.pub")).strip();
                new UserStore(ddb, tables)
                        .create(
                                User.builder()
                                        .username("bench")
                                        .password(new PasswordHasher().hash("bench-password"))
                                        .publicKeys(List.of(pub))
                                        .build());
                new FolderStore(ddb, tables);

                List<String> sftp = sftpCommand(key, cipher);
                // Warm-up: a long-running task has its hot paths compiled; a fresh JVM spends a
                // third
                // of a core in the JIT during the first gigabyte.
                Path warm = work.resolve("warm.bin");
                writeRandom(warm, Math.min(size, 256L * 1024 * 1024));
                for (int i = 0; i < 4; i++) {
                    batch(sftp, server.port(), "bench", "put " + warm + " /warm.bin");
                    batch(
                            sftp,
                            server.port(),
                            "bench",
                            "get /warm.bin " + work.resolve("warm-down.bin"));
                }
                Files.delete(warm);
                if (Boolean.getBoolean("bench.profileUploads")) {
                    // Profiling aid: repeated Sluice uploads only, to watch with top -H or a
                    // profiler.
                    for (int i = 0; i < Integer.getInteger("bench.repeat", 5); i++) {
                        long t0 = System.nanoTime();
                        batch(sftp, server.port(), "bench", "put " + src + " /bench.bin");
                        double up = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
                        System.out.printf("upload %d: %.0f MB/s%n", i, up);
                    }
                    System.exit(0);
                }
                double sluiceUp =
                        timed(
                                size,
                                () ->
                                        batch(
                                                sftp,
                                                server.port(),
                                                "bench",
                                                "put " + src + " /bench.bin"));
                Path sluiceDown = work.resolve("sluice-down.bin");
                double sluiceDn =
                        timed(
                                size,
                                () ->
                                        batch(
                                                sftp,
                                                server.port(),
                                                "bench",
                                                "get /bench.bin " + sluiceDown));
                verify(src, sluiceDown);
                Files.delete(sluiceDown);
                System.out.printf(
                        "Sluice: upload %.0f MB/s, download %.0f MB/s%n", sluiceUp, sluiceDn);
                double[] hashing = hashingCost(sftp, server.port(), src, size);

                double[] openssh = openSshReference(work, src, size, key, cipher);
                double[] minaLocal = minaOnLocalDisk(work, src, size, key, cipher);

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
                verify(src, sdkDown);
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
                System.out.printf(
                        "%-44s %10.0f %10.0f%n", "AWS SDK direct to s3proxy", sdkUp, sdkDn);
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
                        "%-44s %10.0f%n",
                        "Sluice upload, hashed, no self-copy (median)", hashing[1]);
                System.out.printf(
                        "%-44s %10.0f%n", "Sluice upload, no hashes (median of 3)", hashing[2]);
                System.out.printf(
                        "%-44s %10.3f%n",
                        "hashing alone: hashed / no hashes", hashing[1] / hashing[2]);
                System.out.printf(
                        "%-44s %10.3f%n",
                        "stored (with self-copy) / no hashes", hashing[0] / hashing[2]);
            } finally {
                server.close();
                s3.close();
            }
        }
        // Embedded services leave non-daemon threads behind; the measurement is done.
        System.exit(0);
    }

    /**
     * What hashing uploads (MD5, SHA-1, SHA-256 into the object's metadata) costs: Sluice uploads
     * interleaved three times each with hashes stored (a multipart object gets them by a self-copy
     * after completion), hashes computed but not stored (no self-copy), and no hashes (internal
     * switches only this bench uses); returns the median MB/s of each, in that order.
     */
    private static double[] hashingCost(List<String> sftp, int port, Path src, long size)
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
                stored[i] = timed(size, () -> batch(sftp, port, "bench", "put " + src + " /h.bin"));
                System.setProperty(copySwitch, "false");
                hashedOnly[i] =
                        timed(size, () -> batch(sftp, port, "bench", "put " + src + " /h.bin"));
                System.setProperty(hashSwitch, "false");
                off[i] = timed(size, () -> batch(sftp, port, "bench", "put " + src + " /h.bin"));
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
     * OpenSSH's own server: a private sshd on loopback when it can run, else sftp-server over a
     * pipe.
     */
    private static double[] openSshReference(
            Path work, Path src, long size, Path key, String cipher) throws Exception {
        Path local = work.resolve("openssh-disk");
        Files.createDirectories(local);
        Path sshd = Path.of("/usr/sbin/sshd");
        Path sftpServer = Path.of("/usr/lib/openssh/sftp-server");
        if (Files.isExecutable(sshd) && "root".equals(System.getProperty("user.name"))) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path hostKey = work.resolve("sshd_host_key");
            Files.deleteIfExists(hostKey);
            Files.deleteIfExists(work.resolve("sshd_host_key.pub"));
            run(
                    List.of(
                            "ssh-keygen",
                            "-q",
                            "-t",
                            "ed25519",
                            "-N",
                            "",
                            "-f",
                            hostKey.toString()),
                    null);
            Path authorized = work.resolve("authorized_keys");
            Files.copy(
                    work.resolve("id_bench.pub"),
                    authorized,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path cfg = work.resolve("sshd_config");
            Files.writeString(
                    cfg,
                    String.join(
                            "\n",
                            "ListenAddress 127.0.0.1",
                            "Port " + port,
                            "HostKey " + hostKey,
                            "AuthorizedKeysFile " + authorized,
                            "StrictModes no",
                            "UsePAM no",
                            "PermitRootLogin prohibit-password",
                            "PasswordAuthentication no",
                            "PidFile none",
                            "Subsystem sftp internal-sftp",
                            ""));
            Files.createDirectories(Path.of("/run/sshd"));
            Process daemon =
                    new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", cfg.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(work.resolve("sshd.log").toFile())
                            .start();
            try {
                Thread.sleep(500);
                List<String> sftp = sftpCommand(key, cipher);
                String user = System.getProperty("user.name");
                Path dst = local.resolve("up.bin");
                double up = timed(size, () -> batch(sftp, port, user, "put " + src + " " + dst));
                Path down = work.resolve("openssh-down.bin");
                double dn = timed(size, () -> batch(sftp, port, user, "get " + dst + " " + down));
                verify(src, down);
                Files.delete(down);
                Files.delete(dst);
                return new double[] {up, dn, 1};
            } finally {
                daemon.destroy();
                daemon.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (!Files.isExecutable(sftpServer)) {
            throw new IllegalStateException(
                    "neither sshd nor sftp-server is installed (apt-get install openssh-server)");
        }
        List<String> pipe = List.of("sftp", "-D", sftpServer.toString(), "-b", "-");
        Path dst = local.resolve("up.bin");
        double up = timed(size, () -> run(pipe, "put " + src + " " + dst + "\n"));
        Path down = work.resolve("openssh-down.bin");
        double dn = timed(size, () -> run(pipe, "get " + dst + " " + down + "\n"));
        verify(src, down);
        Files.delete(down);
        Files.delete(dst);
        return new double[] {up, dn, 0};
    }

    /**
     * MINA with Sluice's algorithms and window, on local disk: separates MINA's cost from the S3
     * path's.
     */
    private static double[] minaOnLocalDisk(Path work, Path src, long size, Path key, String cipher)
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
            List<String> sftp = sftpCommand(key, cipher);
            double up =
                    timed(
                            size,
                            () -> batch(sftp, ssh.getPort(), "bench", "put " + src + " /up.bin"));
            Path down = work.resolve("mina-down.bin");
            double dn =
                    timed(size, () -> batch(sftp, ssh.getPort(), "bench", "get /up.bin " + down));
            verify(src, down);
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

    private static List<String> sftpCommand(Path key, String cipher) {
        return List.of(
                "sftp",
                "-b",
                "-",
                "-c",
                cipher,
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "-o",
                "IdentitiesOnly=yes",
                "-i",
                key.toString());
    }

    private static void batch(List<String> sftp, int port, String user, String command)
            throws Exception {
        List<String> cmd = new ArrayList<>(sftp);
        cmd.addAll(List.of("-P", Integer.toString(port), user + "@127.0.0.1"));
        run(cmd, command + "\n");
    }

    private interface Step {
        void run() throws Exception;
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

    private static void run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes());
            }
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(1);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long n = 0; n < size; n += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - n));
            }
        }
    }

    private static void verify(Path a, Path b) throws IOException {
        if (Files.mismatch(a, b) != -1) {
            throw new IllegalStateException(b + " differs from " + a);
        }
    }
}
