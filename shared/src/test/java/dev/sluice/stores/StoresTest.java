package dev.sluice.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.apikeys.ApiKeyStore;
import dev.sluice.dynamo.DocumentTable;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB stores against a real DynamoDB API (DynamoDB Local here, LocalStack where Docker
 * runs).
 */
@ExtendWith(AwsFixture.class)
class StoresTest {

    private static DynamoDbClient dynamoDb;
    private static TableNames names;
    private static UserStore users;
    private static AdminStore admins;
    private static FolderStore folders;
    private static ApiKeyStore keys;

    @BeforeAll
    static void tables(AwsEnvironment aws) {
        dynamoDb = aws.dynamoDb();
        names = TableNames.withPrefix(aws.uniqueName("stores") + "-");
        new TableProvisioner(dynamoDb, names).createMissing(Tables.ALL);
        users = new UserStore(dynamoDb, names);
        admins = new AdminStore(dynamoDb, names);
        folders = new FolderStore(dynamoDb, names);
        keys = new ApiKeyStore(dynamoDb, names);
    }

    private static User user(String name) {
        return User.builder()
                .username(name)
                .password("$2b$10$hash")
                .email(name + "@example.com")
                .build();
    }

    @Test
    void createThenDuplicateCreateConflicts() {
        assertThat(users.create(user("create-a"))).isInstanceOf(WriteResult.Written.class);
        var again = users.create(user("create-a").toBuilder().email("other@example.com").build());
        assertThat(again).isEqualTo(new WriteResult.AlreadyExists<User>("create-a"));
        assertThat(users.find("create-a"))
                .get()
                .extracting(User::email)
                .isEqualTo("create-a@example.com");
    }

