package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.dynamo.Tables;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.quota.LeaseSettings;
import dev.sluice.quota.QuotaReaper;
import dev.sluice.quota.QuotaUsage;
import dev.sluice.quota.S3LeaseProbe;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of a server task in the middle of uploads by a user with a quota: a real separate JVM
 * ({@link SftpMain}, configured from the environment as an ECS task is) on the same DynamoDB and S3
 * as this test. Its reservations stay in the counters while its leases are live, and leave them at
 * the first reaper round after the leases lapse (the stated bound: lease length plus reaper
 * interval), its multipart uploads with them; a restarted task then counts exactly.
 */
@ExtendWith(AwsFixture.class)
class CrashRecoveryTest {

    static final String PASSWORD = "crash-password-123";
    static final int MIB = 1024 * 1024;

    /** Long enough that no reaper of any JVM acts on its own while the test runs. */
    static final LeaseSettings SETTINGS =
            new LeaseSettings(Duration.ofMinutes(10), Duration.ofMinutes(1));

    @TempDir Path logs;

    @Test
    void aKilledTaskLeavesNoDriftOnceItsLeasesLapse(AwsEnvironment aws) throws Exception {
        try (SftpSystem system = SftpSystem.start(aws, c -> c.withQuotaLeases(SETTINGS))) {
            String name = system.newName("crash");
            // 4 MiB/s: the big uploads are still running when the task dies.
            system.createUser(
                    User.builder()
                            .username(name)
                            .password(PASSWORD)
                            .quotaSize(1L << 30)
                            .quotaFiles(100)
                            .uploadBandwidth(4096)
                            .build());
            int port = freePort();
            Process task = startTask(system, port, "crash-task-1", logs.resolve("task-1.log"));
            List<Thread> uploads = new ArrayList<>();
            try {
                awaitSsh(port, task, logs.resolve("task-1.log"));
                try (Mina.Sftp s = Mina.open(port, name, PASSWORD)) {
                    put(s, "/small.bin", 3 * MIB);
                    put(s, "/parts.bin", 7 * MIB);
                }
                Stored before = stored(system, name);
                assertThat(before).isEqualTo(new Stored(10L * MIB, 2));
                for (int i = 0; i < 2; i++) {
                    String path = "/big-" + i + ".bin";
                    Thread t =
                            new Thread(
                                    () -> {
                                        try (Mina.Sftp s = Mina.open(port, name, PASSWORD)) {
                                            put(s, path, 64 * MIB);
                                        } catch (IOException | RuntimeException expected) {
                                            // the server dies under it
                                        }
                                    });
                    t.start();
                    uploads.add(t);
                }
                // Wait until both uploads hold reservations (each sent at least one part).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (leaseRecords(system, "LIVE") < 2
                        || usage(system, name).usedQuotaSize() < before.bytes() + 10L * MIB) {
                    if (System.nanoTime() > deadline || !task.isAlive()) {
                        fail(
                                "the uploads never reserved their parts; task log:\n"
                                        + Files.readString(logs.resolve("task-1.log")));
                    }
                    Thread.sleep(50);
                }
            } finally {
                task.destroyForcibly(); // SIGKILL: no shutdown hook, no abort, no release
                task.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(task.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            for (Thread t : uploads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }

            Stored stored = stored(system, name);
            assertThat(stored)
                    .as("nothing of the unfinished uploads appeared")
                    .isEqualTo(new Stored(10L * MIB, 2));
            assertThat(usage(system, name).usedQuotaSize())
                    .as("the dead task's reservations")
                    .isGreaterThan(stored.bytes());
            assertThat(system.openMultipartUploads("users/" + name + "/")).isPositive();
            assertThat(leaseRecords(system, "LIVE")).isPositive();

            Instant killed = Instant.now();
            // While its leases are live, nobody may take them: the task might only be slow.
            assertThat(reaper(system, killed).reapLapsed().reaped()).isZero();
            assertThat(usage(system, name).usedQuotaSize()).isGreaterThan(stored.bytes());

            // The first reaper round after the bound (lease length + reaper interval) puts it
            // right.
            QuotaReaper.Result result = reaper(system, killed.plus(SETTINGS.bound())).reapLapsed();
            assertThat(result.released()).isEqualTo(2);
            assertThat(usage(system, name))
                    .isEqualTo(new QuotaUsage(stored.bytes(), (int) stored.files(), 0));
            assertThat(system.openMultipartUploads("users/" + name + "/"))
                    .as("unfinished uploads aborted")
                    .isZero();
            assertThat(leaseRecords(system, "LIVE")).isZero();

            // A restarted task (a new incarnation) counts exactly from there.
            Process again = startTask(system, port, "crash-task-1", logs.resolve("task-2.log"));
            try {
                awaitSsh(port, again, logs.resolve("task-2.log"));
                try (Mina.Sftp s = Mina.open(port, name, PASSWORD)) {
                    put(s, "/after.bin", 6 * MIB);
                }
                assertThat(usage(system, name)).isEqualTo(new QuotaUsage(16L * MIB, 3, 0));
                assertThat(stored(system, name)).isEqualTo(new Stored(16L * MIB, 3));
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
                again.destroyForcibly();
            }
        }
    }

    /**
     * The server as an ECS task runs it: SftpMain, configured by environment variables, in its own
     * JVM.
     */
    static Process startTask(SftpSystem system, int port, String node, Path log)
            throws IOException {
        AwsEnvironment aws = system.aws;
        AwsCredentials credentials = aws.credentials().resolveCredentials();
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb =
                new ProcessBuilder(java, "-cp", classpath, SftpMain.class.getName())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SLUICE_SFTP_BIND", "127.0.0.1");
        env.put("SLUICE_SFTP_PORT", Integer.toString(port));
        env.put("SLUICE_HEALTH_PORT", "-1");
        env.put("SLUICE_BUCKET", system.bucket);
        env.put("SLUICE_HOST_KEYS_SECRET_ARN", system.hostKeySecret);
        system.config
                .masterKeySecretId()
                .ifPresent(id -> env.put("SLUICE_MASTER_KEY_SECRET_ARN", id));
        env.put("SLUICE_TABLE_PREFIX", system.tables.prefix());
        env.put("SLUICE_S3_ENDPOINT", aws.s3Endpoint().toString());
        env.put("SLUICE_NODE_ID", node);
        env.put("SLUICE_DRAIN_SECONDS", "2");
        env.put("SLUICE_QUOTA_LEASE_SECONDS", Long.toString(SETTINGS.length().toSeconds()));
        env.put("SLUICE_QUOTA_REAP_SECONDS", Long.toString(SETTINGS.reapEvery().toSeconds()));
        env.put("AWS_REGION", aws.region().id());
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.secretsManagerEndpoint().toString());
        return pb.start();
    }

