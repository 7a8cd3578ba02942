package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Starting and refusing to start: what a user of ./dev run meets first. */
class LocalSystemTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir Path data;

    @Test
    void startsInMemoryServesTheApiAndStopsCleanly() throws Exception {
        try (LocalSystem system =
                LocalSystem.start(new LocalConfig(Optional.empty(), LOOPBACK, 0, 0))) {
            assertThat(system.newAdminPassword()).get().asString().hasSize(20);
            assertThat(system.sftpPort()).isPositive();
            var health =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(system.apiUri().resolve("/healthz"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok");
        }
    }

    /**
     * A scan started through the API runs on the local quota scan queue, through the same job as on
     * AWS, and sets the counters to what is stored.
     */
    @Test
    void aQuotaScanStartedThroughTheApiRunsInProcess() throws Exception {
        try (LocalSystem system =
                        LocalSystem.start(new LocalConfig(Optional.empty(), LOOPBACK, 0, 0));
                S3Client s3 = s3(system)) {
            HttpClient http = HttpClient.newHttpClient();
            String basic =
                    java.util.Base64.getEncoder()
                            .encodeToString(
                                    (LocalSecrets.ADMIN + ":" + system.newAdminPassword().get())
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var tokenReply =
                    http.send(
                            HttpRequest.newBuilder(system.apiUri().resolve("/api/v2/token"))
                                    .header("Authorization", "Basic " + basic)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String token =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(tokenReply.body())
                            .path("access_token")
                            .asText();
            var created =
                    http.send(
                            HttpRequest.newBuilder(system.apiUri().resolve("/api/v2/users"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    """
                        {"username": "scanned", "password": "long-enough-pw", "permissions": {"/": ["*"]}}"""))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            put(s3, "users/scanned/a.txt", "12345");
            put(s3, "users/scanned/b/c.txt", "123");
            var started =
                    http.send(
                            HttpRequest.newBuilder(
                                            system.apiUri()
                                                    .resolve("/api/v2/quotas/users/scanned/scan"))
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            // The scan runs on the queue's thread: wait for its run to end (bounded).
            var runs = system.jobsContext().jobRuns();
            for (int i = 0;
                    i < 600
                            && !runs.history(dev.sluice.jobs.JobKind.QUOTA_SCAN_USER, 1).isEmpty()
                            && runs.history(dev.sluice.jobs.JobKind.QUOTA_SCAN_USER, 1)
                                    .get(0)
                                    .running();
                    i++) {
                Thread.sleep(50);
            }
            var run = runs.history(dev.sluice.jobs.JobKind.QUOTA_SCAN_USER, 1).get(0);
            assertThat(run.state()).isEqualTo(dev.sluice.jobs.JobState.FINISHED);
            var usage = system.apiContext().userStore().usage().current("scanned").orElseThrow();
            assertThat(usage.usedQuotaSize()).isEqualTo(8);
            assertThat(usage.usedQuotaFiles()).isEqualTo(2);
        }
    }

    @Test
    void aPortInUseIsNamedWithTheOptionToChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(
                            () ->
                                    LocalSystem.start(
                                            new LocalConfig(Optional.empty(), LOOPBACK, port, 0)))
                    .isInstanceOf(LocalStartupException.class)
                    .hasMessage(
                            "port "
                                    + port
                                    + " on "
                                    + LOOPBACK.getHostAddress()
                                    + " (REST API) is already in use; stop what uses it or pick another port with --api-port <port>");
            assertThatThrownBy(
                            () ->
                                    LocalSystem.start(
                                            new LocalConfig(Optional.empty(), LOOPBACK, 0, port)))
                    .hasMessageContaining("(SFTP) is already in use")
                    .hasMessageEndingWith("--sftp-port <port>");
        }
    }

    @Test
    void oneDataFolderServesOneInstance() {
        try (LocalSystem first =
                LocalSystem.start(new LocalConfig(Optional.of(data), LOOPBACK, 0, 0))) {
            assertThatThrownBy(
                            () ->
                                    LocalSystem.start(
                                            new LocalConfig(Optional.of(data), LOOPBACK, 0, 0)))
                    .hasMessage(
                            "the data folder "
                                    + data.toAbsolutePath()
                                    + " is in use by another Sluice; stop it or pick another folder with --data <dir>");
            assertThat(first.apiUri()).isNotNull();
        }
        assertThat(Files.exists(data.resolve("secrets.json"))).isTrue();
    }

    @Test
    void theCommandLineExplainsItsOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                new CommandLine(new SluiceLocal(new PrintStream(out)))
                        .setOut(new java.io.PrintWriter(out, true))
                        .execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains(
                        "--data",
                        "--in-memory",
                        "--bind",
                        "--api-port",
                        "--sftp-port",
                        "--log-level");
        assertThat(
                        new CommandLine(new SluiceLocal(new PrintStream(out)))
                                .execute("--bind", "no.such.host.invalid"))
                .isEqualTo(2);
    }

    static S3Client s3(LocalSystem system) {
        return S3Client.builder()
                .endpointOverride(system.aws().s3().endpoint())
                .forcePathStyle(true)
                // No "Expect: 100-continue": the JDK client does not retry a PUT whose pooled
                // connection the server closed while it waited for the 100 (seen once in CI).
                .overrideConfiguration(
                        o ->
                                o.addExecutionInterceptor(
                                        new ExecutionInterceptor() {
                                            @Override
                                            public SdkHttpRequest modifyHttpRequest(
                                                    Context.ModifyHttpRequest context,
                                                    ExecutionAttributes attributes) {
                                                return context.httpRequest().toBuilder()
                                                        .removeHeader("Expect")
                                                        .build();
                                            }
                                        }))
                .region(Region.of(system.aws().region()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        system.aws().accessKey(), system.aws().secretKey())))
                .build();
    }

    private static void put(S3Client s3, String key, String text) {
        s3.putObject(b -> b.bucket(LocalConfig.BUCKET).key(key), RequestBody.fromString(text));
    }

    /**
     * A data folder from before homes moved to users/<name>/: the start names the old keys and how
     * to move them.
     */
    @Test
    void filesOfTheOldLayoutAreNamedWithHowToMoveThem() throws Exception {
        try (LocalSystem system =
                        LocalSystem.start(new LocalConfig(Optional.of(data), LOOPBACK, 0, 0));
                S3Client s3 = s3(system)) {
            assertThat(system.layoutWarning()).as("a new data folder").isEmpty();
            put(s3, "alice/report.txt", "alice's report");
            put(s3, "alice/docs/", "");
            put(s3, "bob/x.txt", "x");
            put(s3, "users/carol/y.txt", "y");
            put(s3, "folders/shared/z.txt", "z");
            put(s3, "users/loose.txt", "of a user once named users");
        }
        String warning;
        try (LocalSystem system =
                LocalSystem.start(new LocalConfig(Optional.of(data), LOOPBACK, 0, 0))) {
            warning = system.layoutWarning().orElseThrow();
        }
        assertThat(warning)
                .contains("Old homes: alice/, bob/", "users/<username>/", "users/loose.txt")
                .doesNotContain("carol")
                .doesNotContain("shared");
        String move =
                warning.lines()
                        .filter(l -> l.startsWith("    cd "))
                        .findFirst()
                        .orElseThrow()
                        .strip();
        Process p = new ProcessBuilder("bash", "-c", move).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();

        try (LocalSystem system =
                        LocalSystem.start(new LocalConfig(Optional.of(data), LOOPBACK, 0, 0));
                S3Client s3 = s3(system)) {
            assertThat(system.layoutWarning())
                    .get()
                    .asString()
                    .doesNotContain("Old homes")
                    .contains("users/loose.txt");
            assertThat(
                            s3.getObjectAsBytes(
                                            b ->
                                                    b.bucket(LocalConfig.BUCKET)
                                                            .key("users/alice/report.txt"))
                                    .asUtf8String())
                    .isEqualTo("alice's report");
            assertThat(
                            s3.getObjectAsBytes(
                                            b ->
                                                    b.bucket(LocalConfig.BUCKET)
                                                            .key("users/bob/x.txt"))
                                    .asUtf8String())
                    .isEqualTo("x");
            assertThat(
                            s3.listObjectsV2(b -> b.bucket(LocalConfig.BUCKET).prefix("alice/"))
                                    .contents())
                    .isEmpty();
        }
    }
}
