package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.embedded.FakeSesV2;
import dev.sluice.embedded.SentEmail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/**
 * LocalStack in Docker (Testcontainers) with DynamoDB, S3, Secrets Manager and SES.
 *
 * <p>The image is {@value #DEFAULT_IMAGE} unless {@code SLUICE_LOCALSTACK_IMAGE} (property or
 * environment) names another; {@code LOCALSTACK_AUTH_TOKEN} is passed on when set (LocalStack's
 * images from March 2026 on do not start without one). Sent mail is read from LocalStack's {@code
 * /_aws/ses} endpoint. LocalStack's free edition implements SES v1 only: if an SES v2 {@code
 * SendEmail} does not show up there when the environment starts, the environment serves SES from an
 * in-process {@link FakeSesV2} instead and says so in the log.
 */
final class LocalStackAwsEnvironment extends ClientBackedEnvironment {

    /** The last free-edition LocalStack known to start without an auth token, pinned. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.4.0";

    static final String IMAGE_SETTING = "SLUICE_LOCALSTACK_IMAGE";

    private static final Logger log = LoggerFactory.getLogger(LocalStackAwsEnvironment.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStackContainer container;
    private final FakeSesV2 fakeSes;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private LocalStackAwsEnvironment(LocalStackContainer container, FakeSesV2 fakeSes) {
        super(
                Region.of(container.getRegion()),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                                container.getAccessKey(), container.getSecretKey())),
                container.getEndpointOverride(Service.DYNAMODB),
                container.getEndpointOverride(Service.S3),
                container.getEndpointOverride(Service.SECRETSMANAGER),
                fakeSes != null ? fakeSes.endpoint() : container.getEndpointOverride(Service.SES));
        this.container = container;
        this.fakeSes = fakeSes;
    }

    static LocalStackAwsEnvironment start() {
        if (!AwsBackend.dockerAvailable()) {
            String reason;
            try {
                DockerClientFactory.instance().client();
                reason = "unknown reason";
            } catch (RuntimeException e) {
                reason = e.getMessage();
            }
            throw new IllegalStateException(
                    AwsBackend.SETTING
                            + " asks for LocalStack but Testcontainers finds no"
                            + " Docker engine ("
                            + reason
                            + "). Start Docker, or use "
                            + AwsBackend.SETTING
                            + "=embedded.");
        }
        String image = setting(IMAGE_SETTING, DEFAULT_IMAGE);
        LocalStackContainer container =
                new LocalStackContainer(
                                DockerImageName.parse(image)
                                        .asCompatibleSubstituteFor("localstack/localstack"))
                        .withServices(
                                Service.DYNAMODB, Service.S3, Service.SECRETSMANAGER, Service.SES);
        String token = setting("LOCALSTACK_AUTH_TOKEN", null);
        if (token != null) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        FakeSesV2 fakeSes = null;
        try {
            if (!localStackRecordsSesV2(container)) {
                log.info(
                        "LocalStack {} does not record SES v2 mail; SES is served by an in-process FakeSesV2",
                        image);
                fakeSes = FakeSesV2.inMemory();
            }
            return new LocalStackAwsEnvironment(container, fakeSes);
        } catch (RuntimeException e) {
            if (fakeSes != null) {
                fakeSes.close();
            }
            container.stop();
            throw e;
        }
    }

    /** Sends one SES v2 message to LocalStack and looks for it at /_aws/ses. */
    private static boolean localStackRecordsSesV2(LocalStackContainer container) {
        URI endpoint = container.getEndpointOverride(Service.SES);
        try (SesV2Client ses =
                SesV2Client.builder()
                        .endpointOverride(endpoint)
                        .region(Region.of(container.getRegion()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                container.getAccessKey(),
                                                container.getSecretKey())))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)))
                        .build()) {
            String sender = "probe@sluice-fixture.test";
            try {
                ses.createEmailIdentity(b -> b.emailIdentity(sender));
            } catch (AlreadyExistsException e) {
                // fine
            }
            String id =
                    ses.sendEmail(
                                    b ->
                                            b.fromEmailAddress(sender)
                                                    .destination(
                                                            d ->
                                                                    d.toAddresses(
                                                                            "probe-"
                                                                                    + UUID
                                                                                            .randomUUID()
                                                                                    + "@sluice-fixture.test"))
                                                    .content(
                                                            c ->
                                                                    c.simple(
                                                                            m ->
                                                                                    m.subject(
                                                                                                    s ->
                                                                                                            s
                                                                                                                    .data(
                                                                                                                            "probe"))
                                                                                            .body(
                                                                                                    x ->
                                                                                                            x
                                                                                                                    .text(
                                                                                                                            t ->
                                                                                                                                    t
                                                                                                                                            .data(
                                                                                                                                                    "probe"))))))
                            .messageId();
            return readMessages(HttpClient.newHttpClient(), endpoint).stream()
                    .anyMatch(m -> m.messageId().equals(id));
        } catch (RuntimeException | IOException e) {
            log.debug("SES v2 probe against LocalStack failed", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public AwsBackend backend() {
        return AwsBackend.LOCALSTACK;
    }

    @Override
    public List<SentEmail> sentEmails() {
        if (fakeSes != null) {
            return fakeSes.sentEmails();
        }
        try {
            return readMessages(http, container.getEndpoint());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read LocalStack's /_aws/ses", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading /_aws/ses", e);
        }
    }

    /** LocalStack's record of sent mail: {@code GET /_aws/ses} → {@code {"messages": [...]}}. */
    private static List<SentEmail> readMessages(HttpClient http, URI endpoint)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response =
                http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/_aws/ses"))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET /_aws/ses answered " + response.statusCode());
        }
        List<SentEmail> mails = new ArrayList<>();
        for (JsonNode m : JSON.readTree(response.body()).path("messages")) {
            String id = m.path("Id").asText();
            Instant timestamp = instant(m.path("Timestamp").asText(null));
            String raw = text(m, "RawData");
            if (raw != null) {
                SentEmail parsed =
                        SentEmail.fromRawMessage(
                                id, timestamp, raw.getBytes(StandardCharsets.UTF_8));
                mails.add(
                        new SentEmail(
                                id,
                                timestamp,
                                parsed.from() != null ? parsed.from() : text(m, "Source"),
                                parsed.to(),
                                parsed.cc(),
                                parsed.bcc(),
                                parsed.replyTo(),
                                parsed.subject(),
                                parsed.text(),
                                parsed.html(),
                                raw,
                                null));
                continue;
            }
            JsonNode destination = m.path("Destination");
            mails.add(
                    new SentEmail(
                            id,
                            timestamp,
                            text(m, "Source"),
                            strings(destination.path("ToAddresses")),
                            strings(destination.path("CcAddresses")),
                            strings(destination.path("BccAddresses")),
                            List.of(),
                            text(m, "Subject"),
                            text(m.path("Body"), "text_part"),
                            text(m.path("Body"), "html_part"),
                            null,
                            null));
        }
        return mails;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Instant instant(String value) {
        if (value == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return Instant.now();
            }
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    @Override
    void closeBackend() {
        if (fakeSes != null) {
            fakeSes.close();
        }
        container.stop();
    }

    @Override
    public String toString() {
        return "LOCALSTACK "
                + container.getDockerImageName()
                + " at "
                + container.getEndpoint()
                + (fakeSes != null ? ", SES from " + fakeSes : "");
    }
}
