package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.EmbeddedAws;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the SFTP image runs, without a Docker engine: the Dockerfile's COPY lines laid out in a
 * folder as they would be in the image, its ENV and ENTRYPOINT run as written (with {@code /app}
 * pointing at that folder and the configuration a task gets from ECS), against the embedded AWS
 * services. The server must start from the packaged jar and its {@code lib/}, answer the health
 * check and SSH, and stop on SIGTERM. Where Docker exists, {@code docker build} proves the rest.
 */
class ContainerContractTest {

    private static final Path MODULE = Path.of("..", "sftp-fargate").toAbsolutePath().normalize();

    @Test
    void theImageEntrypointRunsTheServerFromThePackagedJar(@TempDir Path app) throws Exception {
        Dockerfile docker = Dockerfile.read(MODULE.resolve("Dockerfile"));
        layOut(docker, app);

        try (EmbeddedAws aws = EmbeddedAws.inMemory()) {
            var creds =
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
            Region region = Region.of(aws.region());
            String prefix = "contract-" + System.nanoTime() + "-";
            try (DynamoDbClient ddb =
                            DynamoDbClient.builder()
                                    .region(region)
                                    .credentialsProvider(creds)
                                    .endpointOverride(aws.dynamoDb().endpoint())
                                    .build();
                    SecretsManagerClient sm =
                            SecretsManagerClient.builder()
                                    .region(region)
                                    .credentialsProvider(creds)
                                    .endpointOverride(aws.secretsManager().endpoint())
                                    .build();
                    S3Client s3 =
                            S3Client.builder()
                                    .region(region)
                                    .credentialsProvider(creds)
                                    .forcePathStyle(true)
                                    .endpointOverride(aws.s3().endpoint())
                                    .build()) {
                new TableProvisioner(ddb, TableNames.withPrefix(prefix)).createMissing(Tables.ALL);
                s3.createBucket(b -> b.bucket("contract-files"));
                String hostKeys =
                        sm.createSecret(b -> b.name("contract-host-keys").secretString("{}")).arn();

                int sshPort = freePort();
                int healthPort = freePort();
                Map<String, String> env = new LinkedHashMap<>(docker.env());
                // What the ECS task definition adds (and docker run -e would): ports free here,
                // loopback, the data.
                env.put("SLUICE_SFTP_PORT", Integer.toString(sshPort));
                env.put("SLUICE_HEALTH_PORT", Integer.toString(healthPort));
                env.put("SLUICE_SFTP_BIND", "127.0.0.1");
                env.put("SLUICE_BUCKET", "contract-files");
                env.put("SLUICE_HOST_KEYS_SECRET_ARN", hostKeys);
                env.put("SLUICE_TABLE_PREFIX", prefix);
                env.put("SLUICE_DRAIN_SECONDS", "3");
                env.put("SLUICE_S3_ENDPOINT", aws.s3().endpoint().toString());
                env.put("AWS_REGION", aws.region());
                env.put("AWS_ACCESS_KEY_ID", aws.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", aws.secretKey());
                env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDb().endpoint().toString());
                env.put(
                        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                        aws.secretsManager().endpoint().toString());

                List<String> command = new ArrayList<>();
                for (String part : docker.entrypoint()) {
                    command.add(
                            part.equals("java")
                                    ? javaOfThisBuild()
                                    : part.replace("/app/", app + "/"));
                }
                ProcessBuilder pb =
                        new ProcessBuilder(command)
                                .directory(app.toFile())
                                .redirectErrorStream(true)
                                .redirectOutput(app.resolve("server.log").toFile());
                pb.environment().clear();
                pb.environment().putAll(env);
                pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
                Process server = pb.start();
                try {
                    waitForHealth(healthPort, server, app);
                    try (Socket socket = new Socket("127.0.0.1", sshPort)) {
                        socket.setSoTimeout(10_000);
                        assertThat(readLine(socket.getInputStream())).isEqualTo("SSH-2.0-Sluice");
                    }
                    // The first task generated the shared host keys and stored them.
                    assertThat(sm.getSecretValue(b -> b.secretId(hostKeys)).secretString())
                            .contains("\"ed25519\"")
                            .contains("OPENSSH PRIVATE KEY");

                    server.destroy(); // SIGTERM, as ECS sends it
                    assertThat(server.waitFor(30, TimeUnit.SECONDS))
                            .as("stops after SIGTERM")
                            .isTrue();
                    assertThat(Files.readString(app.resolve("server.log")))
                            .contains("SIGTERM: draining")
                            .contains("stopped");
                } finally {
                    server.destroyForcibly();
                }
            }
        }
    }

