package dev.sluice.sftp.fs;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The task's S3 client for the installation's bucket (the task role's credentials) and the pooled
 * HTTP client that it and the clients for users' own S3 locations ({@link
 * dev.sluice.fs.S3ClientFactory}) share.
 */
public final class S3Clients implements AutoCloseable {

    private final SdkHttpClient http;
    private final S3Client defaultClient;
    private final Region defaultRegion;

    /**
     * @param endpoint override for the installation's S3 (local mode, tests); path-style when set
     * @param credentials credentials for it; null for the default chain (the task role)
     */
    public S3Clients(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        this.http =
                ApacheHttpClient.builder()
                        .maxConnections(256)
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(120))
                        .build();
        this.defaultRegion = region;
        var builder = base(region, credentials);
        endpoint.ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        endpoint.filter(LoopbackUnsignedPayload::appliesTo)
                .ifPresent(e -> builder.putAuthScheme(new LoopbackUnsignedPayload()));
        this.defaultClient = builder.build();
    }

    public S3Client defaultClient() {
        return defaultClient;
    }

    /** The HTTP client every S3 client of the task shares (pooled connections). */
    public SdkHttpClient http() {
        return http;
    }

    public Region defaultRegion() {
        return defaultRegion;
    }

    private software.amazon.awssdk.services.s3.S3ClientBuilder base(
            Region region, AwsCredentialsProvider credentials) {
        var builder =
                S3Client.builder()
                        .httpClient(http)
                        .region(region)
                        // Checksums only where S3 requires them: TLS (SigV4's payload hash on plain
                        // HTTP) already
                        // protects the bytes in transit, and a CRC over every part costs CPU the
                        // transfer needs.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder;
    }

    @Override
    public void close() {
        defaultClient.close();
        http.close();
    }
}