    @Test
    void getReturnsWhatWasStoredWithItsVersion() {
        users.create(
                user("get-a").toBuilder()
                        .quotaSize(1000)
                        .permissions(Map.of("/", List.of("list")))
                        .build());
        Versioned<User> stored = users.get("get-a").orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.value().quotaSize()).isEqualTo(1000);
        assertThat(stored.value().permissions()).containsEntry("/", List.of("list"));
        assertThat(users.get("nobody")).isEmpty();
    }

    @Test
    void conditionalUpdateRefusesAStaleVersion() {
        users.create(user("race-a"));
        Versioned<User> first = users.get("race-a").orElseThrow();
        Versioned<User> second = users.get("race-a").orElseThrow();
        var winner =
                users.update(
                        first.value().toBuilder().description("first").build(), first.version());
        var loser =
                users.update(
                        second.value().toBuilder().description("second").build(), second.version());
        assertThat(winner).isInstanceOf(WriteResult.Written.class);
        assertThat(loser).isEqualTo(new WriteResult.VersionConflict<User>("race-a", 1));
        assertThat(users.find("race-a").orElseThrow().description()).isEqualTo("first");
        assertThat(users.update(user("never-created"), 1))
                .isEqualTo(new WriteResult.NotFound<User>("never-created"));
    }

    @Test
    void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
        admins.create(
                new Admin(
                        0,
                        "race-admin",
                        "$2b$x",
                        1,
                        null,
                        "",
                        List.of("view_users"),
                        null,
                        null,
                        0,
                        0,
                        0));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WriteResult<Admin>>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String permission =
                    List.of(
                                    "add_users",
                                    "edit_users",
                                    "del_users",
                                    "view_conns",
                                    "close_conns",
                                    "view_status",
                                    "quota_scans",
                                    "retention_checks")
                            .get(i);
            results.add(
                    pool.submit(
                            () -> {
                                start.await();
                                return admins.update(
                                        "race-admin",
                                        a -> {
                                            List<String> permissions =
                                                    new ArrayList<>(a.permissions());
                                            permissions.add(permission);
                                            return new Admin(
                                                    0,
                                                    a.username(),
                                                    a.password(),
                                                    a.status(),
                                                    a.email(),
                                                    a.description(),
                                                    permissions,
                                                    a.filters(),
                                                    a.additionalInfo(),
                                                    a.createdAt(),
                                                    a.updatedAt(),
                                                    a.lastLogin());
                                        });
                            }));
        }
        start.countDown();
        int written = 0;
        for (Future<WriteResult<Admin>> result : results) {
            if (result.get() instanceof WriteResult.Written<Admin>) {
                written++;
            }
        }
        pool.shutdown();
        Versioned<Admin> after = admins.get("race-admin").orElseThrow();
        // Every writer that reported success has its permission in the final document.
        assertThat(after.value().permissions()).hasSize(1 + written);
        assertThat(after.version()).isEqualTo(1 + written);
        assertThat(written).isGreaterThanOrEqualTo(writers / 2);
    }

    @Test
    void listPagesInOrderWithOffsetAndLimit() {
        String prefix = "page-" + names.prefix().hashCode();
        FolderStore store = folders;
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = "list-%02d".formatted(i);
            store.create(new VirtualFolder(name, null, prefix, 0, 0, 0, null, null));
            created.add(name);
        }
        List<String> ascending =
                store.list(new PageRequest(0, 500, SortOrder.ASC)).stream()
                        .map(VirtualFolder::name)
                        .filter(n -> n.startsWith("list-"))
                        .toList();
        assertThat(ascending).containsExactlyElementsOf(created);
        assertThat(store.list(new PageRequest(5, 3, SortOrder.ASC)))
                .extracting(VirtualFolder::name)
                .containsExactly("list-05", "list-06", "list-07");
        List<String> reversed = new ArrayList<>(created);
        Collections.reverse(reversed);
        assertThat(store.list(new PageRequest(0, 4, SortOrder.DESC)))
                .extracting(VirtualFolder::name)
                .containsExactlyElementsOf(reversed.subList(0, 4));
        assertThat(store.list(new PageRequest(24, 10, SortOrder.ASC)))
                .extracting(VirtualFolder::name)
                .containsExactly("list-24");
        assertThat(store.list(new PageRequest(100, 10, SortOrder.ASC))).isEmpty();
    }

    @Test
    void countersChangeAtomicallyUnderConcurrentIncrements() throws Exception {
        users.create(user("counter-a"));
        UsageCounters counters = users.usage();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures =
                IntStream.range(0, 40)
                        .mapToObj(
                                i ->
                                        pool.submit(
                                                () ->
                                                        counters.add(
                                                                "counter-a",
                                                                1000,
                                                                1,
                                                                1_700_000_000_000L + i)))
                        .collect(java.util.stream.Collectors.toList());
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        User after = users.find("counter-a").orElseThrow();
        assertThat(after.usedQuotaSize()).isEqualTo(40_000);
        assertThat(after.usedQuotaFiles()).isEqualTo(40);
        assertThat(after.lastQuotaUpdate()).isGreaterThanOrEqualTo(1_700_000_000_000L);
        // A document update does not touch the counters.
        users.update(
                "counter-a", u -> u.toBuilder().description("changed").usedQuotaSize(0).build());
        assertThat(users.find("counter-a").orElseThrow().usedQuotaSize()).isEqualTo(40_000);
        assertThat(counters.add("nobody", 1, 1, 0)).isInstanceOf(UsageCounters.Missing.class);
    }

    @Test
    void boundedIncrementNeverPassesTheQuotaEvenWhenRacing() throws Exception {
        users.create(user("quota-a"));
        UsageCounters counters = users.usage();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<UsageCounters.Change>> futures =
                IntStream.range(0, 20)
                        .mapToObj(
                                i ->
                                        pool.submit(
                                                () ->
                                                        counters.tryAdd(
                                                                "quota-a", 300, 1, 1000, 0, 1L)))
                        .collect(java.util.stream.Collectors.toList());
        int reserved = 0;
        for (Future<UsageCounters.Change> f : futures) {
            if (f.get() instanceof UsageCounters.Changed) {
                reserved++;
            }
        }
        pool.shutdown();
        assertThat(reserved).isEqualTo(3);
        assertThat(users.find("quota-a").orElseThrow().usedQuotaSize()).isEqualTo(900);
        assertThat(users.find("quota-a").orElseThrow().usedQuotaFiles()).isEqualTo(3);
        // Files: 3 used; a limit of 4 takes one more, then refuses.
        assertThat(counters.tryAdd("quota-a", 1, 1, 0, 4, 1L))
                .isInstanceOf(UsageCounters.Changed.class);
        assertThat(counters.tryAdd("quota-a", 1, 1, 0, 4, 1L))
                .isEqualTo(new UsageCounters.Refused(UsageCounters.Limit.QUOTA));
        assertThat(counters.tryAdd("nobody", 1, 1, 10, 0, 1L))
                .isInstanceOf(UsageCounters.Missing.class);
        assertThat(counters.set("quota-a", 5, 1, 2L)).isTrue();
        assertThat(users.find("quota-a").orElseThrow().usedQuotaSize()).isEqualTo(5);
    }

    @Test
    void createdItemsCarryInitialCountersAndDeleteRemovesThem() {
        folders.create(new VirtualFolder("restored", null, null, 123, 4, 99, null, null));
        VirtualFolder restored = folders.find("restored").orElseThrow();
        assertThat(restored.usedQuotaSize()).isEqualTo(123);
        assertThat(restored.usedQuotaFiles()).isEqualTo(4);
        assertThat(folders.delete("restored")).isInstanceOf(WriteResult.Written.class);
        assertThat(folders.find("restored")).isEmpty();
        assertThat(folders.delete("restored"))
                .isEqualTo(new WriteResult.NotFound<VirtualFolder>("restored"));
    }

    @Test
    void provisioningTwiceIsHarmless() {
        // A restart of the local mode provisions again over existing tables (with TTL enabled).
        new TableProvisioner(dynamoDb, names).createMissing(Tables.ALL);
        assertThat(
                        dynamoDb.describeTimeToLive(
                                        b -> b.tableName(names.of(Tables.REVOKED_TOKENS)))
                                .timeToLiveDescription()
                                .attributeName())
                .isEqualTo("expires");
    }

    @Test
    void apiKeysRoundTrip() {
        ApiKey key = new ApiKey("id-1", "ci", "sha256:abc", 1, 1, 1, 0, 0, null, null, "ops", null);
        assertThat(keys.create(key)).isInstanceOf(WriteResult.Written.class);
        assertThat(keys.get("id-1")).get().extracting(Versioned::value).isEqualTo(key);
    }

    @Test
    void documentsFromANewerVersionStillLoad() {
        // A field added by a later release must not make older readers fail mid-deploy.
        String table = names.of(Tables.ADMINS);
        dynamoDb.putItem(
                b ->
                        b.tableName(table)
                                .item(
                                        Map.of(
                                                "username",
                                                software.amazon.awssdk.services.dynamodb.model
                                                        .AttributeValue.fromS("future"),
                                                Tables.DOC,
                                                software.amazon.awssdk.services.dynamodb.model
                                                        .AttributeValue.fromS(
                                                        "{\"username\":\"future\",\"status\":1,\"permissions\":[\"*\"],\"new_field\":true}"),
                                                Tables.VERSION,
                                                software.amazon.awssdk.services.dynamodb.model
                                                        .AttributeValue.fromN("1"),
                                                Tables.LIST_PARTITION,
                                                software.amazon.awssdk.services.dynamodb.model
                                                        .AttributeValue.fromS("all"))));
        assertThat(admins.find("future")).get().extracting(Admin::username).isEqualTo("future");
        assertThat(
                        DocumentTable.version(
                                Map.of(
                                        Tables.VERSION,
                                        software.amazon.awssdk.services.dynamodb.model
                                                .AttributeValue.fromN("7"))))
                .isEqualTo(7);
    }
}
