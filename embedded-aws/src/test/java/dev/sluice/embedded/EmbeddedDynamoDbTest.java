package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedDynamoDbTest {

    private static final Path WORKING_FOLDER = Paths.get("").toAbsolutePath();
    private static Set<String> filesBefore;
    private static EmbeddedDynamoDb ddb;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() throws IOException {
        filesBefore = listWorkingFolder();
        long t0 = System.nanoTime();
        ddb = EmbeddedDynamoDb.inMemory();
        System.out.printf(
                "EmbeddedDynamoDb (in memory) started in %d ms on %s%n",
                (System.nanoTime() - t0) / 1_000_000, ddb.endpoint());
        client = Clients.dynamoDb(ddb.endpoint());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (ddb != null) {
            ddb.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        assertThat(ddb.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(ddb.loopbackOnly()).isTrue();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", ddb.port()), 1000);
        }
        if (Listeners
                .available()) { // bound to 127.0.0.1, not 0.0.0.0 (DynamoDB Local's own default)
            assertThat(Listeners.addressesListeningOn(ddb.port()))
                    .containsExactly(Listeners.IPV4_LOOPBACK);
        }
    }

    @Test
    void nativeSqliteLoadsWithoutHandSetLibraryPath() {
        // The surefire JVM is started without sqlite4java.library.path / java.library.path hints;
        // DynamoDB Local found its bundled native library by itself, or no table could exist.
        assertThat(System.getProperty("sqlite4java.library.path")).isNull();
        String table = "native-check";
        createTable(client, table);
        assertThat(client.listTables().tableNames()).contains(table);
        Path maps = Paths.get("/proc/self/maps");
        if (Files.isReadable(maps)) { // Linux: show which file the library was loaded from
            try (Stream<String> lines = Files.lines(maps)) {
                List<String> loaded =
                        lines.filter(l -> l.contains("sqlite4java"))
                                .map(l -> l.substring(l.indexOf('/')))
                                .distinct()
                                .toList();
                System.out.println("native SQLite loaded from " + loaded);
                assertThat(loaded)
                        .isNotEmpty()
                        .allMatch(f -> f.startsWith(System.getProperty("java.io.tmpdir")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void createPutGetQueryDelete() {
        String table = "users";
        createTable(client, table);
        client.putItem(
                b ->
                        b.tableName(table)
                                .item(
                                        Map.of(
                                                "pk",
                                                s("user#alice"),
                                                "name",
                                                s("Alice"),
                                                "quota",
                                                n("1024"))));
        var item =
                client.getItem(
                                b ->
                                        b.tableName(table)
                                                .key(Map.of("pk", s("user#alice")))
                                                .consistentRead(true))
                        .item();
        assertThat(item).containsEntry("name", s("Alice")).containsEntry("quota", n("1024"));

        // conditional writes and atomic counters behave as on AWS
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(Map.of("pk", s("user#alice")))
                                                        .conditionExpression(
                                                                "attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        var updated =
                client.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(Map.of("pk", s("user#alice")))
                                                .updateExpression("ADD quota :d")
                                                .expressionAttributeValues(Map.of(":d", n("10")))
                                                .returnValues("UPDATED_NEW"))
                        .attributes();
        assertThat(updated).containsEntry("quota", n("1034"));

        client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("user#alice"))));
        assertThat(
                        client.getItem(b -> b.tableName(table).key(Map.of("pk", s("user#alice"))))
                                .hasItem())
                .isFalse();
        client.deleteTable(b -> b.tableName(table));
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName(table)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void inMemoryModeWritesNothingIntoTheWorkingFolder() throws IOException {
        createTable(client, "leaves-no-files");
        assertThat(listWorkingFolder())
                .isEqualTo(filesBefore)
                .noneMatch(n -> n.endsWith(".db") || n.startsWith("dynamodb-local-metadata"));
    }

    @Test
    void persistentModeKeepsTablesAcrossRestarts(@TempDir Path dir) {
        Path dbDir = dir.resolve("dynamodb");
        try (var first = EmbeddedDynamoDb.persistent(dbDir);
                var c = Clients.dynamoDb(first.endpoint())) {
            assertThat(first.dbPath()).contains(dbDir);
            createTable(c, "kept");
            c.putItem(b -> b.tableName("kept").item(Map.of("pk", s("k"), "v", s("v1"))));
        }
        assertThat(dbDir.resolve("shared-local-instance.db")).exists();
        try (var second = EmbeddedDynamoDb.persistent(dbDir);
                var c = Clients.dynamoDb(second.endpoint())) {
            var item = c.getItem(b -> b.tableName("kept").key(Map.of("pk", s("k")))).item();
            assertThat(item).containsEntry("v", s("v1"));
        }
    }

    @Test
    void closeStopsTheServerAndIsIdempotent() {
        var other = EmbeddedDynamoDb.inMemory();
        assertThat(other.port()).isNotEqualTo(ddb.port());
        try (var c = Clients.dynamoDb(other.endpoint())) {
            assertThat(c.listTables().tableNames()).isEmpty();
            other.close();
            other.close();
            assertThatThrownBy(c::listTables).isInstanceOf(SdkClientException.class);
        }
    }

    static void createTable(DynamoDbClient c, String table) {
        c.createTable(
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
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static Set<String> listWorkingFolder() throws IOException {
        try (Stream<Path> files = Files.list(WORKING_FOLDER)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
