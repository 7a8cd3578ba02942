package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class FakeSecretsManagerTest {

    private static FakeSecretsManager fake;
    private static SecretsManagerClient client;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        fake = FakeSecretsManager.inMemory();
        System.out.printf(
                "FakeSecretsManager started in %d ms on %s%n",
                (System.nanoTime() - t0) / 1_000_000, fake.endpoint());
        client = Clients.secretsManager(fake.endpoint());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createThenGetByNameFullArnAndPartialArn() {
        String name = name("sluice/jwt-key");
        var created =
                client.createSecret(
                        b -> b.name(name).secretString("s3cr3t").description("JWT signing key"));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.arn())
                .matches(
                        "arn:aws:secretsmanager:us-east-1:000000000000:secret:"
                                + java.util.regex.Pattern.quote(name)
                                + "-[A-Za-z]{6}");
        assertThat(created.versionId()).isNotBlank();

        var byName = client.getSecretValue(b -> b.secretId(name));
        assertThat(byName.secretString()).isEqualTo("s3cr3t");
        assertThat(byName.versionId()).isEqualTo(created.versionId());
        assertThat(byName.versionStages()).containsExactly("AWSCURRENT");
        assertThat(byName.createdDate()).isNotNull();
        assertThat(client.getSecretValue(b -> b.secretId(created.arn())).secretString())
                .isEqualTo("s3cr3t");
        String partialArn = created.arn().substring(0, created.arn().length() - 7);
        assertThat(client.getSecretValue(b -> b.secretId(partialArn)).secretString())
                .isEqualTo("s3cr3t");
        assertThat(fake.currentSecretString(name)).contains("s3cr3t");
    }

    @Test
    void binarySecretsRoundTrip() {
        String name = name("host-key");
        byte[] key = {0, 1, 2, (byte) 0xff, 42};
        client.createSecret(b -> b.name(name).secretBinary(SdkBytes.fromByteArray(key)));
        var got = client.getSecretValue(b -> b.secretId(name));
        assertThat(got.secretBinary().asByteArray()).isEqualTo(key);
        assertThat(got.secretString()).isNull();
    }

    @Test
    void errorsHaveTheRealTypes() {
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId("does-not-exist")))
                .isInstanceOfSatisfying(
                        ResourceNotFoundException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Secrets Manager can't find the specified secret.");
                        });
        String name = name("dup");
        client.createSecret(b -> b.name(name).secretString("one"));
        assertThatThrownBy(() -> client.createSecret(b -> b.name(name).secretString("two")))
                .isInstanceOf(ResourceExistsException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(
                        () ->
                                client.createSecret(
                                        b ->
                                                b.name(name("both"))
                                                        .secretString("a")
                                                        .secretBinary(
                                                                SdkBytes.fromUtf8String("b"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void secretWithoutValueHasNoCurrentVersion() {
        String name = name("empty");
        var created = client.createSecret(b -> b.name(name));
        assertThat(created.versionId()).isNull();
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(name)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("staging label: AWSCURRENT");
    }

    @Test
    void putSecretValueMovesTheStagingLabels() {
        String name = name("rotating");
        String v1 = client.createSecret(b -> b.name(name).secretString("v1")).versionId();
        var put = client.putSecretValue(b -> b.secretId(name).secretString("v2"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");
        String v2 = put.versionId();
        assertThat(v2).isNotEqualTo(v1);

        assertThat(client.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("v2");
        assertThat(
                        client.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS"))
                                .secretString())
                .isEqualTo("v1");
        assertThat(client.getSecretValue(b -> b.secretId(name).versionId(v1)).secretString())
                .isEqualTo("v1");

        // the same ClientRequestToken and value again: idempotent; a different value: refused
        String token = UUID.randomUUID().toString();
        String v3 =
                client.putSecretValue(
                                b -> b.secretId(name).secretString("v3").clientRequestToken(token))
                        .versionId();
        assertThat(
                        client.putSecretValue(
                                        b ->
                                                b.secretId(name)
                                                        .secretString("v3")
                                                        .clientRequestToken(token))
                                .versionId())
                .isEqualTo(v3)
                .isEqualTo(token);
        assertThatThrownBy(
                        () ->
                                client.putSecretValue(
                                        b ->
                                                b.secretId(name)
                                                        .secretString("other")
                                                        .clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class);

        var described = client.describeSecret(b -> b.secretId(name));
        assertThat(described.versionIdsToStages())
                .containsEntry(v3, java.util.List.of("AWSCURRENT"))
                .containsEntry(v2, java.util.List.of("AWSPREVIOUS"))
                .doesNotContainKey(v1);
    }

    @Test
    void describe() {
        String name = name("described");
        client.createSecret(b -> b.name(name).secretString("x").description("first"));
        client.putSecretValue(b -> b.secretId(name).secretString("y"));
        var d = client.describeSecret(b -> b.secretId(name));
        assertThat(d.name()).isEqualTo(name);
        assertThat(d.description()).isEqualTo("first");
        assertThat(d.createdDate()).isNotNull();
        assertThat(d.lastChangedDate()).isAfterOrEqualTo(d.createdDate());
        assertThat(client.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("y");
    }

    @Test
    void operationsSluiceDoesNotCallAreNotPretended() {
        String name = name("unused");
        client.createSecret(b -> b.name(name).secretString("x"));
        assertThatThrownBy(
                        () ->
                                client.deleteSecret(
                                        b -> b.secretId(name).forceDeleteWithoutRecovery(true)))
                .isInstanceOfSatisfying(
                        SecretsManagerException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("UnknownOperationException"));
        assertThatThrownBy(() -> client.listSecrets()).isInstanceOf(SecretsManagerException.class);
    }

    @Test
    void unknownOperationsAndBadBodiesGetJsonErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unknown =
                http.send(
                        HttpRequest.newBuilder(fake.endpoint())
                                .header("X-Amz-Target", "secretsmanager.RotateSecret")
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .contains("application/x-amz-json-1.1");
        assertThat(unknown.body()).contains("\"__type\":\"UnknownOperationException\"");

        HttpResponse<String> malformed =
                http.send(
                        HttpRequest.newBuilder(fake.endpoint())
                                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("SerializationException");

        // through the SDK: an operation the fake lacks is a SecretsManagerException with the code
        assertThatThrownBy(() -> client.rotateSecret(b -> b.secretId("x")))
                .isInstanceOfSatisfying(
                        SecretsManagerException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("UnknownOperationException"));
    }

    @Test
    void backingFileKeepsSecretsAcrossRestarts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state/secrets.json");
        String arn;
        try (var first = FakeSecretsManager.persistent(file);
                var c = Clients.secretsManager(first.endpoint())) {
            arn = c.createSecret(b -> b.name("sluice/admin-password").secretString("first")).arn();
            c.putSecretValue(b -> b.secretId("sluice/admin-password").secretString("second"));
        }
        assertThat(file).exists();
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
                != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
        try (var second = FakeSecretsManager.persistent(file);
                var c = Clients.secretsManager(second.endpoint())) {
            var got = c.getSecretValue(b -> b.secretId("sluice/admin-password"));
            assertThat(got.secretString()).isEqualTo("second");
            assertThat(got.arn()).isEqualTo(arn);
            assertThat(
                            c.getSecretValue(
                                            b ->
                                                    b.secretId("sluice/admin-password")
                                                            .versionStage("AWSPREVIOUS"))
                                    .secretString())
                    .isEqualTo("first");
            assertThat(second.secretNames()).containsExactly("sluice/admin-password");
        }
    }

    @Test
    void listensOnLoopback() {
        assertThat(fake.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + fake.port()));
    }
}
