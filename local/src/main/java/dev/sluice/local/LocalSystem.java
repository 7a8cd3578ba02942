package dev.sluice.local;

import dev.sluice.backup.S3BackupFiles;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.embedded.EmbeddedAws;
import dev.sluice.jobs.JobSettings;
import dev.sluice.lambdas.adapter.LocalApiServer;
import dev.sluice.lambdas.api.ApiConfig;
import dev.sluice.lambdas.api.ApiContext;
import dev.sluice.lambdas.api.ApiFunctions;
import dev.sluice.lambdas.jobs.JobsConfig;
import dev.sluice.lambdas.jobs.JobsContext;
import dev.sluice.quota.QuotaScan;
import dev.sluice.sftp.SftpConfig;
import dev.sluice.sftp.SftpTask;
import dev.sluice.sftp.SluiceSftpServer;
import dev.sluice.sftp.fs.S3Clients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * All of Sluice on one machine: the AWS services it uses (embedded), the REST API's handler classes
 * behind the local adapter, and the SFTP server, wired as the CDK stacks wire them on AWS. Closing
 * it stops everything in reverse order of starting.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private LocalApiServer api;
    private LocalSecrets secrets;
    private EmbeddedAws aws;
    private ApiContext apiContext;
    private SluiceSftpServer sftp;
    private QuotaScan quotaScan;
    private Optional<String> layoutWarning = Optional.empty();
    private DeadRunCleanup.Result deadRun;
    private LocalPolicySchedules schedules;
    private JobsContext jobsContext;

    private LocalSystem() {}

    /** Starts everything; on failure, stops what had started and throws. */
    public static LocalSystem start(LocalConfig config) {
        LocalSystem system = new LocalSystem();
        try {
            system.startAll(config);
            return system;
        } catch (RuntimeException | IOException e) {
            system.close();
            if (e instanceof LocalStartupException startup) {
                throw startup;
            }
            throw new LocalStartupException("could not start: " + e.getMessage(), e);
        }
    }

    private void startAll(LocalConfig config) throws IOException {
        PortCheck.requireFree(config.bind(), config.apiPort(), "REST API", "--api-port");
        PortCheck.requireFree(config.bind(), config.sftpPort(), "SFTP", "--sftp-port");
        if (config.dataDirectory().isPresent()) {
            lock(config.dataDirectory().get());
        }
        aws = config.dataDirectory().map(EmbeddedAws::persistent).orElseGet(EmbeddedAws::inMemory);
        running.push(aws);
        LOG.info("embedded AWS services up in {} ms", aws.startupTime().toMillis());

        SdkHttpClient http = UrlConnectionHttpClient.create();
        running.push(http);
        var credentials =
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
        Region region = Region.of(aws.region());
        DynamoDbClient dynamoDb =
                DynamoDbClient.builder()
                        .endpointOverride(aws.dynamoDb().endpoint())
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        SecretsManagerClient secretsManager =
                SecretsManagerClient.builder()
                        .endpointOverride(aws.secretsManager().endpoint())
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        S3Client s3 =
                S3Client.builder()
                        .endpointOverride(aws.s3().endpoint())
                        .forcePathStyle(true)
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        running.push(dynamoDb);
        running.push(secretsManager);
        running.push(s3);

        TableNames tables = TableNames.withPrefix(LocalConfig.TABLE_PREFIX);
        new TableProvisioner(dynamoDb, tables).createMissing(Tables.ALL);
        try {
            s3.createBucket(b -> b.bucket(LocalConfig.BUCKET));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // A restart finds its bucket and files in place.
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
        // Before anyone logs in: files of an earlier layout would look lost (LegacyLayout says how
        // to move them).
        layoutWarning =
                aws.s3()
                        .directory()
                        .flatMap(
                                dir ->
                                        LegacyLayout.check(
                                                s3,
                                                LocalConfig.BUCKET,
                                                dir.resolve(LocalConfig.BUCKET)));
        layoutWarning.ifPresent(w -> LOG.info("storage layout: {}", w));
        secrets = LocalSecrets.ensure(secretsManager);

        // The same wiring as on AWS (ApiContext, JobsContext, SftpTask), with the local mode's own
        // endpoints, credentials and choices in place of the environment the CDK stacks write.
        // Jobs run in-process: the same job code behind queues of threads, policies on timers,
        // reports through the SES endpoint into the outbox.
        JobSettings jobSettings =
                JobSettings.defaults().withMailFrom(Optional.of(LocalConfig.MAIL_FROM));
        LocalWorkQueue retentionQueue = new LocalWorkQueue("retention", 2);
        LocalWorkQueue quotaScanQueue = new LocalWorkQueue("quota-scans", 1);
        running.push(retentionQueue);
        running.push(quotaScanQueue);
        schedules = new LocalPolicySchedules(retentionQueue);
        running.push(schedules);
        SesV2Client ses =
                SesV2Client.builder()
                        .endpointOverride(aws.ses().endpoint())
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build();
        running.push(ses);
        apiContext =
                new ApiContext(
                        ApiConfig.builder()
                                .tables(tables)
                                .bucket(LocalConfig.BUCKET)
                                .jwtSecretId(secrets.jwtSecretArn())
                                .masterKeySecretId(secrets.masterKeySecretArn())
                                .adminSecretId(Optional.of(secrets.adminSecretArn()))
                                .jobs(jobSettings)
                                .build(),
                        dynamoDb,
                        secretsManager,
                        Clock.systemUTC(),
                        new ApiContext.ApiJobs(retentionQueue, quotaScanQueue, schedules),
                        new S3BackupFiles(s3, LocalConfig.BUCKET));
        apiContext.bootstrapFirstAdmin();
        api =
                LocalApiServer.start(
                        new InetSocketAddress(config.bind(), config.apiPort()),
                        ApiFunctions.all(apiContext));
        running.push(api);

        // The local mode may abort the multipart uploads of the leases it reaps (it owns the
        // bucket).
        JobsContext jobs =
                new JobsContext(
                        JobsConfig.builder()
                                .tables(tables)
                                .bucket(LocalConfig.BUCKET)
                                .masterKeySecretId(Optional.of(secrets.masterKeySecretArn()))
                                .jobs(jobSettings)
                                .build(),
                        new JobsContext.Clients(
                                dynamoDb, secretsManager, s3, http, region, Optional.of(ses)),
                        Clock.systemUTC(),
                        true,
                        new JobsContext.Queues(retentionQueue, quotaScanQueue));
        retentionQueue.handler(jobs.retention()::handle);
        quotaScanQueue.handler(jobs.quotaScans()::handle);
        jobsContext = jobs;
        // Policies stored by an earlier start get their timers back.
        for (int offset = 0; ; offset += PageRequest.MAX_LIMIT) {
            var page =
                    apiContext
                            .retentionPolicies()
                            .list(new PageRequest(offset, PageRequest.MAX_LIMIT, SortOrder.ASC));
            page.forEach(schedules::put);
            if (page.size() < PageRequest.MAX_LIMIT) {
                break;
            }
        }
        deadRun = DeadRunCleanup.run(jobs.reaper(), s3, LocalConfig.BUCKET, aws.s3());

        // The same server the Fargate tasks run, on the embedded S3 and the same tables and
        // secrets.
        SftpConfig sftpConfig =
                SftpConfig.builder()
                        .bindAddress(config.bind().getHostAddress())
                        .port(config.sftpPort())
                        .healthPort(-1)
                        .bucket(LocalConfig.BUCKET)
                        .s3Endpoint(Optional.of(aws.s3().endpoint()))
                        .tables(tables)
                        .hostKeysSecretId(secrets.hostKeysSecretArn())
                        .masterKeySecretId(Optional.of(secrets.masterKeySecretArn()))
                        .drain(Duration.ofSeconds(10))
                        .uploadMemoryMiB(256)
                        .node("local")
                        .build();
        SftpTask task =
                SftpTask.start(
                        sftpConfig,
                        dynamoDb,
                        secretsManager,
                        new S3Clients(region, Optional.of(aws.s3().endpoint()), credentials),
                        Clock.systemUTC());
        sftp = task.server();
        // Ctrl-C: stop accepting, let transfers finish briefly, abort what is left (no half
        // objects).
        running.push(task::drainAndStop);

        quotaScan = jobs.quotaScan();
        running.push(new LocalJobs(quotaScanQueue));
    }

    private void lock(Path data) throws IOException {
        Files.createDirectories(data);
        FileChannel channel =
                FileChannel.open(
                        data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new LocalStartupException(
                    "the data folder "
                            + data.toAbsolutePath()
                            + " is in use by another Sluice; stop it or pick another folder with --data <dir>");
        }
        FileLock held = lock;
        running.push(
                () -> {
                    held.release();
                    channel.close();
                });
    }

    public URI apiUri() {
        return api.baseUri();
    }

    public int sftpPort() {
        return sftp.port();
    }

    public SluiceSftpServer sftp() {
        return sftp;
    }

    public String adminUsername() {
        return secrets.adminUsername();
    }

    /** The first admin's password when this start created it; empty on later starts. */
    public Optional<String> newAdminPassword() {
        return Optional.ofNullable(secrets.adminPassword());
    }

    /**
     * What the start found in the data folder's bucket from an earlier storage layout, to show the
     * user.
     */
    public Optional<String> layoutWarning() {
        return layoutWarning;
    }

    /** The one-call quota scan (everyone, a user, a folder), for running one now. */
    public QuotaScan quotaScan() {
        return quotaScan;
    }

    /** What this start cleared of a run that died (its quota leases and unfinished uploads). */
    DeadRunCleanup.Result deadRunCleanup() {
        return deadRun;
    }

    public EmbeddedAws aws() {
        return aws;
    }

    public ApiContext apiContext() {
        return apiContext;
    }

    /** The jobs' wiring (retention, quota scans), as the job functions have it on AWS. */
    public JobsContext jobsContext() {
        return jobsContext;
    }

    /** The retention policies with a timer set. */
    java.util.Set<String> scheduledPolicies() {
        return schedules.scheduled();
    }

    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", next, e.toString());
            }
        }
    }
}
