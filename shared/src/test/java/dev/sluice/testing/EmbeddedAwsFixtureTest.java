package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.embedded.SentEmail;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The fixture on the embedded backend, whatever SLUICE_AWS_BACKEND says. */
class EmbeddedAwsFixtureTest {

    @RegisterExtension static final AwsFixture aws = AwsFixture.of(AwsBackend.EMBEDDED);

    @Test
    void servesTheEmbeddedBackendOnLoopback() {
        assertThat(aws.backend()).isEqualTo(AwsBackend.EMBEDDED);
        assertThat(
                        Stream.of(
                                aws.dynamoDbEndpoint(),
                                aws.s3Endpoint(),
                                aws.secretsManagerEndpoint(),
                                aws.sesEndpoint()))
                .allSatisfy(u -> assertThat(u.getHost()).isEqualTo("127.0.0.1"))
                .doesNotHaveDuplicates();
        assertThat(aws.region().id()).isEqualTo("us-east-1");
        assertThat(aws.credentials().resolveCredentials().accessKeyId()).isEqualTo("test");
        // the same clients every time: one environment per JVM
        assertThat(aws.dynamoDb()).isSameAs(aws.dynamoDb());
    }

    @Test
    void dynamoDb() {
        String table = aws.uniqueName("fixture-table");
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
                                                        AttributeValue.fromS("a"),
                                                        "v",
                                                        AttributeValue.fromN("1"))));
        assertThat(
                        aws.dynamoDb()
                                .getItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(
                                                                Map.of(
                                                                        "pk",
                                                                        AttributeValue.fromS("a"))))
                                .item())
                .containsEntry("v", AttributeValue.fromN("1"));
    }

    @Test
    void s3IncludingMultipart() {
        String bucket = aws.uniqueName("Fixture_Bucket");
        aws.s3().createBucket(b -> b.bucket(bucket));
        aws.s3()
                .putObject(
                        b -> b.bucket(bucket).key("alice/hello.txt"),
                        RequestBody.fromString("hello"));
        assertThat(
                        aws.s3()
                                .getObjectAsBytes(b -> b.bucket(bucket).key("alice/hello.txt"))
                                .asUtf8String())
                .isEqualTo("hello");

        String upload = aws.s3().createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
        String etag =
                aws.s3()
                        .uploadPart(
                                b -> b.bucket(bucket).key("big").uploadId(upload).partNumber(1),
                                RequestBody.fromString("only part"))
                        .eTag();
        aws.s3()
                .completeMultipartUpload(
                        b ->
                                b.bucket(bucket)
                                        .key("big")
                                        .uploadId(upload)
                                        .multipartUpload(
                                                m ->
                                                        m.parts(
                                                                CompletedPart.builder()
                                                                        .partNumber(1)
                                                                        .eTag(etag)
                                                                        .build())));
        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key("big")).asUtf8String())
                .isEqualTo("only part");
    }

    @Test
    void secretsManager() {
        String name = aws.uniqueName("sluice/jwt");
        String arn = aws.secretsManager().createSecret(b -> b.name(name).secretString("k")).arn();
        assertThat(aws.secretsManager().getSecretValue(b -> b.secretId(arn)).secretString())
                .isEqualTo("k");
        assertThatThrownBy(
                        () ->
                                aws.secretsManager()
                                        .getSecretValue(b -> b.secretId(name + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void sesRecordsWhatWasSent() {
        String to = aws.uniqueName("quota-report") + "@example.com";
        aws.verifySender("reports@sluice.example");
        aws.verifySender("reports@sluice.example"); // twice is fine
        String id =
                aws.ses()
                        .sendEmail(
                                b ->
                                        b.fromEmailAddress("reports@sluice.example")
                                                .destination(d -> d.toAddresses(to))
                                                .content(
                                                        c ->
                                                                c.simple(
                                                                        m ->
                                                                                m.subject(
                                                                                                s ->
                                                                                                        s
                                                                                                                .data(
                                                                                                                        "Quota report"))
                                                                                        .body(
                                                                                                x ->
                                                                                                        x.text(
                                                                                                                        t ->
                                                                                                                                t
                                                                                                                                        .data(
                                                                                                                                                "alice: 91 %"))
                                                                                                                .html(
                                                                                                                        h ->
                                                                                                                                h
                                                                                                                                        .data(
                                                                                                                                                "<b>alice</b>"))))))
                        .messageId();
        assertThat(aws.sentEmailsTo(to))
                .singleElement()
                .satisfies(
                        mail -> {
                            assertThat(mail.messageId()).isEqualTo(id);
                            assertThat(mail.from()).isEqualTo("reports@sluice.example");
                            assertThat(mail.subject()).isEqualTo("Quota report");
                            assertThat(mail.text()).isEqualTo("alice: 91 %");
                            assertThat(mail.html()).isEqualTo("<b>alice</b>");
                        });
        assertThat(aws.sentEmails()).extracting(SentEmail::messageId).contains(id);
    }

    @Test
    void uniqueNamesAreValidEverywhere() {
        Set<String> names = new HashSet<>();
        IntStream.range(0, 500)
                .forEach(i -> names.add(aws.uniqueName("Some Prefix_with/odd.chars")));
        assertThat(names)
                .hasSize(500)
                .allMatch(n -> n.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"), "valid S3 bucket name")
                .allMatch(n -> n.startsWith("some-prefix-with-odd-chars-"));
        assertThat(aws.uniqueName("x".repeat(200))).hasSizeLessThanOrEqualTo(63);
        assertThat(aws.uniqueName("")).hasSizeGreaterThanOrEqualTo(3);
    }
}