    /** A reaper as any other task (or the quota scan job) runs it, at a chosen moment. */
    static QuotaReaper reaper(SftpSystem system, Instant now) {
        var clients =
                new S3ClientFactory(
                        system.s3(),
                        system.s3Clients.http(),
                        system.aws.region(),
                        Optional.empty());
        return new QuotaReaper(
                system.aws.dynamoDb(),
                system.tables,
                system.userStore.usage(),
                system.folderStore.usage(),
                new S3LeaseProbe(system.userStore, system.folderStore, clients, system.bucket),
                Clock.fixed(now, ZoneOffset.UTC),
                true);
    }

    record Stored(long bytes, long files) {}

    static Stored stored(SftpSystem system, String name) {
        long bytes = 0;
        long files = 0;
        for (S3Object o :
                system.s3()
                        .listObjectsV2Paginator(
                                b -> b.bucket(system.bucket).prefix("users/" + name + "/"))
                        .contents()) {
            if (!o.key().endsWith("/")) {
                bytes += o.size();
                files++;
            }
        }
        return new Stored(bytes, files);
    }

    static QuotaUsage usage(SftpSystem system, String name) {
        User u = system.user(name);
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    static int leaseRecords(SftpSystem system, String phase) {
        return system
                .aws
                .dynamoDb()
                .scanPaginator(
                        b ->
                                b.tableName(system.tables.of(Tables.QUOTA_LEASES))
                                        .consistentRead(true))
                .items()
                .stream()
                .filter(i -> phase.equals(i.get("phase").s()))
                .toList()
                .size();
    }

    static void put(Mina.Sftp s, String path, int size) throws IOException {
        byte[] chunk = new byte[MIB];
        Random random = new Random(size);
        try (OutputStream out = s.client().write(path)) {
            for (int written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(chunk.length, size - written));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void awaitSsh(int port, Process task, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && task.isAlive()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                byte[] banner = new byte[7];
                if (in.readNBytes(banner, 0, 7) == 7
                        && new String(banner, StandardCharsets.US_ASCII).equals("SSH-2.0")) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("the task did not start; its log:\n" + Files.readString(log));
    }
}
