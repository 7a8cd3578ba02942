package dev.sluice.testing;

import dev.sluice.embedded.EmbeddedAws;
import dev.sluice.embedded.SentEmail;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The services in this JVM: DynamoDB Local, s3proxy and the two wire-protocol fakes. */
final class EmbeddedAwsEnvironment extends ClientBackedEnvironment {

    private final EmbeddedAws aws;

    private EmbeddedAwsEnvironment(EmbeddedAws aws) {
        super(
                Region.of(aws.region()),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey())),
                aws.dynamoDb().endpoint(),
                aws.s3().endpoint(),
                aws.secretsManager().endpoint(),
                aws.ses().endpoint());
        this.aws = aws;
    }

    static EmbeddedAwsEnvironment start() {
        EmbeddedAws aws = EmbeddedAws.builder().credentials("test", "test").start();
        try {
            return new EmbeddedAwsEnvironment(aws);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /** The running services, for what the {@link AwsEnvironment} view does not cover. */
    EmbeddedAws services() {
        return aws;
    }

    @Override
    public AwsBackend backend() {
        return AwsBackend.EMBEDDED;
    }

    @Override
    public List<SentEmail> sentEmails() {
        return aws.ses().sentEmails();
    }

    @Override
    void closeBackend() {
        aws.close();
    }

    @Override
    public String toString() {
        return "EMBEDDED " + aws;
    }
}
