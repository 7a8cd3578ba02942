package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of the local mode during uploads by a user with a quota, as {@code ./dev run} runs it: a
 * separate JVM on a data folder. The next start finds the dead run's reservations and unfinished
 * multipart uploads and clears them before serving: the counters equal the stored objects at once,
 * no unfinished upload is left in the store, and later uploads count exactly.
 */
class LocalCrashTest {

    static final int MIB = 1024 * 1024;
    static final String PASSWORD = "crash-password-123";
    static final ObjectMapper JSON = new ObjectMapper();
    static SshClient ssh;

    @TempDir Path data;
    @TempDir Path logs;

    @BeforeAll
    static void client() {
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
        ssh.start();
    }

    @AfterAll
    static void stopClient() {
        ssh.stop();
    }

    @Test
    void aRestartAfterKill9LeavesNoDriftAndNoUnfinishedUploads() throws Exception {
        Process run = startLocal();
        List<Thread> uploads = new ArrayList<>();
        long stored;
        try {
            Banner banner = awaitBanner(run);
            String token = token(banner);
            api(
                    banner,
                    "POST",
                    "/api/v2/users",
                    token,
                    """
                {"username": "crash", "status": 1, "password": "%s", "permissions": {"/": ["*"]},
                 "quota_size": 1073741824, "quota_files": 100, "upload_bandwidth": 4096}"""
                            .formatted(PASSWORD),
                    201);
            try (Sftp s = open(banner.sftpPort())) {
                put(s.client(), "/small.bin", 3 * MIB);
                put(s.client(), "/parts.bin", 7 * MIB);
            }
            stored = 10L * MIB;
            assertThat(
                            api(banner, "GET", "/api/v2/users/crash", token, null, 200)
                                    .path("used_quota_size")
                                    .asLong())
                    .isEqualTo(stored);
            for (int i = 0; i < 2; i++) {
                String path = "/big-" + i + ".bin";
                Thread t =
                        new Thread(
                                () -> {
                                    try (Sftp s = open(banner.sftpPort())) {
                                        put(s.client(), path, 64 * MIB);
                                    } catch (IOException | RuntimeException expected) {
                                        // the server dies under it
                                    }
                                });
                t.start();
                uploads.add(t);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (api(banner, "GET", "/api/v2/users/crash", token, null, 200)
                            .path("used_quota_size")
                            .asLong()
                    < stored + 10L * MIB) {
                if (System.nanoTime() > deadline || !run.isAlive()) {
                    fail(
                            "the uploads never reserved their parts; log:\n"
                                    + Files.readString(logs.resolve("err.log")));
                }
                Thread.sleep(50);
            }
        } finally {
            run.destroyForcibly(); // SIGKILL: no shutdown hook runs
            run.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(run.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        for (Thread t : uploads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        try (LocalSystem restarted =
                        LocalSystem.start(
                                new LocalConfig(
                                        Optional.of(data),
                                        InetAddress.getLoopbackAddress(),
                                        0,
                                        0));
                S3Client s3 = s3(restarted)) {
            DeadRunCleanup.Result cleared = restarted.deadRunCleanup();
            // One lease per upload that had reserved a part when the run died (at least one of the
            // two).
            assertThat(cleared.leasesReaped())
                    .as("the uploads' reservations given back")
                    .isBetween(1, 2);
            assertThat(cleared.leasesLeft()).isZero();
            assertThat(usage(restarted)).isEqualTo(storedUnder(s3, "users/crash/"));
            assertThat(usage(restarted)).isEqualTo(new long[] {stored, 2});
            assertThat(s3.listMultipartUploads(b -> b.bucket(LocalConfig.BUCKET)).uploads())
                    .isEmpty();
            assertThat(bytesOnDisk(data.resolve("s3")))
                    .as(
                            "no parts of unfinished uploads left on disk: "
                                    + filesOnDisk(data.resolve("s3")))
                    .isLessThan(stored + MIB);

            // Later uploads count exactly.
            try (Sftp s = open(restarted.sftpPort())) {
                put(s.client(), "/after.bin", 6 * MIB);
            }
            assertThat(usage(restarted)).isEqualTo(new long[] {stored + 6 * MIB, 3});
            assertThat(usage(restarted)).isEqualTo(storedUnder(s3, "users/crash/"));
        }
    }

    private Process startLocal() throws IOException {
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        SluiceLocal.class.getName(),
                        "--data",
                        data.toString(),
                        "--api-port",
                        "0",
                        "--sftp-port",
                        "0",
                        "--log-level",
                        "warn")
                .redirectOutput(logs.resolve("out.log").toFile())
                .redirectError(logs.resolve("err.log").toFile())
                .start();
    }

    record Banner(URI api, int sftpPort, String admin, String password) {}

    private Banner awaitBanner(Process run) throws Exception {
        Pattern api = Pattern.compile("REST API:\\s+(\\S+)/api/v2");
        Pattern sftp = Pattern.compile("SFTP:\\s+sftp -P (\\d+)");
        Pattern admin = Pattern.compile("Admin:\\s+(\\S+) / (\\S+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && run.isAlive()) {
            String out = Files.readString(logs.resolve("out.log"));
            Matcher a = api.matcher(out);
            Matcher s = sftp.matcher(out);
            Matcher p = admin.matcher(out);
            if (a.find() && s.find() && p.find()) {
                return new Banner(
                        URI.create(a.group(1)),
                        Integer.parseInt(s.group(1)),
                        p.group(1),
                        p.group(2));
            }
            Thread.sleep(100);
        }
        fail("the local mode did not start; log:\n" + Files.readString(logs.resolve("err.log")));
        return null;
    }

    private static String token(Banner banner) throws Exception {
        String basic =
                Base64.getEncoder()
                        .encodeToString(
                                (banner.admin() + ":" + banner.password())
                                        .getBytes(StandardCharsets.UTF_8));
        var response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(banner.api().resolve("/api/v2/token"))
                                        .header("Authorization", "Basic " + basic)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static JsonNode api(
            Banner banner, String method, String path, String token, String body, int expected)
            throws Exception {
        var request =
                HttpRequest.newBuilder(banner.api().resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build();
        var response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    record Sftp(ClientSession session, SftpClient client) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                client.close();
            } finally {
                session.close();
            }
        }
    }

    private static Sftp open(int port) throws IOException {
        ClientSession session =
                ssh.connect("crash", "127.0.0.1", port).verify(Duration.ofSeconds(20)).getSession();
        session.addPasswordIdentity(PASSWORD);
        session.auth().verify(Duration.ofSeconds(20));
        return new Sftp(session, SftpClientFactory.instance().createSftpClient(session));
    }

    private static void put(SftpClient sftp, String path, int size) throws IOException {
        byte[] chunk = new byte[MIB];
        Random random = new Random(size);
        try (OutputStream out = sftp.write(path)) {
            for (int written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(chunk.length, size - written));
            }
        }
    }

    private static long[] usage(LocalSystem system) {
        User u = system.apiContext().userStore().find("crash").orElseThrow();
        return new long[] {u.usedQuotaSize(), u.usedQuotaFiles()};
    }

    private static long[] storedUnder(S3Client s3, String prefix) {
        long bytes = 0;
        long files = 0;
        for (S3Object o :
                s3.listObjectsV2Paginator(b -> b.bucket(LocalConfig.BUCKET).prefix(prefix))
                        .contents()) {
            if (!o.key().endsWith("/")) {
                bytes += o.size();
                files++;
            }
        }
        return new long[] {bytes, files};
    }

    private static long bytesOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static List<String> filesOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f) + "=" + f.toFile().length())
                    .toList();
        }
    }

    private static S3Client s3(LocalSystem system) {
        var aws = system.aws();
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(aws.s3().endpoint())
                .forcePathStyle(true)
                .region(Region.of(aws.region()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(aws.accessKey(), aws.secretKey())))
                .build();
    }
}
