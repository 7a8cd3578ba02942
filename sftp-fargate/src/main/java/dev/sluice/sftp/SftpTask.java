package dev.sluice.sftp;

import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.sftp.health.HealthServer;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One SFTP task, wired the same in a Fargate container ({@link #fromEnvironment}) and in the local
 * mode: the SFTP server and, unless its port is -1, the health endpoint the load balancer checks.
 * Stopping it drains: no new sessions, open uploads get the configured time to finish.
 */
public final class SftpTask implements AutoCloseable {

    private final SftpConfig config;
    private final SluiceSftpServer server;
    private final Optional<HealthServer> health;
    private final S3Clients s3;

    private SftpTask(
            SftpConfig config,
            SluiceSftpServer server,
            Optional<HealthServer> health,
            S3Clients s3) {
        this.config = config;
        this.server = server;
        this.health = health;
        this.s3 = s3;
    }

    /**
     * Starts the server, then the health endpoint; returns once both listen.
     *
     * @param s3 the task's S3 clients; the task closes them when it stops
     */
    public static SftpTask start(
            SftpConfig config,
            DynamoDbClient dynamoDb,
            SecretsManagerClient secrets,
            S3Clients s3,
            Clock clock)
            throws IOException {
        SluiceSftpServer server = SluiceSftpServer.start(config, dynamoDb, secrets, s3, clock);
        try {
            Optional<HealthServer> health =
                    config.healthPort() < 0
                            ? Optional.empty()
                            : Optional.of(
                                    HealthServer.start(
                                            config.bindAddress(),
                                            config.healthPort(),
                                            server::isAccepting));
            return new SftpTask(config, server, health, s3);
        } catch (IOException | RuntimeException e) {
            server.close();
            s3.close();
            throw e;
        }
    }

    /**
     * The task as a container runs it: configuration from the environment, AWS clients from the
     * task role and region.
     *
     * @throws dev.sluice.config.ConfigurationException naming every variable missing or invalid
     */
    public static SftpTask fromEnvironment(Map<String, String> env) throws IOException {
        SftpConfig config = SftpConfig.fromEnvironment(env);
        var http = UrlConnectionHttpClient.builder().build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).build();
        SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(http).build();
        S3Clients s3 =
                new S3Clients(
                        new DefaultAwsRegionProviderChain().getRegion(), config.s3Endpoint(), null);
        return start(config, dynamoDb, secrets, s3, Clock.systemUTC());
    }

    public SftpConfig config() {
        return config;
    }

    public SluiceSftpServer server() {
        return server;
    }

    /** The health endpoint, unless disabled. */
    public Optional<HealthServer> health() {
        return health;
    }

    /**
     * SIGTERM: stop accepting, let open uploads finish for up to the configured drain, then stop
     * everything.
     */
    public void drainAndStop() {
        server.drainAndStop(config.drain());
        stopTheRest();
    }

    /** Stops at once: open uploads are aborted (nothing half-written appears). */
    @Override
    public void close() {
        server.close();
        stopTheRest();
    }

    private void stopTheRest() {
        health.ifPresent(HealthServer::close);
        s3.close();
    }
}
