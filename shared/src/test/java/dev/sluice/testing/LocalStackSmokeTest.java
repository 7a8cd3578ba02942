package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The fixture on LocalStack. Runs where a Docker engine answers; skipped (not failed) elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSmokeTest {

    @RegisterExtension static final AwsFixture aws = AwsFixture.of(AwsBackend.LOCALSTACK);

    @Test
    void dynamoDbS3SecretsAndSes() {
        assertThat(aws.backend()).isEqualTo(AwsBackend.LOCALSTACK);

        String table = aws.uniqueName("smoke");
        aws.dynamoDb()
                .createTable(
                        b ->
                                b.tableName(table)
                                        .billingMode(BillingMode.PAY_PER_REQUEST)
                                        .attributeDefinitions(
                                                AttributeDefinition.builder()
                                                        .attributeName("pk")
                                                        .attributeType(ScalarAttributeType.S)
                                                        .build())
                                        .keySchema(
                                                KeySchemaElement.builder()
                                                        .attributeName("pk")
                                                        .keyType(KeyType.HASH)
                                                        .build()));
        aws.dynamoDb()
                .putItem(
                        b ->
                                b.tableName(table)
                                        .item(
                                                Map.of(
                                                        "pk",
                                                        AttributeValue.fromS("k"),
                                                        "v",
                                                        AttributeValue.fromS("v"))));
        assertThat(
                        aws.dynamoDb()
                                .getItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(
                                                                Map.of(
                                                                        "pk",
                                                                        AttributeValue.fromS("k"))))
                                .item())
                .containsEntry("v", AttributeValue.fromS("v"));

        String bucket = aws.uniqueName("smoke");
        aws.s3().createBucket(b -> b.bucket(bucket));
        aws.s3().putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromString("hello"));
        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asUtf8String())
                .isEqualTo("hello");

        String secret = aws.uniqueName("smoke");
        aws.secretsManager().createSecret(b -> b.name(secret).secretString("s3cr3t"));
        assertThat(aws.secretsManager().getSecretValue(b -> b.secretId(secret)).secretString())
                .isEqualTo("s3cr3t");

        String to = aws.uniqueName("smoke") + "@example.com";
        aws.verifySender("smoke@sluice.example");
        String id =
                aws.ses()
                        .sendEmail(
                                b ->
                                        b.fromEmailAddress("smoke@sluice.example")
                                                .destination(d -> d.toAddresses(to))
                                                .content(
                                                        c ->
                                                                c.simple(
                                                                        m ->
                                                                                m.subject(
                                                                                                s ->
                                                                                                        s
                                                                                                                .data(
                                                                                                                        "smoke"))
                                                                                        .body(
                                                                                                x ->
                                                                                                        x
                                                                                                                .text(
                                                                                                                        t ->
                                                                                                                                t
                                                                                                                                        .data(
                                                                                                                                                "test"))))))
                        .messageId();
        assertThat(aws.sentEmailsTo(to))
                .singleElement()
                .satisfies(
                        mail -> {
                            assertThat(mail.messageId()).isEqualTo(id);
                            assertThat(mail.subject()).isEqualTo("smoke");
                        });
    }
}
