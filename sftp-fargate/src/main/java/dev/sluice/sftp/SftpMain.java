package dev.sluice.sftp;

import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.sftp.health.HealthServer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The container's entry point: configuration from the environment, AWS clients from the task
 * role, the SFTP server, the health endpoint, and a SIGTERM handler that drains.
 */
public final class SftpMain {

    private static final Logger log = LoggerFactory.getLogger(SftpMain.class);

    private SftpMain() {
    }

    public static void main(String[] args) throws Exception {
        SftpConfig config = SftpConfig.fromEnvironment(System.getenv());
        var http = UrlConnectionHttpClient.builder().build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).build();
        SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(http).build();
        S3Clients s3 = new S3Clients(new DefaultAwsRegionProviderChain().getRegion(), config.s3Endpoint(), null);
        SluiceSftpServer server = SluiceSftpServer.start(config, dynamoDb, secrets, s3, Clock.systemUTC());
        HealthServer health = config.healthPort() < 0 ? null
            : HealthServer.start(config.bindAddress(), config.healthPort(), server::isAccepting);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("SIGTERM: draining for up to {} s", config.drain().toSeconds());
            server.drainAndStop(config.drain());
            if (health != null) {
                health.close();
            }
            s3.close();
            log.info("stopped");
        }, "drain"));
        Thread.currentThread().join();
    }
}
