package dev.sluice.sftp.fs;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 without hashing the payload, for an S3 endpoint on this machine over plain HTTP (the local
 * mode's s3proxy). Over HTTP the SDK always signs the payload, chunk by chunk with SHA-256, and
 * s3proxy verifies every chunk: two SHA-256 passes over every byte that, on a small machine, take
 * about a quarter of the CPU of an SFTP upload (measured with JFR). On loopback nothing sits
 * between the two ends to tamper with the body, so the request is signed as over HTTPS ({@code
 * UNSIGNED-PAYLOAD}; the scheme is not part of a SigV4 signature) and sent over HTTP. Remote
 * endpoints, HTTP or HTTPS, keep the SDK's own signing.
 */
final class LoopbackUnsignedPayload implements AwsV4AuthScheme {

    private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();

    /**
     * Whether an endpoint is plain HTTP on a loopback address, on a port other than 80 (where the
     * Host header signed for HTTPS would differ from the one sent).
     */
    static boolean appliesTo(URI endpoint) {
        int port = endpoint.getPort() == -1 ? 80 : endpoint.getPort();
        if (!"http".equalsIgnoreCase(endpoint.getScheme())
                || endpoint.getHost() == null
                || port == 80) {
            return false;
        }
        try {
            return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return standard.identityProvider(providers);
    }

    @Override
    public AwsV4HttpSigner signer() {
        return new Signer(standard.signer());
    }

    private record Signer(AwsV4HttpSigner standard) implements AwsV4HttpSigner {

        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            SdkHttpRequest original = request.request();
            if (!"http".equals(original.protocol()) || original.port() == 80) {
                return standard.sign(request);
            }
            SignedRequest signed =
                    standard.sign(
                            request.copy(
                                    b ->
                                            b.request(
                                                            original.toBuilder()
                                                                    .protocol("https")
                                                                    .port(original.port())
                                                                    .build())
                                                    .putProperty(
                                                            AwsV4FamilyHttpSigner
                                                                    .PAYLOAD_SIGNING_ENABLED,
                                                            false)
                                                    .putProperty(
                                                            AwsV4FamilyHttpSigner
                                                                    .CHUNK_ENCODING_ENABLED,
                                                            false)));
            return signed.copy(
                    b ->
                            b.request(
                                    signed.request().toBuilder()
                                            .protocol("http")
                                            .port(original.port())
                                            .build()));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(
                AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return standard.signAsync(request); // Sluice's S3 clients are synchronous
        }
    }
}
