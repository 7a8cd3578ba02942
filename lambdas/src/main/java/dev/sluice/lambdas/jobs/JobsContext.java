package dev.sluice.lambdas.jobs;

import dev.sluice.config.Settings;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.lambdas.aws.SqsWorkQueue;
import dev.sluice.mail.EmailAddress;
import dev.sluice.mail.Mailer;
import dev.sluice.mail.SesMailer;
import dev.sluice.quota.MailedQuotaReports;
import dev.sluice.quota.OwnerScan;
import dev.sluice.quota.QuotaReaper;
import dev.sluice.quota.QuotaReports;
import dev.sluice.quota.QuotaScan;
import dev.sluice.quota.QuotaScanFanOut;
import dev.sluice.quota.QuotaScanJob;
import dev.sluice.quota.Quotas;
import dev.sluice.quota.S3LeaseProbe;
import dev.sluice.retention.MailedRetentionReports;
import dev.sluice.retention.PolicyRun;
import dev.sluice.retention.RetentionCheck;
import dev.sluice.retention.RetentionJob;
import dev.sluice.retention.RetentionPolicyStore;
import dev.sluice.retention.RetentionReports;
import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.SecretCache;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The scheduled jobs' wiring, the same on AWS (one container-wide instance per job function, {@link
 * #fromEnvironment()}) and in the local mode (its timers and in-process queues): the quota scan
 * job, the retention job, and the reaper of lapsed quota leases.
 */
public final class JobsContext {

    private static final Logger LOG = LoggerFactory.getLogger(JobsContext.class);

    private static volatile JobsContext fromEnvironment;

    private final QuotaReaper reaper;
    private final QuotaScan quotaScan;
    private final JobRuns jobRuns;
    private final RetentionJob retention;
    private final QuotaScanJob quotaScans;
    private final Optional<Mailer> mailer;
    private final Optional<EmailAddress> sender;
    private final Queues queues;

    /** The job queues: where continuations and fan-out go. */
    public record Queues(WorkQueue retention, WorkQueue quotaScans) {}

    /**
     * The AWS clients the jobs use; {@code http} and {@code region} also serve users' own S3
     * locations.
     */
    public record Clients(
            DynamoDbClient dynamoDb,
            SecretsManagerClient secrets,
            S3Client s3,
            SdkHttpClient http,
            Region region,
            Optional<SesV2Client> ses) {}

    /**
     * @param abortUploads let the reaper abort the multipart uploads of the leases it releases (the
     *     local mode may; the job functions have no right to and leave them to the bucket's
     *     lifecycle rule)
     */
    public JobsContext(
            JobsConfig config, Clients clients, Clock clock, boolean abortUploads, Queues queues) {
        this.queues = queues;
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
        this.jobRuns =
                new JobRuns(clients.dynamoDb(), config.tables(), clock, config.jobs().history());
        this.sender =
                config.jobs()
                        .mailFrom()
                        .map(a -> EmailAddress.parse(a, Settings.MAIL_FROM.variable()));
        this.mailer = clients.ses().<Mailer>map(ses -> new SesMailer(ses, clock));
        RetentionReports reports =
                sender.isPresent() && mailer.isPresent()
                        ? new MailedRetentionReports(mailer.get(), sender.get())
                        : RetentionReports.NONE;
        RetentionCheck check =
                new RetentionCheck(
                        users,
                        folders,
                        s3,
                        config.bucket(),
                        Quotas.of(users, folders, clock),
                        jobRuns,
                        clock);
        QuotaReports quotaReports =
                sender.isPresent()
                                && mailer.isPresent()
                                && !config.jobs().quotaReportRecipients().isEmpty()
                        ? new MailedQuotaReports(
                                mailer.get(),
                                sender.get(),
                                EmailAddress.parseAll(
                                        config.jobs().quotaReportRecipients(),
                                        Settings.QUOTA_REPORT_RECIPIENTS.variable()))
                        : QuotaReports.NONE;
        if (!config.jobs().quotaReportRecipients().isEmpty() && sender.isEmpty()) {
            LOG.warn(
                    "{} is set but {} is not: the quota report has no sender and is not mailed",
                    Settings.QUOTA_REPORT_RECIPIENTS.variable(),
                    Settings.MAIL_FROM.variable());
        }
        this.quotaScans =
                new QuotaScanJob(
                        jobRuns,
                        new OwnerScan(users, folders, s3, config.bucket(), jobRuns, clock),
                        new QuotaScanFanOut(
                                jobRuns, users, folders, queues.quotaScans(), Optional.of(reaper)),
                        queues.quotaScans(),
                        quotaReports,
                        clock);
        this.retention =
                new RetentionJob(
                        jobRuns,
                        check,
                        new PolicyRun(jobRuns, users, queues.retention()),
                        new RetentionPolicyStore(clients.dynamoDb(), config.tables()),
                        queues.retention(),
                        reports,
                        clock);
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
                                    DefaultAwsRegionProviderChain.builder().build().getRegion(),
                                    config.jobs()
                                            .mailFrom()
                                            .map(
                                                    from ->
                                                            SesV2Client.builder()
                                                                    .httpClient(http)
                                                                    .build()));
                    SqsClient sqs = SqsClient.builder().httpClient(http).build();
                    var queues =
                            new Queues(
                                    new SqsWorkQueue(
                                            sqs, config.jobs().retentionQueueUrl().orElseThrow()),
                                    new SqsWorkQueue(
                                            sqs, config.jobs().quotaScanQueueUrl().orElseThrow()));
                    fromEnvironment =
                            new JobsContext(config, clients, Clock.systemUTC(), false, queues);
                }
                context = fromEnvironment;
            }
        }
        return context;
    }

    /** The one-call scan of everyone, one user or one folder (local mode's direct calls). */
    public QuotaScan quotaScan() {
        return quotaScan;
    }

    /** The quota scan job (scans of one owner and the daily scan over everyone). */
    public QuotaScanJob quotaScans() {
        return quotaScans;
    }

    /** The retention job (checks and policy runs). */
    public RetentionJob retention() {
        return retention;
    }

    /** Job runs: checks and scans, running and finished. */
    public JobRuns jobRuns() {
        return jobRuns;
    }

    /** The job queues. */
    public Queues queues() {
        return queues;
    }

    /** The mailer of reports, when a sender is configured. */
    public Optional<Mailer> mailer() {
        return sender.isPresent() ? mailer : Optional.empty();
    }

    /** The sender of reports ({@code SLUICE_MAIL_FROM}), if one is configured. */
    public Optional<EmailAddress> sender() {
        return sender;
    }

    /** The reaper of lapsed quota leases (the local mode also runs it once at start). */
    public QuotaReaper reaper() {
        return reaper;
    }
}
