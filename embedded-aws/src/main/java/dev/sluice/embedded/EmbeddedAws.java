package dev.sluice.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The four AWS services Sluice uses, started together (in parallel) on 127.0.0.1: DynamoDB Local,
 * s3proxy, and the Secrets Manager and SES v2 fakes. One object for tests and local mode.
 *
 * <p>{@link #inMemory()} keeps nothing. {@link #persistent(Path)} keeps everything under one data
 * folder: {@code dynamodb/} (DynamoDB Local's database), {@code s3/} (one folder per bucket),
 * {@code secrets.json} (owner-only) and {@code outbox/} (every e-mail as an {@code .eml} file).
 */
public final class EmbeddedAws implements AutoCloseable {

    private final EmbeddedDynamoDb dynamoDb;
    private final EmbeddedS3 s3;
    private final FakeSecretsManager secretsManager;
    private final FakeSesV2 ses;
    private final String region;
    private final Path dataDirectory;
    private final Duration startupTime;

    private EmbeddedAws(
            EmbeddedDynamoDb dynamoDb,
            EmbeddedS3 s3,
            FakeSecretsManager secretsManager,
            FakeSesV2 ses,
            String region,
            Path dataDirectory,
            Duration startupTime) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.secretsManager = secretsManager;
        this.ses = ses;
        this.region = region;
        this.dataDirectory = dataDirectory;
        this.startupTime = startupTime;
    }

    /** Everything in memory, free ports, default credentials, us-east-1. */
    public static EmbeddedAws inMemory() {
        return builder().start();
    }

    /** Everything kept under {@code dataDirectory} (see the class comment for the layout). */
    public static EmbeddedAws persistent(Path dataDirectory) {
        return builder().dataDirectory(dataDirectory).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public EmbeddedDynamoDb dynamoDb() {
        return dynamoDb;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public FakeSecretsManager secretsManager() {
        return secretsManager;
    }

    public FakeSesV2 ses() {
        return ses;
    }

    /** The region clients should use (the services accept any; ARNs name this one). */
    public String region() {
        return region;
    }

    /** The access key every client can use (s3proxy checks it; the others accept anything). */
    public String accessKey() {
        return s3.accessKey();
    }

    public String secretKey() {
        return s3.secretKey();
    }

    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    /** How long {@link Builder#start()} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops all four; idempotent. */
    @Override
    public void close() {
        closeAll(List.of(ses, secretsManager, s3, dynamoDb));
    }

    @Override
    public String toString() {
        return "EmbeddedAws[dynamodb "
                + dynamoDb.endpoint()
                + ", s3 "
                + s3.endpoint()
                + ", secretsmanager "
                + secretsManager.endpoint()
                + ", ses "
                + ses.endpoint()
                + (dataDirectory == null ? ", in memory" : ", " + dataDirectory)
                + "]";
    }

    private static void closeAll(List<? extends AutoCloseable> services) {
        RuntimeException failure = null;
        for (AutoCloseable s : services) {
            if (s == null) {
                continue;
            }
            try {
                s.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + s, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Options for {@link EmbeddedAws}. */
    public static final class Builder {
        private Path dataDirectory;
        private String region = "us-east-1";
        private String accessKey = EmbeddedS3.DEFAULT_ACCESS_KEY;
        private String secretKey = EmbeddedS3.DEFAULT_SECRET_KEY;
        private int dynamoDbPort;
        private int s3Port;
        private int secretsManagerPort;
        private int sesPort;

        private Builder() {}

        /** Keep everything under this folder; null (the default) keeps everything in memory. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The key pair s3proxy accepts (the other services accept any). */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /**
         * Fixed ports, for a local mode that prints stable endpoints; 0 (default) picks free ones.
         */
        public Builder ports(int dynamoDb, int s3, int secretsManager, int ses) {
            this.dynamoDbPort = dynamoDb;
            this.s3Port = s3;
            this.secretsManagerPort = secretsManager;
            this.sesPort = ses;
            return this;
        }

        public EmbeddedAws start() {
            long t0 = System.nanoTime();
            Path dir = dataDirectory == null ? null : dataDirectory.toAbsolutePath();
            ExecutorService pool =
                    Executors.newFixedThreadPool(
                            4,
                            r -> {
                                Thread t = new Thread(r, "embedded-aws-start");
                                t.setDaemon(true);
                                return t;
                            });
            try {
                var ddb =
                        submit(
                                pool,
                                () ->
                                        EmbeddedDynamoDb.builder()
                                                .dbPath(
                                                        dir == null
                                                                ? null
                                                                : dir.resolve("dynamodb"))
                                                .port(dynamoDbPort)
                                                .start());
                var s3 =
                        submit(
                                pool,
                                () -> {
                                    EmbeddedS3.Builder b =
                                            EmbeddedS3.builder()
                                                    .credentials(accessKey, secretKey)
                                                    .port(s3Port);
                                    return (dir == null ? b : b.filesystem(dir.resolve("s3")))
                                            .start();
                                });
                var sm =
                        submit(
                                pool,
                                () ->
                                        FakeSecretsManager.builder()
                                                .region(region)
                                                .port(secretsManagerPort)
                                                .file(
                                                        dir == null
                                                                ? null
                                                                : dir.resolve("secrets.json"))
                                                .start());
                var ses =
                        submit(
                                pool,
                                () ->
                                        FakeSesV2.builder()
                                                .region(region)
                                                .port(sesPort)
                                                .outbox(dir == null ? null : dir.resolve("outbox"))
                                                .start());
                List<CompletableFuture<? extends AutoCloseable>> all = List.of(ddb, s3, sm, ses);
                try {
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                } catch (CompletionException e) {
                    List<AutoCloseable> started = new ArrayList<>();
                    for (var f : all) {
                        try {
                            started.add(f.join());
                        } catch (CompletionException ignored) {
                            // the one that failed
                        }
                    }
                    try {
                        closeAll(started);
                    } catch (RuntimeException suppressed) {
                        e.getCause().addSuppressed(suppressed);
                    }
                    Throwable cause = e.getCause();
                    throw cause instanceof RuntimeException r
                            ? r
                            : new IllegalStateException(cause);
                }
                return new EmbeddedAws(
                        ddb.join(),
                        s3.join(),
                        sm.join(),
                        ses.join(),
                        region,
                        dir,
                        Duration.ofNanos(System.nanoTime() - t0));
            } finally {
                pool.shutdown();
            }
        }

        private static <T> CompletableFuture<T> submit(ExecutorService pool, Supplier<T> task) {
            return CompletableFuture.supplyAsync(task, pool);
        }
    }
}
