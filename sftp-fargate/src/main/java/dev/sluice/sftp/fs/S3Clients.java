package dev.sluice.sftp.fs;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients: one for the installation's bucket (the task role's credentials), and one per other
 * S3 location users and folders name (their region, endpoint and keys), built once and shared by
 * every session. All share one pooled HTTP client.
 */
public final class S3Clients implements AutoCloseable {

    /** What makes two locations need different clients. */
    public record Spec(Optional<String> region, Optional<URI> endpoint, Optional<String> accessKey,
                       Optional<String> secretKey, boolean pathStyle) {
    }

    /**
     * Plain-HTTP endpoints only (local mode's s3proxy): sign headers but not the payload. Over HTTP
     * the SDK otherwise hashes every byte with SHA-256 before sending it, a full extra pass that on
     * a small machine costs a large share of the upload throughput. Over HTTPS (AWS) the SDK's
     * defaults stand.
     */
    private static final software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider UNSIGNED_PAYLOAD = params ->
        software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider.defaultProvider().resolveAuthScheme(params).stream()
            .map(o -> o.toBuilder()
                .putSignerProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .build())
            .toList();

    private final SdkHttpClient http;
    private final S3Client defaultClient;
    private final Region defaultRegion;
    private final Map<Spec, S3Client> others = new ConcurrentHashMap<>();

    /**
     * @param endpoint    override for the installation's S3 (local mode, tests); path-style when set
     * @param credentials credentials for it; null for the default chain (the task role)
     */
    public S3Clients(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        this.http = ApacheHttpClient.builder()
            .maxConnections(256)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(120))
            .build();
        this.defaultRegion = region;
        var builder = base(region, credentials);
        endpoint.ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        endpoint.filter(e -> "http".equals(e.getScheme())).ifPresent(e -> builder.authSchemeProvider(UNSIGNED_PAYLOAD));
        this.defaultClient = builder.build();
    }

    public S3Client defaultClient() {
        return defaultClient;
    }

    public S3Client forSpec(Spec spec) {
        if (spec.region().isEmpty() && spec.endpoint().isEmpty() && spec.accessKey().isEmpty() && !spec.pathStyle()) {
            return defaultClient;
        }
        return others.computeIfAbsent(spec, s -> {
            AwsCredentialsProvider credentials = s.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey().get(), s.secretKey().orElse("")))
                : null;
            var builder = base(s.region().map(Region::of).orElse(defaultRegion), credentials);
            s.endpoint().ifPresent(builder::endpointOverride);
            builder.forcePathStyle(s.pathStyle() || s.endpoint().isPresent());
            return builder.build();
        });
    }

    private software.amazon.awssdk.services.s3.S3ClientBuilder base(Region region, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder().httpClient(http).region(region)
            // Checksums only where S3 requires them: the SSH layer already guarantees integrity in
            // transit, and computing CRCs on every part costs CPU the transfer needs.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder;
    }

    @Override
    public void close() {
        others.values().forEach(S3Client::close);
        defaultClient.close();
        http.close();
    }
}
