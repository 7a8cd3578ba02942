package dev.sluice.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.EmbeddedAws;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.Advance;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.json.Json;
import dev.sluice.quota.QuotaScan;
import dev.sluice.quota.Quotas;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * bench/retention: Sluice's {@link RetentionCheck} deleting every object of one user's home against
 * a plain AWS SDK v2 loop (ListObjectsV2 pages of 1,000, one DeleteObjects of 1,000 per page) over
 * another user's identical objects, on the same embedded endpoints, with the same S3 client, in one
 * JVM. Creating the objects is not timed; the two sides alternate which goes first.
 *
 * <p>Arguments: objects per side (default 20,000), rounds (default 3), store ({@code memory}, the
 * default: DynamoDB Local and s3proxy in memory; {@code disk}: both on disk as local mode keeps
 * them, under a temporary folder).
 */
public final class RetentionBench {

    /** The check runs "48 hours later", so that every object is older than the rule's 24 hours. */
    private static final Duration LATER = Duration.ofHours(48);

    private static final int PUT_THREADS = 8;

    private RetentionBench() {}

    /** One side's figures for one round. */
    private record Side(long examined, long deleted, long nanos, Map<String, long[]> calls) {
        double examinedPerSecond() {
            return examined / (nanos / 1e9);
        }

        double deletedPerSecond() {
            return deleted / (nanos / 1e9);
        }
    }

    /**
     * Runs the bench and prints its figures.
     *
     * @param args objects per side, rounds, store ({@code memory} or {@code disk})
     * @throws Exception when a backend fails or a side does not delete every object
     */
    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String store = args.length > 2 ? args[2] : "memory";
        if (objects < 1 || rounds < 1 || !List.of("memory", "disk").contains(store)) {
            System.err.println(
                    "usage: RetentionBench [objects >= 1] [rounds >= 1] [memory|disk]; got "
                            + String.join(" ", args));
            System.exit(2);
        }
        System.out.printf(
                "bench/retention: %s, JDK %s (%s), %d cores, %,d objects per side, %d rounds, %s"
                        + " store%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.version(),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                objects,
                rounds,
                store);

        Path dir =
                store.equals("disk") ? Files.createTempDirectory("sluice-retention-bench") : null;
        EmbeddedAws.Builder builder = EmbeddedAws.builder();
        int status = 0;
        try (EmbeddedAws aws = (dir == null ? builder : builder.dataDirectory(dir)).start()) {
            new RetentionBench().run(aws, objects, rounds);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
        // DynamoDB Local leaves a non-daemon thread sleeping for minutes after it stops.
        System.exit(status);
    }

    private final Timings timings = new Timings();
    private S3Client s3;
    private S3Client loader;
    private DynamoDbClient dynamo;
    private TableNames names;
    private String bucket;
    private UserStore users;
    private FolderStore folders;
    private S3ClientFactory clients;

    private void run(EmbeddedAws aws, int objects, int rounds) throws Exception {
        var credentials =
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
        Region region = Region.of(aws.region());
        // Built as local mode builds its clients (LocalSystem), each behind a timing proxy.
        SdkHttpClient http = UrlConnectionHttpClient.create();
        s3 =
                timings.wrap(
                        S3Client.class,
                        "S3",
                        S3Client.builder()
                                .endpointOverride(aws.s3().endpoint())
                                .forcePathStyle(true)
                                .region(region)
                                .credentialsProvider(credentials)
                                .httpClient(http)
                                .build());
        // Only for creating the objects (not timed): without "Expect: 100-continue", which makes
        // the JDK client fail a PUT whose pooled connection s3proxy closed meanwhile.
        loader =
                S3Client.builder()
                        .endpointOverride(aws.s3().endpoint())
                        .forcePathStyle(true)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(new NoExpect()))
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        dynamo =
                timings.wrap(
                        DynamoDbClient.class,
                        "DynamoDB",
                        DynamoDbClient.builder()
                                .endpointOverride(aws.dynamoDb().endpoint())
                                .region(region)
                                .credentialsProvider(credentials)
                                .httpClient(http)
                                .build());
        names = TableNames.withPrefix("bench-");
        new TableProvisioner(dynamo, names).createMissing(Tables.ALL);
        bucket = "bench-files";
        s3.createBucket(b -> b.bucket(bucket));
        users = new UserStore(dynamo, names);
        folders = new FolderStore(dynamo, names);
        clients = new S3ClientFactory(s3, http, region, Optional.empty());
        for (String name : List.of("sluice", "sdk")) {
            users.create(
                    User.builder()
                            .username(name)
                            .password("$2b$10$hash")
                            .permissions(Map.of("/", List.of("*")))
                            .build());
        }

