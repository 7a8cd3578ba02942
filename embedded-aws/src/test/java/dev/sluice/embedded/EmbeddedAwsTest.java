package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EmbeddedAwsTest {

    @Test
    void startsAllFourInMemoryOnLoopback() {
        try (EmbeddedAws aws = EmbeddedAws.inMemory()) {
            System.out.printf(
                    "EmbeddedAws (in memory, 4 services) started in %d ms%n",
                    aws.startupTime().toMillis());
            assertThat(
                            Stream.of(
                                    aws.dynamoDb().endpoint(),
                                    aws.s3().endpoint(),
                                    aws.secretsManager().endpoint(),
                                    aws.ses().endpoint()))
                    .allMatch(u -> u.getHost().equals("127.0.0.1"))
                    .doesNotHaveDuplicates();
            assertThat(aws.dataDirectory()).isEmpty();
            if (Listeners.available()) {
                assertThat(
                                Stream.of(
                                        aws.dynamoDb().port(),
                                        aws.s3().port(),
                                        aws.secretsManager().port(),
                                        aws.ses().port()))
                        .allSatisfy(
                                port ->
                                        assertThat(Listeners.addressesListeningOn(port))
                                                .containsExactly(Listeners.IPV4_LOOPBACK));
            }
            try (var ddb = Clients.dynamoDb(aws.dynamoDb().endpoint());
                    var s3 = Clients.s3(aws.s3());
                    var sm = Clients.secretsManager(aws.secretsManager().endpoint());
                    var ses = Clients.ses(aws.ses().endpoint())) {
                assertThat(ddb.listTables().tableNames()).isEmpty();
                assertThat(s3.listBuckets().buckets()).isEmpty();
                assertThat(aws.secretsManager().secretNames()).isEmpty();
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> sm.getSecretValue(b -> b.secretId("none")))
                        .isInstanceOf(
                                software.amazon.awssdk.services.secretsmanager.model
                                        .ResourceNotFoundException.class);
                assertThat(ses.getAccount(b -> {}).sendingEnabled()).isTrue();
            }
        }
    }

    @Test
    void persistentModeKeepsEverythingUnderOneFolder(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("sluice-data");
        try (EmbeddedAws aws = EmbeddedAws.persistent(data);
                var ddb = Clients.dynamoDb(aws.dynamoDb().endpoint());
                var s3 = Clients.s3(aws.s3());
                var sm = Clients.secretsManager(aws.secretsManager().endpoint());
                var ses = Clients.ses(aws.ses().endpoint())) {
            System.out.printf(
                    "EmbeddedAws (persistent) started in %d ms%n", aws.startupTime().toMillis());
            EmbeddedDynamoDbTest.createTable(ddb, "tbl");
            ddb.putItem(b -> b.tableName("tbl").item(Map.of("pk", AttributeValue.fromS("1"))));
            s3.createBucket(b -> b.bucket("bkt"));
            s3.putObject(b -> b.bucket("bkt").key("k"), RequestBody.fromString("v"));
            sm.createSecret(b -> b.name("s").secretString("v"));
            ses.sendEmail(
                    b ->
                            b.fromEmailAddress("a@sluice.example")
                                    .destination(d -> d.toAddresses("b@example.com"))
                                    .content(
                                            c ->
                                                    c.simple(
                                                            m ->
                                                                    m.subject(s -> s.data("s"))
                                                                            .body(
                                                                                    x ->
                                                                                            x.text(
                                                                                                    t ->
                                                                                                            t
                                                                                                                    .data(
                                                                                                                            "t"))))));
        }
        assertThat(data.resolve("dynamodb/shared-local-instance.db")).exists();
        assertThat(data.resolve("s3/bkt")).isDirectory();
        assertThat(data.resolve("secrets.json")).exists();
        try (Stream<Path> mails = Files.list(data.resolve("outbox"))) {
            assertThat(mails)
                    .singleElement()
                    .satisfies(p -> assertThat(p.toString()).endsWith(".eml"));
        }
        try (EmbeddedAws again = EmbeddedAws.persistent(data);
                var ddb = Clients.dynamoDb(again.dynamoDb().endpoint());
                var s3 = Clients.s3(again.s3());
                var sm = Clients.secretsManager(again.secretsManager().endpoint())) {
            assertThat(
                            ddb.getItem(
                                            b ->
                                                    b.tableName("tbl")
                                                            .key(
                                                                    Map.of(
                                                                            "pk",
                                                                            AttributeValue.fromS(
                                                                                    "1"))))
                                    .hasItem())
                    .isTrue();
            assertThat(s3.getObjectAsBytes(b -> b.bucket("bkt").key("k")).asUtf8String())
                    .isEqualTo("v");
            assertThat(sm.getSecretValue(b -> b.secretId("s")).secretString()).isEqualTo("v");
        }
    }
}
