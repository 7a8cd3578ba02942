package dev.sluice.lambdas.jobs;

import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.quota.QuotaReaper;
import dev.sluice.quota.QuotaScan;
import dev.sluice.quota.S3LeaseProbe;
import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.SecretCache;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The scheduled jobs' wiring, the same on AWS (one container-wide instance per job function, {@link
 * #fromEnvironment()}) and in the local mode (its timers): the quota scan and the reaper of lapsed
 * quota leases it runs first.
 */
public final class JobsContext {

    private static volatile JobsContext fromEnvironment;

    private final QuotaReaper reaper;
    private final QuotaScan quotaScan;

    /**
     * The AWS clients the jobs use; {@code http} and {@code region} also serve users' own S3
     * locations.
     */
    public record Clients(
            DynamoDbClient dynamoDb,
            SecretsManagerClient secrets,
            S3Client s3,
            SdkHttpClient http,
            Region region) {}

    /**
     * @param abortUploads let the reaper abort the multipart uploads of the leases it releases (the
     *     local mode may; the job functions have no right to and leave them to the bucket's
     *     lifecycle rule)
     */
    public JobsContext(JobsConfig config, Clients clients, Clock clock, boolean abortUploads) {
        // Through the secrets cache: a rotated master key reaches the jobs without a redeploy
        // (SnapStart would otherwise keep the value read at init).
        SecretCache cache = new SecretCache(clients.secrets(), clock, config.secretsMaxAge());
        Optional<MasterKeyRing> cipher =
                config.masterKeySecretId().map(id -> new MasterKeyRing(cache, id).verify());
        UserStore users = new UserStore(clients.dynamoDb(), config.tables());
        FolderStore folders = new FolderStore(clients.dynamoDb(), config.tables());
        var s3 = new S3ClientFactory(clients.s3(), clients.http(), clients.region(), cipher);
        // Scans reap lapsed quota leases first.
        this.reaper =
                new QuotaReaper(
                        clients.dynamoDb(),
                        config.tables(),
                        users.usage(),
                        folders.usage(),
                        new S3LeaseProbe(users, folders, s3, config.bucket()),
                        clock,
                        abortUploads);
        this.quotaScan =
                new QuotaScan(users, folders, s3, config.bucket(), clock, Optional.of(reaper));
    }

    /**
     * The container-wide context for job functions started by Lambda: configuration from the
     * environment, clients from the function's role and region.
     */
    public static JobsContext fromEnvironment() {
        JobsContext context = fromEnvironment;
        if (context == null) {
            synchronized (JobsContext.class) {
                if (fromEnvironment == null) {
                    JobsConfig config = JobsConfig.fromEnvironment(System.getenv());
                    var http = UrlConnectionHttpClient.create();
                    var clients =
                            new Clients(
                                    DynamoDbClient.builder().httpClient(http).build(),
                                    SecretsManagerClient.builder().httpClient(http).build(),
                                    S3Client.builder().httpClient(http).build(),
                                    http,
                                    DefaultAwsRegionProviderChain.builder().build().getRegion());
                    fromEnvironment = new JobsContext(config, clients, Clock.systemUTC(), false);
                }
                context = fromEnvironment;
            }
        }
        return context;
    }

    public QuotaScan quotaScan() {
        return quotaScan;
    }

    /** The reaper of lapsed quota leases (the local mode also runs it once at start). */
    public QuotaReaper reaper() {
        return reaper;
    }
}