        // Warm-up, not reported: the JIT compiles both paths before the first timed round.
        round(Math.min(objects, 2_000), true, 0);
        round(Math.min(objects, 2_000), false, 0);

        List<Double> ratios = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            ratios.add(round(objects, r % 2 == 1, r));
        }
        List<Double> sorted = ratios.stream().sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        double median =
                n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        System.out.printf(
                "ratio Sluice/SDK (deleted per second): min %.2f, median %.2f, max %.2f (target >="
                        + " 0.80)%n",
                sorted.get(0), median, sorted.get(n - 1));
    }

    /** Creates both users' objects, runs both sides; the ratio of deletions per second. */
    private double round(int objects, boolean sluiceFirst, int number) throws Exception {
        long t0 = System.nanoTime();
        create("sluice", objects);
        create("sdk", objects);
        // Real counters, as an installation has them: the check lowers them batch by batch.
        new QuotaScan(users, folders, clients, bucket, Clock.systemUTC())
                .run(new QuotaScan.OneUser("sluice"));
        long setup = System.nanoTime() - t0;
        Side sluice;
        Side sdk;
        if (sluiceFirst) {
            sluice = sluice(number);
            sdk = sdk();
        } else {
            sdk = sdk();
            sluice = sluice(number);
        }
        for (var side : Map.of("Sluice", sluice, "SDK", sdk).entrySet()) {
            if (side.getValue().deleted() != objects || !remaining(side.getKey()).isEmpty()) {
                throw new IllegalStateException(
                        side.getKey()
                                + " deleted "
                                + side.getValue().deleted()
                                + " of "
                                + objects
                                + " objects; left: "
                                + remaining(side.getKey()).size());
            }
        }
        double ratio = sluice.deletedPerSecond() / sdk.deletedPerSecond();
        if (number > 0) {
            System.out.printf(
                    "round %d (%s first; creating 2 x %,d objects took %,d ms, not timed):%n",
                    number, sluiceFirst ? "Sluice" : "SDK", objects, setup / 1_000_000);
            print("Sluice", sluice);
            print("SDK", sdk);
            System.out.printf("  ratio Sluice/SDK %.2f%n", ratio);
        }
        return ratio;
    }

    private static void print(String label, Side side) {
        StringBuilder calls = new StringBuilder();
        side.calls()
                .forEach(
                        (call, c) ->
                                calls.append(
                                        String.format(
                                                "%s%s %d x %.1f ms",
                                                calls.isEmpty() ? "" : ", ",
                                                call,
                                                c[0],
                                                c[1] / 1e6 / Math.max(1, c[0]))));
        long inCalls = side.calls().values().stream().mapToLong(c -> c[1]).sum();
        System.out.printf(
                "  %-6s %,6.0f examined/s %,6.0f deleted/s  (%,d objects in %,d ms; in calls %,d"
                        + " ms: %s)%n",
                label,
                side.examinedPerSecond(),
                side.deletedPerSecond(),
                side.deleted(),
                side.nanos() / 1_000_000,
                inCalls / 1_000_000,
                calls);
    }

    /** (a) Sluice: one retention check, rule "/" 24 hours, run to its end in one invocation. */
    private Side sluice(int number) throws Exception {
        ObjectNode request = Json.mapper().createObjectNode();
        request.set(
                "folders",
                Json.mapper().valueToTree(List.of(new FolderRetention("/", 24, false, false))));
        JobRun run =
                JobRun.start(
                        "bench-" + number + "-" + System.nanoTime(),
                        JobKind.RETENTION_CHECK,
                        "sluice",
                        Optional.empty(),
                        Clock.systemUTC().millis() + LATER.toMillis(),
                        "admin",
                        List.of(),
                        request);
        JobRuns runs = new JobRuns(dynamo, names, Clock.systemUTC(), Duration.ofDays(35));
        RetentionCheck check =
                new RetentionCheck(
                        users,
                        folders,
                        clients,
                        bucket,
                        Quotas.of(users, folders, Clock.systemUTC()),
                        runs,
                        Clock.systemUTC());
        timings.reset();
        long t0 = System.nanoTime();
        if (!(runs.start(run) instanceof JobRuns.Started)) {
            throw new IllegalStateException("the check did not start");
        }
        Advance outcome = check.advance(run, () -> false);
        long nanos = System.nanoTime() - t0;
        if (!(outcome instanceof Advance.Finished finished)) {
            throw new IllegalStateException("the check did not finish: " + outcome);
        }
        RetentionResult result =
                Json.mapper().treeToValue(finished.run().result(), RetentionResult.class);
        long examined = result.paths().stream().mapToLong(PathTally::examined).sum();
        return new Side(examined, result.deleted(), nanos, timings.snapshot());
    }

    /** (b) The plain SDK loop: list a page of 1,000, delete that page, until the end. */
    private Side sdk() {
        timings.reset();
        long examined = 0;
        long deleted = 0;
        long t0 = System.nanoTime();
        String token = null;
        do {
            final String continuation = token;
            ListObjectsV2Response page =
                    s3.listObjectsV2(
                            b ->
                                    b.bucket(bucket)
                                            .prefix("users/sdk/")
                                            .maxKeys(1000)
                                            .continuationToken(continuation));
            examined += page.contents().size();
            if (!page.contents().isEmpty()) {
                List<ObjectIdentifier> ids =
                        page.contents().stream()
                                .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                                .toList();
                DeleteObjectsResponse response =
                        s3.deleteObjects(
                                b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
                deleted += ids.size() - response.errors().size();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return new Side(examined, deleted, System.nanoTime() - t0, timings.snapshot());
    }

    /** The same nested layout under each home: 40 dirs of 8 subdirs, no directory markers. */
    private void create(String user, int objects) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PUT_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                String key =
                        "users/" + user + "/data/d" + (i % 40) + "/s" + (i % 8) + "/file-" + i
                                + ".bin";
                int size = 16 + i % 100;
                done.add(pool.submit(() -> put(key, size)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void put(String key, int size) {
        loader.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private List<S3Object> remaining(String label) {
        String prefix = label.equals("SDK") ? "users/sdk/" : "users/sluice/";
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .toList();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Drops "Expect: 100-continue" (as LocalSystemTest does for the same reason). */
    private static final class NoExpect implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(
                Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    }

    /**
     * Counts and times each SDK operation (by method name) made through the wrapped clients, so the
     * report shows where a side spends its time. Both sides pay the same (tiny) proxy cost.
     */
    private static final class Timings {
        private final Map<String, LongAdder[]> calls = new ConcurrentHashMap<>();

        <T> T wrap(Class<T> type, String service, T real) {
            InvocationHandler handler =
                    (proxy, method, args) -> {
                        if (method.isDefault()
                                && args != null
                                && args.length == 1
                                && args[0] instanceof Consumer) {
                            // The builder-lambda overloads build the request, then call back in.
                            return InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        long t0 = System.nanoTime();
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            record(service, method, args, System.nanoTime() - t0);
                        }
                    };
            return type.cast(
                    Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
        }

        private void record(String service, Method method, Object[] args, long nanos) {
            if (method.getDeclaringClass() == Object.class
                    || method.getName().equals("close")
                    || method.getName().equals("serviceName")) {
                return;
            }
            LongAdder[] c =
                    calls.computeIfAbsent(
                            service + " " + method.getName() + detail(args),
                            k -> new LongAdder[] {new LongAdder(), new LongAdder()});
            c[0].increment();
            c[1].add(nanos);
        }

        /**
         * A transaction's shape: how many items and how large its biggest value is (a retention
         * checkpoint writes the whole run document, with the pending batch before a deletion).
         */
        private static String detail(Object[] args) {
            if (args == null
                    || args.length != 1
                    || !(args[0] instanceof TransactWriteItemsRequest request)) {
                return "";
            }
            int largest = 0;
            for (TransactWriteItem item : request.transactItems()) {
                Map<String, AttributeValue> values =
                        item.update() != null
                                ? item.update().expressionAttributeValues()
                                : item.put() != null ? item.put().item() : Map.of();
                for (AttributeValue v : values.values()) {
                    largest = Math.max(largest, v.s() == null ? 0 : v.s().length());
                }
            }
            return String.format(
                    "[%d items, %s]",
                    request.transactItems().size(),
                    largest >= 20_000 ? "document >= 20 KB" : "document < 20 KB");
        }

        void reset() {
            calls.clear();
        }

        Map<String, long[]> snapshot() {
            Map<String, long[]> out = new java.util.TreeMap<>();
            calls.forEach((k, c) -> out.put(k, new long[] {c[0].sum(), c[1].sum()}));
            return out;
        }
    }
}
