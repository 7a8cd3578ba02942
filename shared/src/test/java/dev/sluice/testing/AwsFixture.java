package dev.sluice.testing;

import dev.sluice.embedded.SentEmail;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The AWS test fixture: a JUnit 5 extension that gives tests an {@link AwsEnvironment}.
 *
 * <pre>{@code
 * @ExtendWith(AwsFixture.class)
 * class UserStoreTest {
 *     @BeforeAll
 *     static void tables(AwsEnvironment aws) { ... aws.dynamoDb() ... aws.uniqueName("users") ... }
 *
 *     @Test
 *     void sendsReport(AwsEnvironment aws) { ... aws.sentEmailsTo(address) ... }
 * }
 *
 * class OtherTest {
 *     @RegisterExtension
 *     static final AwsFixture aws = AwsFixture.shared();   // also an AwsEnvironment itself
 * }
 * }</pre>
 *
 * <p>Like a Testcontainers singleton: one backend per test JVM, started on first use and shared by
 * every test class; it stops when the JUnit run ends (it sits in the root context's store) or, if
 * it was started outside JUnit, when the JVM exits. The backend is {@link AwsBackend#configured()}
 * ({@code SLUICE_AWS_BACKEND}: LocalStack where Docker answers, embedded otherwise) unless a test
 * asks for one with {@link #of(AwsBackend)}.
 */
public final class AwsFixture implements BeforeAllCallback, ParameterResolver, AwsEnvironment {

    private static final Logger log = LoggerFactory.getLogger(AwsFixture.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AwsFixture.class);
    private static final Map<AwsBackend, ClientBackedEnvironment> RUNNING =
            new EnumMap<>(AwsBackend.class);
    private static volatile AwsBackend configured;
    private static boolean hookInstalled;

    private final AwsBackend requested;

    /** The configured backend; what {@code @ExtendWith(AwsFixture.class)} uses. */
    public AwsFixture() {
        this(null);
    }

    private AwsFixture(AwsBackend requested) {
        this.requested = requested;
    }

    /** The configured backend, for {@code @RegisterExtension static final AwsFixture aws = ...}. */
    public static AwsFixture shared() {
        return new AwsFixture(null);
    }

    /** A given backend whatever the configuration (for tests of the backends themselves). */
    public static AwsFixture of(AwsBackend backend) {
        return new AwsFixture(java.util.Objects.requireNonNull(backend, "backend"));
    }

    /** The shared environment of the configured backend, outside JUnit (stopped at JVM exit). */
    public static AwsEnvironment environment() {
        return acquire(configuredBackend());
    }

    /** The backend this fixture serves: the requested one, else the configured one. */
    public AwsBackend backendChoice() {
        return requested != null ? requested : configuredBackend();
    }

    // ------------------------------------------------------------------ JUnit

    @Override
    public void beforeAll(ExtensionContext context) {
        environment(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return environment(context);
    }

    private AwsEnvironment environment(ExtensionContext context) {
        AwsBackend backend = backendChoice();
        AwsEnvironment env = acquire(backend);
        // One entry per backend in the root store: JUnit closes it when the whole run ends.
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(backend, StopAtEndOfRun::new, StopAtEndOfRun.class);
        return env;
    }

    /** Closes a backend when JUnit closes the root context's store. */
    private record StopAtEndOfRun(AwsBackend backend) implements AutoCloseable {
        @Override
        public void close() {
            release(backend);
        }
    }

    // ------------------------------------------------------------------ the shared backends

    private static AwsBackend configuredBackend() {
        AwsBackend b = configured;
        if (b == null) {
            synchronized (AwsFixture.class) {
                if (configured == null) {
                    long t0 = System.nanoTime();
                    configured = AwsBackend.configured();
                    log.info(
                            "AWS test backend: {} (chosen in {} ms)",
                            configured,
                            (System.nanoTime() - t0) / 1_000_000);
                }
                b = configured;
            }
        }
        return b;
    }

    private static synchronized ClientBackedEnvironment acquire(AwsBackend backend) {
        ClientBackedEnvironment env = RUNNING.get(backend);
        if (env != null) {
            return env;
        }
        long t0 = System.nanoTime();
        env =
                switch (backend) {
                    case EMBEDDED -> EmbeddedAwsEnvironment.start();
                    case LOCALSTACK -> LocalStackAwsEnvironment.start();
                };
        log.info(
                "AWS test backend {} started in {} ms: {}",
                backend,
                (System.nanoTime() - t0) / 1_000_000,
                env);
        RUNNING.put(backend, env);
        if (!hookInstalled) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(AwsFixture::releaseAll, "aws-fixture-shutdown"));
            hookInstalled = true;
        }
        return env;
    }

    private static synchronized void release(AwsBackend backend) {
        ClientBackedEnvironment env = RUNNING.remove(backend);
        if (env != null) {
            long t0 = System.nanoTime();
            env.close();
            log.info(
                    "AWS test backend {} stopped in {} ms",
                    backend,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static synchronized void releaseAll() {
        for (AwsBackend b : AwsBackend.values()) {
            try {
                release(b);
            } catch (RuntimeException e) {
                // the JVM is going away
            }
        }
    }

    // ------------------------------------------------------------------ AwsEnvironment, delegated

    private AwsEnvironment env() {
        return acquire(backendChoice());
    }

    @Override
    public AwsBackend backend() {
        return env().backend();
    }

    @Override
    public URI dynamoDbEndpoint() {
        return env().dynamoDbEndpoint();
    }

    @Override
    public URI s3Endpoint() {
        return env().s3Endpoint();
    }

    @Override
    public URI secretsManagerEndpoint() {
        return env().secretsManagerEndpoint();
    }

    @Override
    public URI sesEndpoint() {
        return env().sesEndpoint();
    }

    @Override
    public Region region() {
        return env().region();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return env().credentials();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return env().dynamoDb();
    }

    @Override
    public S3Client s3() {
        return env().s3();
    }

    @Override
    public SecretsManagerClient secretsManager() {
        return env().secretsManager();
    }

    @Override
    public SesV2Client ses() {
        return env().ses();
    }

    @Override
    public String uniqueName(String prefix) {
        return env().uniqueName(prefix);
    }

    @Override
    public List<SentEmail> sentEmails() {
        return env().sentEmails();
    }

    @Override
    public void verifySender(String emailOrDomain) {
        env().verifySender(emailOrDomain);
    }

    @Override
    public String toString() {
        return "AwsFixture[" + (requested != null ? requested : "configured") + "]";
    }
}
