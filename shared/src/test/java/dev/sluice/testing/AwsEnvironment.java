package dev.sluice.testing;

import dev.sluice.embedded.SentEmail;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The AWS services a test talks to: endpoints, region, credentials and ready-built SDK v2 clients
 * (all on {@code UrlConnectionHttpClient}; S3 path-style). One environment serves every test of the
 * JVM, so tests keep apart by naming what they create with {@link #uniqueName(String)} and by
 * sending mail to addresses of their own.
 *
 * <p>Get one from {@link AwsFixture}: {@code @ExtendWith(AwsFixture.class)} and an {@code
 * AwsEnvironment} parameter (test, {@code @BeforeAll}, {@code @BeforeEach} methods), or
 * {@code @RegisterExtension static final AwsFixture aws = AwsFixture.shared();}.
 */
public interface AwsEnvironment {

    AwsBackend backend();

    URI dynamoDbEndpoint();

    URI s3Endpoint();

    URI secretsManagerEndpoint();

    URI sesEndpoint();

    Region region();

    AwsCredentialsProvider credentials();

    DynamoDbClient dynamoDb();

    /** Path-style, as s3proxy and LocalStack want. */
    S3Client s3();

    SecretsManagerClient secretsManager();

    SesV2Client ses();

    /**
     * A name no other test of this run uses: {@code prefix} (lower-cased, anything but letters,
     * digits and '-' turned into '-') plus a random suffix, at most 63 characters, so it is a valid
     * S3 bucket, DynamoDB table and secret name.
     */
    String uniqueName(String prefix);

    /** Every message the SES endpoint accepted in this run, oldest first. */
    List<SentEmail> sentEmails();

    /** The messages addressed (To, Cc or Bcc) to {@code address}. */
    default List<SentEmail> sentEmailsTo(String address) {
        return sentEmails().stream().filter(m -> m.isAddressedTo(address)).toList();
    }

    /**
     * Makes {@code emailOrDomain} a verified sender (SES v2 CreateEmailIdentity; an existing one is
     * fine). LocalStack and AWS refuse mail from unverified senders; the embedded fake accepts any
     * sender unless told otherwise.
     */
    void verifySender(String emailOrDomain);
}
