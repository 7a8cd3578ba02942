package dev.sluice.embedded;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Real AWS SDK v2 clients pointed at the embedded services, as the project builds them. */
final class Clients {

    static final Region REGION = Region.US_EAST_1;

    private Clients() {}

    static StaticCredentialsProvider credentials(String accessKey, String secretKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    static StaticCredentialsProvider anyCredentials() {
        return credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(anyCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static S3Client s3(EmbeddedS3 s3) {
        return s3(s3.endpoint(), credentials(s3.accessKey(), s3.secretKey()));
    }

    static S3Client s3(URI endpoint, StaticCredentialsProvider credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static SecretsManagerClient secretsManager(URI endpoint) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(anyCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static SesV2Client ses(URI endpoint) {
        return SesV2Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(anyCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
