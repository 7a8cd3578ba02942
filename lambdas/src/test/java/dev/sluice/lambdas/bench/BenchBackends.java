package dev.sluice.lambdas.bench;

import dev.sluice.admins.AdminService;
import dev.sluice.admins.AdminStore;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.EmbeddedDynamoDb;
import dev.sluice.embedded.FakeSecretsManager;
import dev.sluice.passwords.PasswordHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS side of {@code bench/cold-start}, in its own JVM so the measured JVM holds only the
 * Lambda jar: DynamoDB Local and Secrets Manager on loopback, tables, secrets and one admin. Writes
 * the environment the Lambda JVM needs to the file named in args[0], then waits.
 */
public final class BenchBackends {

    private BenchBackends() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.inMemory();
        FakeSecretsManager secrets = FakeSecretsManager.inMemory();
        var credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
        var http = UrlConnectionHttpClient.create();
        DynamoDbClient dynamoDb =
                DynamoDbClient.builder()
                        .endpointOverride(dynamo.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        SecretsManagerClient sm =
                SecretsManagerClient.builder()
                        .endpointOverride(secrets.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        TableNames names = TableNames.withPrefix("bench-");
        new TableProvisioner(dynamoDb, names).createMissing(Tables.ALL);
        String jwt =
                sm.createSecret(
                                b ->
                                        b.name("bench-jwt")
                                                .secretString(
                                                        UUID.randomUUID() + "" + UUID.randomUUID()))
                        .arn();
        String master =
                sm.createSecret(
                                b ->
                                        b.name("bench-master")
                                                .secretString(
                                                        UUID.randomUUID() + "" + UUID.randomUUID()))
                        .arn();
        new AdminService(new AdminStore(dynamoDb, names), new PasswordHasher(), Clock.systemUTC())
                .bootstrap("admin", "bench-password");
        String env =
                String.join(
                                "\n",
                                "AWS_REGION=us-east-1",
                                "AWS_ACCESS_KEY_ID=bench",
                                "AWS_SECRET_ACCESS_KEY=bench",
                                "AWS_ENDPOINT_URL_DYNAMODB=" + dynamo.endpoint(),
                                "AWS_ENDPOINT_URL_SECRETS_MANAGER=" + secrets.endpoint(),
                                "SLUICE_TABLE_PREFIX=bench-",
                                "SLUICE_BUCKET=bench-files",
                                "SLUICE_JWT_SECRET_ARN=" + jwt,
                                "SLUICE_MASTER_KEY_SECRET_ARN=" + master)
                        + "\n";
        Path out = Path.of(args[0]);
        Files.writeString(out.resolveSibling(out.getFileName() + ".tmp"), env);
        Files.move(out.resolveSibling(out.getFileName() + ".tmp"), out);
        Thread.currentThread().join();
    }
}
