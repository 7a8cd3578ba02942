package dev.sluice.fs;

import dev.sluice.secrets.SecretSealer;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients for storage locations: the installation's client for its own bucket, and one per
 * distinct user setting (region, endpoint, credentials) for buckets users named, cached. A user's
 * secret key is opened with the master key, bound to its owner's context.
 */
public final class S3ClientFactory implements AutoCloseable {

    private final S3Client defaultClient;
    private final SdkHttpClient http;
    private final Region defaultRegion;
    private final Optional<? extends SecretSealer> cipher;
    private final Map<String, S3Client> custom = new ConcurrentHashMap<>();

    public S3ClientFactory(
            S3Client defaultClient,
            SdkHttpClient http,
            Region defaultRegion,
            Optional<? extends SecretSealer> cipher) {
        this.defaultClient = defaultClient;
        this.http = http;
        this.defaultRegion = defaultRegion;
        this.cipher = cipher;
    }

    /** What opens the stored S3 secrets (the master key), if this installation has one. */
    public Optional<SecretSealer> sealer() {
        return cipher.map(SecretSealer.class::cast);
    }

    /**
     * Whether {@link #clientFor} answers the installation's own client (its role, region and
     * endpoint).
     */
    public boolean usesInstallationClient(StorageLocation location) {
        if (location.custom().isEmpty()) {
            return true;
        }
        S3Config s3 = location.custom().get();
        return (s3.accessKey() == null || s3.accessKey().isBlank() || s3.accessSecret() == null)
                && (s3.endpoint() == null || s3.endpoint().isBlank())
                && (s3.region() == null || s3.region().isBlank());
    }

    /**
     * @param secretContext the context the location's secret was sealed under (see MasterKeys)
     */
    public S3Client clientFor(StorageLocation location, String secretContext) {
        if (usesInstallationClient(location)) {
            return defaultClient;
        }
        S3Config s3 = location.custom().get();
        boolean ownCredentials =
                s3.accessKey() != null && !s3.accessKey().isBlank() && s3.accessSecret() != null;
        boolean ownEndpoint = s3.endpoint() != null && !s3.endpoint().isBlank();
        boolean ownRegion = s3.region() != null && !s3.region().isBlank();
        String secret =
                ownCredentials
                        ? cipher.orElseThrow(
                                        () ->
                                                new IllegalStateException(
                                                        "a stored S3 secret needs the master key"))
                                .decrypt(s3.accessSecret(), secretContext)
                        : null;
        String cacheKey =
                String.join(
                        "|",
                        String.valueOf(s3.region()),
                        String.valueOf(s3.endpoint()),
                        String.valueOf(s3.accessKey()),
                        String.valueOf(secret == null ? 0 : secret.hashCode()),
                        Boolean.toString(s3.forcePathStyle()));
        return custom.computeIfAbsent(
                cacheKey,
                k -> {
                    var builder =
                            S3Client.builder()
                                    .httpClient(http)
                                    .region(ownRegion ? Region.of(s3.region()) : defaultRegion)
                                    .forcePathStyle(s3.forcePathStyle() || ownEndpoint)
                                    // Checksums only where S3 requires them: several S3-compatible
                                    // stores reject the
                                    // SDK's default CRC trailers, and TLS already protects the
                                    // bytes in transit.
                                    .requestChecksumCalculation(
                                            RequestChecksumCalculation.WHEN_REQUIRED)
                                    .responseChecksumValidation(
                                            ResponseChecksumValidation.WHEN_REQUIRED);
                    if (ownEndpoint) {
                        builder.endpointOverride(URI.create(s3.endpoint()));
                    }
                    if (ownCredentials) {
                        AwsCredentialsProvider credentials =
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(s3.accessKey(), secret));
                        builder.credentialsProvider(credentials);
                    }
                    return builder.build();
                });
    }

    /**
     * Closes the clients this factory built (the default client and the HTTP client belong to the
     * caller).
     */
    @Override
    public void close() {
        custom.values().forEach(S3Client::close);
        custom.clear();
    }
}
