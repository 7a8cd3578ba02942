package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Visiting everyone reads each user and folder once: pages continue from the last key read, where
 * offset paging re-read every skipped item (about 105,000 item reads for 10,000 users). The reads
 * are counted at the DynamoDB client.
 */
@ExtendWith(AwsFixture.class)
class QuotaScanPagingTest {

    static final int USERS = 25;
    static final int FOLDERS = 12;
    static final int PAGE = 10;

    static AwsEnvironment aws;
    static TableNames names;
    static String bucket;

    @BeforeAll
    static void owners(AwsEnvironment env) {
        aws = env;
        names = TableNames.withPrefix(env.uniqueName("paging") + "-");
        new TableProvisioner(env.dynamoDb(), names).createMissing(Tables.ALL);
        bucket = env.uniqueName("paging-files");
        env.s3().createBucket(b -> b.bucket(bucket));
        UserStore users = new UserStore(env.dynamoDb(), names);
        FolderStore folders = new FolderStore(env.dynamoDb(), names);
        for (int i = 0; i < USERS; i++) {
            users.create(
                    User.builder()
                            .username(String.format("user%02d", i))
                            .password("$2b$10$hash")
                            .build());
        }
        for (int i = 0; i < FOLDERS; i++) {
            folders.create(
                    new VirtualFolder(
                            String.format("folder%02d", i), null, null, 0, 0, 0, null, null));
        }
        env.s3()
                .putObject(
                        b -> b.bucket(bucket).key("users/user07/a.bin"),
                        RequestBody.fromBytes(new byte[7]));
        env.s3()
                .putObject(
                        b -> b.bucket(bucket).key("folders/folder11/b.bin"),
                        RequestBody.fromBytes(new byte[11]));
    }

    /** Counts, per table, the Query and Scan pages read and the items they returned. */
    static final class Reads implements InvocationHandler {
        final DynamoDbClient real;
        final Map<String, AtomicInteger> pages = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> items = new ConcurrentHashMap<>();

        Reads(DynamoDbClient real) {
            this.real = real;
        }

        DynamoDbClient client() {
            return (DynamoDbClient)
                    Proxy.newProxyInstance(
                            DynamoDbClient.class.getClassLoader(),
                            new Class<?>[] {DynamoDbClient.class},
                            this);
        }

        int pages(String table) {
            return pages.getOrDefault(table, new AtomicInteger()).get();
        }

        int items(String table) {
            return items.getOrDefault(table, new AtomicInteger()).get();
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args)
                throws Throwable {
            boolean builderOverload =
                    args != null
                            && args.length == 1
                            && args[0] instanceof java.util.function.Consumer;
            if (method.getName().endsWith("Paginator") || builderOverload) {
                // Through the proxy, so that the pages they fetch land on the counted calls.
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof QueryResponse r) {
                count(((QueryRequest) args[0]).tableName(), r.items().size());
            } else if (result instanceof ScanResponse r) {
                count(((ScanRequest) args[0]).tableName(), r.items().size());
            }
            return result;
        }

        private void count(String table, int n) {
            pages.computeIfAbsent(table, t -> new AtomicInteger()).incrementAndGet();
            items.computeIfAbsent(table, t -> new AtomicInteger()).addAndGet(n);
        }
    }

    @Test
    void theStoresWalkEveryoneInNameOrderReadingEachOnce() {
        Reads reads = new Reads(aws.dynamoDb());
        UserStore users = new UserStore(reads.client(), names);
        List<String> seen = new ArrayList<>();
        for (User u : users.all(PAGE)) {
            seen.add(u.username());
        }
        assertThat(seen).hasSize(USERS).isSorted().doesNotHaveDuplicates();
        assertThat(reads.items(names.of(Tables.USERS))).isEqualTo(USERS);
        assertThat(reads.pages(names.of(Tables.USERS)))
                .isBetween(USERS / PAGE + 1, USERS / PAGE + 2);
    }

    @Test
    void aScanOfEveryoneReadsEachUserAndFolderOnce() {
        Reads reads = new Reads(aws.dynamoDb());
        DynamoDbClient counted = reads.client();
        UserStore users = new UserStore(counted, names);
        FolderStore folders = new FolderStore(counted, names);
        QuotaScan scan =
                new QuotaScan(
                        users,
                        folders,
                        new S3ClientFactory(
                                aws.s3(),
                                UrlConnectionHttpClient.create(),
                                aws.region(),
                                Optional.empty()),
                        bucket,
                        Clock.systemUTC(),
                        Optional.empty(),
                        PAGE);

        QuotaScan.Result result = scan.run(new QuotaScan.All());

        assertThat(result.usersScanned()).isEqualTo(USERS);
        assertThat(result.foldersScanned()).isEqualTo(FOLDERS);
        assertThat(result.skipped()).isEmpty();
        // Offset paging read 10 + 20 + 25 users and 10 + 12 folders for the same walk.
        assertThat(reads.items(names.of(Tables.USERS))).isEqualTo(USERS);
        assertThat(reads.items(names.of(Tables.FOLDERS))).isEqualTo(FOLDERS);
        assertThat(reads.pages(names.of(Tables.USERS))).isLessThanOrEqualTo(USERS / PAGE + 2);
        assertThat(users.find("user07").orElseThrow().usedQuotaSize()).isEqualTo(7);
        assertThat(folders.find("folder11").orElseThrow().usedQuotaSize()).isEqualTo(11);
    }
}
