package dev.sluice.sftp.bench;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.EmbeddedAws;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.sftp.SftpConfig;
import dev.sluice.sftp.SluiceSftpServer;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the benches measure: Sluice's SFTP server as local mode runs it (embedded DynamoDB Local,
 * s3proxy with a filesystem store under the work folder, a fresh bucket and tables), plus an S3
 * client to the same s3proxy for the SDK reference rows.
 */
final class SluiceUnderBench implements AutoCloseable {

    private final EmbeddedAws aws;
    private final DynamoDbClient ddb;
    private final S3Clients s3;
    private final TableNames tables;
    private final String bucket;
    private final SluiceSftpServer server;
    private final SftpConfig config;

    private SluiceUnderBench(
            EmbeddedAws aws,
            DynamoDbClient ddb,
            S3Clients s3,
            TableNames tables,
            String bucket,
            SluiceSftpServer server,
            SftpConfig config) {
        this.aws = aws;
        this.ddb = ddb;
        this.s3 = s3;
        this.tables = tables;
        this.bucket = bucket;
        this.server = server;
        this.config = config;
    }

    /** Starts the embedded AWS services under {@code work} and the server on a loopback port. */
    static SluiceUnderBench start(Path work) throws Exception {
        return start(work, UnaryOperator.identity());
    }

    /** The same, with the server's configuration changed by {@code tweak}. */
    static SluiceUnderBench start(Path work, UnaryOperator<SftpConfig> tweak) throws Exception {
        EmbeddedAws aws = EmbeddedAws.builder().dataDirectory(work.resolve("aws")).start();
        try {
            var creds =
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
            Region region = Region.of(aws.region());
            var http = UrlConnectionHttpClient.builder().build();
            DynamoDbClient ddb =
                    DynamoDbClient.builder()
                            .httpClient(http)
                            .region(region)
                            .credentialsProvider(creds)
                            .endpointOverride(aws.dynamoDb().endpoint())
                            .build();
            SecretsManagerClient sm =
                    SecretsManagerClient.builder()
                            .httpClient(http)
                            .region(region)
                            .credentialsProvider(creds)
                            .endpointOverride(aws.secretsManager().endpoint())
                            .build();
            S3Clients s3 = new S3Clients(region, Optional.of(aws.s3().endpoint()), creds);
            String bucket = "bench-" + System.nanoTime();
            s3.defaultClient().createBucket(b -> b.bucket(bucket));
            TableNames tables = TableNames.withPrefix("bench-" + System.nanoTime() + "-");
            new TableProvisioner(ddb, tables).createMissing(Tables.ALL);
            String hostKeys =
                    sm.createSecret(
                                    b ->
                                            b.name("bench-host-keys-" + System.nanoTime())
                                                    .secretString("{}"))
                            .arn();
            SftpConfig config =
                    tweak.apply(
                            SftpConfig.loopback(
                                            bucket,
                                            aws.s3().endpoint(),
                                            tables,
                                            hostKeys,
                                            Optional.empty())
                                    .toBuilder()
                                    .uploadMemoryMiB(1024)
                                    .node("bench")
                                    .build());
            SluiceSftpServer server =
                    SluiceSftpServer.start(config, ddb, sm, s3, Clock.systemUTC());
            return new SluiceUnderBench(aws, ddb, s3, tables, bucket, server, config);
        } catch (Exception | Error e) {
            aws.close();
            throw e;
        }
    }

    /** The server's configuration. */
    SftpConfig config() {
        return config;
    }

    /** The SFTP port on 127.0.0.1. */
    int port() {
        return server.port();
    }

    /** A client straight to the s3proxy the server writes to (the SDK reference). */
    S3Client s3() {
        return s3.defaultClient();
    }

    /** The bucket the users' homes are in. */
    String bucket() {
        return bucket;
    }

    /**
     * Creates {@code username} with the bench key {@code publicKey}; {@code more} adds to it (quota
     * limits, say).
     */
    void addUser(String username, String publicKey, UnaryOperator<User.Builder> more) {
        new UserStore(ddb, tables)
                .create(
                        more.apply(
                                        User.builder()
                                                .username(username)
                                                .password(
                                                        new PasswordHasher()
                                                                .hash(username + "-password"))
                                                .publicKeys(List.of(publicKey)))
                                .build());
    }

    @Override
    public void close() {
        try {
            server.close();
            s3.close();
        } finally {
            aws.close();
        }
    }
}
