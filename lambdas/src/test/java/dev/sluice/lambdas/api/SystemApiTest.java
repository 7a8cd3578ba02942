package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Version, status (a real data-store round trip), health, the OpenAPI document and Swagger UI. */
@ExtendWith(AwsFixture.class)
class SystemApiTest {

    private static ApiSystem api;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void versionAndStatus() {
        String token = api.adminToken();
        var version = api.client.get("/api/v2/version", token).expect(200).json();
        assertThat(version.path("version").asText()).isNotBlank();
        var status = api.client.get("/api/v2/status", token).expect(200).json();
        assertThat(status.path("data_provider").path("is_active").asBoolean()).isTrue();
        assertThat(status.path("data_provider").path("driver").asText()).isEqualTo("dynamodb");
    }

    @Test
    void statusReportsADataStoreThatDoesNotAnswer(AwsEnvironment aws) {
        // Same handler code, a DynamoDB endpoint where nothing listens: the probe must say so.
        var dead =
                software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                        .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(
                                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                                        .create(
                                                software.amazon.awssdk.auth.credentials
                                                        .AwsBasicCredentials.create("x", "y")))
                        .httpClient(
                                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient
                                        .create())
                        .overrideConfiguration(
                                c ->
                                        c.retryStrategy(
                                                        software.amazon.awssdk.core.retry.RetryMode
                                                                .STANDARD)
                                                .apiCallTimeout(java.time.Duration.ofSeconds(5)))
                        .build();
        var broken =
                new ApiContext(
                        api.context.config(),
                        dead,
                        aws.secretsManager(),
                        java.time.Clock.systemUTC());
        var status = SystemHandler.probe(broken);
        assertThat(status.isActive()).isFalse();
        assertThat(status.error()).startsWith("the data store did not answer: ");
    }

    @Test
    void connectionsAreListedAndClosedThroughTheTable() {
        String token = api.adminToken();
        var store =
                new dev.sluice.connections.ConnectionStore(
                        api.context.dynamoDb(), api.context.config().tables());
        long now = System.currentTimeMillis();
        var lease = java.time.Duration.ofMinutes(2);
        store.put(
                new dev.sluice.connections.Connection(
                        "SFTP_api1",
                        "conn-user",
                        "SFTP",
                        "192.0.2.7:50000",
                        "SSH-2.0-OpenSSH_9.2",
                        "task-a",
                        now - 1000,
                        now,
                        false),
                lease);
        store.put(
                new dev.sluice.connections.Connection(
                        "SFTP_stale",
                        "conn-user",
                        "SFTP",
                        "192.0.2.8:50000",
                        "SSH-2.0-OpenSSH_9.2",
                        "task-dead",
                        now - 600_000,
                        now - 600_000,
                        false),
                lease);

        var list = api.client.get("/api/v2/connections", token).expect(200).json();
        assertThat(list.isArray()).isTrue();
        var mine =
                java.util.stream.StreamSupport.stream(list.spliterator(), false)
                        .filter(c -> c.path("username").asText().equals("conn-user"))
                        .toList();
        assertThat(mine).hasSize(1); // the session of the task that stopped refreshing is gone
        assertThat(mine.get(0).path("connection_id").asText()).isEqualTo("SFTP_api1");
        assertThat(mine.get(0).path("remote_address").asText()).isEqualTo("192.0.2.7:50000");
        assertThat(mine.get(0).path("node").asText()).isEqualTo("task-a");
        assertThat(mine.get(0).path("connection_time").asLong()).isEqualTo(now - 1000);

        api.client.delete("/api/v2/connections/SFTP_api1", token).expect(200);
        assertThat(store.heartbeat("conn-user", "SFTP_api1", now, lease))
                .get()
                .extracting(dev.sluice.connections.Connection::closeRequested)
                .isEqualTo(true);
        api.client.delete("/api/v2/connections/SFTP_stale", token).expect(404);
        api.client.delete("/api/v2/connections/SFTP_unknown", token).expect(404);
    }

    @Test
    void healthOpenApiAndSwaggerUiArePublic() {
        assertThat(api.client.send("GET", "/healthz", Map.of(), null).expect(200).body())
                .isEqualTo("ok");
        var doc = api.client.send("GET", "/api/v2/openapi.yaml", Map.of(), null).expect(200);
        assertThat(doc.headers().get("content-type")).isEqualTo("application/yaml");
        assertThat(doc.body()).startsWith("openapi: 3.0.3").contains("/api/v2/users/{username}");
        var page = api.client.send("GET", "/openapi", Map.of(), null).expect(200);
        assertThat(page.body())
                .contains("/openapi/swagger-ui-bundle.js")
                .contains("/api/v2/openapi.yaml")
                .doesNotContain("https://");
        var script =
                api.client.send("GET", "/openapi/swagger-ui-bundle.js", Map.of(), null).expect(200);
        assertThat(script.headers().get("content-type")).isEqualTo("application/javascript");
        assertThat(script.body()).hasSizeGreaterThan(100_000);
        assertThat(
                        api.client
                                .raw(
                                        "GET",
                                        "/openapi/..%2F..%2Fsluice-version.properties",
                                        Map.of(),
                                        null)
                                .status())
                .isEqualTo(404);
        assertThat(api.client.raw("GET", "/openapi/index.html", Map.of(), null).status())
                .isEqualTo(404);
    }
}