    /**
     * The image's files: each COPY source from the module, at its destination under {@code app}.
     */
    private static void layOut(Dockerfile docker, Path app) throws IOException {
        for (var copy : docker.copies()) {
            Path target = app.resolve(copy.destination().replaceFirst("^/app/?", ""));
            if (copy.source().endsWith("/")) {
                Path dir = MODULE.resolve(copy.source());
                requireBuilt(Files.isDirectory(dir), dir);
                Files.createDirectories(target);
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path f : files) {
                        Files.copy(f, target.resolve(f.getFileName().toString()));
                    }
                }
            } else {
                Path parent = MODULE.resolve(copy.source()).getParent();
                String glob = Path.of(copy.source()).getFileName().toString();
                List<Path> matches = new ArrayList<>();
                if (Files.isDirectory(parent)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(parent, glob)) {
                        files.forEach(matches::add);
                    }
                }
                requireBuilt(matches.size() == 1, MODULE.resolve(copy.source()));
                Files.createDirectories(target.getParent());
                Files.copy(matches.get(0), target);
            }
        }
    }

    private static void requireBuilt(boolean present, Path what) {
        String why = what + " is not built (the reactor builds it before this module: ./dev test)";
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(present, why);
    }

    private static String javaOfThisBuild() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void waitForHealth(int port, Process server, Path app) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            if (!server.isAlive()) {
                fail(
                        "the server exited with "
                                + server.exitValue()
                                + ":\n"
                                + Files.readString(app.resolve("server.log")));
            }
            try {
                var response =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/healthz"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                fail(
                        "no healthy answer within 60 s:\n"
                                + Files.readString(app.resolve("server.log")));
            }
            Thread.sleep(200);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The few Dockerfile instructions the contract depends on. */
    record Dockerfile(List<Copy> copies, Map<String, String> env, List<String> entrypoint) {

        record Copy(String source, String destination) {}

        static Dockerfile read(Path file) throws IOException {
            // Join continuation lines, drop comments.
            List<String> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                } else {
                    current.append(line);
                    instructions.add(current.toString().strip());
                    current.setLength(0);
                }
            }
            List<Copy> copies = new ArrayList<>();
            Map<String, String> env = new LinkedHashMap<>();
            List<String> entrypoint = List.of();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
            for (String instruction : instructions) {
                String[] words = instruction.split("\\s+", 2);
                switch (words[0].toUpperCase(java.util.Locale.ROOT)) {
                    case "COPY" -> {
                        String[] args = words[1].split("\\s+");
                        copies.add(new Copy(args[0], args[args.length - 1]));
                    }
                    case "ENV" -> {
                        Matcher m = pair.matcher(words[1]);
                        while (m.find()) {
                            env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                        }
                    }
                    case "ENTRYPOINT" -> {
                        List<String> parts = new ArrayList<>();
                        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(words[1]);
                        while (m.find()) {
                            parts.add(m.group(1));
                        }
                        entrypoint = List.copyOf(parts);
                    }
                    default -> {}
                }
            }
            if (copies.isEmpty() || entrypoint.isEmpty()) {
                throw new IllegalStateException(
                        file + ": expected COPY lines and an exec-form ENTRYPOINT");
            }
            return new Dockerfile(copies, env, entrypoint);
        }
    }
}
