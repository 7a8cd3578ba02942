package dev.sluice.testing;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/** What both backends share: the SDK clients built from endpoints, names, sender identities. */
abstract class ClientBackedEnvironment implements AwsEnvironment, AutoCloseable {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI dynamoDbEndpoint;
    private final URI s3Endpoint;
    private final URI secretsManagerEndpoint;
    private final URI sesEndpoint;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final SecretsManagerClient secretsManager;
    private final SesV2Client ses;

    ClientBackedEnvironment(
            Region region,
            AwsCredentialsProvider credentials,
            URI dynamoDbEndpoint,
            URI s3Endpoint,
            URI secretsManagerEndpoint,
            URI sesEndpoint) {
        this.region = region;
        this.credentials = credentials;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.s3Endpoint = s3Endpoint;
        this.secretsManagerEndpoint = secretsManagerEndpoint;
        this.sesEndpoint = sesEndpoint;
        // A call that hangs should fail the test, not the build's time limit.
        ClientOverrideConfiguration timeouts =
                ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build();
        this.dynamoDb =
                DynamoDbClient.builder()
                        .endpointOverride(dynamoDbEndpoint)
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(timeouts)
                        .build();
        this.s3 =
                S3Client.builder()
                        .endpointOverride(s3Endpoint)
                        .region(region)
                        .forcePathStyle(true)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        // No "Expect: 100-continue": on a loaded machine the JDK client gave up
                        // waiting for the 100 and its PUT failed on a connection the server
                        // had closed ("Error writing request body"), four attempts in a row.
                        .overrideConfiguration(
                                timeouts.toBuilder()
                                        .addExecutionInterceptor(new NoExpectContinue())
                                        .build())
                        .build();
        this.secretsManager =
                SecretsManagerClient.builder()
                        .endpointOverride(secretsManagerEndpoint)
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(timeouts)
                        .build();
        this.ses =
                SesV2Client.builder()
                        .endpointOverride(sesEndpoint)
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(timeouts)
                        .build();
    }

    @Override
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    @Override
    public URI s3Endpoint() {
        return s3Endpoint;
    }

    @Override
    public URI secretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }

    @Override
    public URI sesEndpoint() {
        return sesEndpoint;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    @Override
    public S3Client s3() {
        return s3;
    }

    @Override
    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    @Override
    public SesV2Client ses() {
        return ses;
    }

    @Override
    public String uniqueName(String prefix) {
        String clean =
                (prefix == null ? "" : prefix)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9-]+", "-")
                        .replaceAll("-{2,}", "-")
                        .replaceAll("^-+|-+$", "");
        if (clean.isEmpty()) {
            clean = "t";
        }
        StringBuilder suffix =
                new StringBuilder(Integer.toString(COUNTER.incrementAndGet(), 36)).append('-');
        for (int i = 0; i < 6; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        int room = 63 - 1 - suffix.length();
        if (clean.length() > room) {
            clean = clean.substring(0, room).replaceAll("-+$", "");
        }
        String name = clean + "-" + suffix;
        return name.length() < 3 ? name + "-x" : name;
    }

    @Override
    public void verifySender(String emailOrDomain) {
        try {
            ses.createEmailIdentity(b -> b.emailIdentity(emailOrDomain));
        } catch (AlreadyExistsException e) {
            // verified before
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> clients = new ArrayList<>(List.of(ses, secretsManager, s3, dynamoDb));
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        closeBackend();
    }

    /** Stops whatever runs the services. */
    abstract void closeBackend();

    /** Drops the {@code Expect} header the S3 client puts on uploads. */
    static final class NoExpectContinue
            implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        @Override
        public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    }
}
