package dev.sluice.lambdas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.admins.AdminService;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKeyService;
import dev.sluice.apikeys.ApiKeyStore;
import dev.sluice.backup.BackupDump;
import dev.sluice.backup.BackupFiles;
import dev.sluice.backup.DumpSeal;
import dev.sluice.backup.Restore;
import dev.sluice.backup.RestoreServices;
import dev.sluice.backup.S3BackupFiles;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.defender.Defender;
import dev.sluice.defender.DynamoDefender;
import dev.sluice.folders.FolderService;
import dev.sluice.folders.FolderStore;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.WorkQueue;
import dev.sluice.json.Json;
import dev.sluice.lambdas.auth.Authenticator;
import dev.sluice.lambdas.auth.RevokedTokens;
import dev.sluice.lambdas.auth.TokenService;
import dev.sluice.lambdas.aws.SchedulerPolicySchedules;
import dev.sluice.lambdas.aws.SqsWorkQueue;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.quota.QuotaScans;
import dev.sluice.retention.PolicySchedules;
import dev.sluice.retention.RetentionChecks;
import dev.sluice.retention.RetentionPolicies;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.retention.RetentionPolicyStore;
import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.SecretCache;
import dev.sluice.users.UserService;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Everything the API functions share, built once per Lambda container (cold start) and reused by
 * every invocation: SDK clients, stores, services. Secrets (the JWT signing key, the master key,
 * the first admin) are read through one {@link SecretCache}: read at init (so the SnapStart
 * snapshot holds them and a missing secret fails the cold start), then again once older than {@link
 * ApiConfig#secretsMaxAge()}, so a rotation needs no redeploy.
 */
public final class ApiContext {

    private static final Logger log = LoggerFactory.getLogger(ApiContext.class);

    private static volatile ApiContext fromEnvironment;

    private final ApiConfig config;
    private final DynamoDbClient dynamoDb;
    private final SecretCache secrets;
    private final Clock clock;
    private final UserStore userStore;
    private final AdminStore adminStore;
    private final UserService users;
    private final FolderService folders;
    private final AdminService admins;
    private final ApiKeyService apiKeys;
    private final TokenService tokens;
    private final Defender defender;
    private final Authenticator authenticator;
    private final FolderStore folderStore;
    private final AtomicBoolean bootstrapped = new AtomicBoolean();
    private final ApiJobs jobs;
    private final JobRuns jobRuns;
    private final RetentionChecks retentionChecks;
    private final QuotaScans quotaScans;
    private final RetentionPolicies retentionPolicies;
    private final BackupFiles backupFiles;
    private final BackupDump backupDump;
    private final Restore restore;

    /**
     * Where the API hands work over: the retention and quota scan queues and the policies'
     * scheduler (SQS and EventBridge Scheduler on AWS, in-process in the local mode).
     */
    public record ApiJobs(WorkQueue retention, WorkQueue quotaScans, PolicySchedules schedules) {

        /** For an API without jobs (tests of other areas): starting work answers 503. */
        public static ApiJobs unavailable() {
            WorkQueue none =
                    message -> {
                        throw new IllegalStateException("no job queue is configured");
                    };
            return new ApiJobs(
                    none,
                    none,
                    new PolicySchedules() {
                        @Override
                        public void put(RetentionPolicy policy) {
                            throw new ScheduleException("no scheduler is configured", null);
                        }

                        @Override
                        public void delete(String policyName) {
                            throw new ScheduleException("no scheduler is configured", null);
                        }
                    });
        }
    }

    /**
     * The API's wiring, the same on AWS and in the local mode: stores, services and authentication
     * over the given clients. Reads the secrets (a missing one fails here, at the cold start).
     */
    public ApiContext(
            ApiConfig config, DynamoDbClient dynamoDb, SecretsManagerClient secrets, Clock clock) {
        this(config, dynamoDb, secrets, clock, ApiJobs.unavailable());
    }

    /** The API's wiring with its job queues and scheduler, without a bucket for dump files. */
    public ApiContext(
            ApiConfig config,
            DynamoDbClient dynamoDb,
            SecretsManagerClient secrets,
            Clock clock,
            ApiJobs jobs) {
        this(config, dynamoDb, secrets, clock, jobs, BackupFiles.unavailable());
    }

    /**
     * The API's wiring with its job queues, its scheduler and where {@code dumpdata} and {@code
     * loaddata} keep dump files.
     */
    public ApiContext(
            ApiConfig config,
            DynamoDbClient dynamoDb,
            SecretsManagerClient secrets,
            Clock clock,
            ApiJobs jobs,
            BackupFiles backupFiles) {
        this.config = config;
        this.backupFiles = backupFiles;
        this.jobs = jobs;
        this.dynamoDb = dynamoDb;
        this.secrets = new SecretCache(secrets, clock, config.secretsMaxAge());
        this.clock = clock;
        PasswordHasher hasher = new PasswordHasher();
        MasterKeyRing cipher = new MasterKeyRing(this.secrets, config.masterKeySecretId()).verify();
        this.userStore = new UserStore(dynamoDb, config.tables());
        this.folderStore = new FolderStore(dynamoDb, config.tables());
        this.adminStore = new AdminStore(dynamoDb, config.tables());
        ApiKeyStore keyStore = new ApiKeyStore(dynamoDb, config.tables());
        this.users =
                new UserService(userStore, folderStore, hasher, cipher, clock, config.bucket());
        this.folders = new FolderService(folderStore, cipher, clock, config.bucket());
        this.admins = new AdminService(adminStore, hasher, clock);
        this.apiKeys = new ApiKeyService(keyStore, adminStore, userStore, hasher, clock);
        SigningKey signingKey = new SigningKey(this.secrets, config.jwtSecretId());
        signingKey.get(); // a missing or too short JWT secret fails the cold start
        this.tokens =
                new TokenService(
                        signingKey,
                        config.tokenTtl(),
                        clock,
                        new RevokedTokens(dynamoDb, config.tables()));
        // A Lambda container may be frozen between requests: no background thread, each call
        // writes what it scored and re-reads the bans once they are older than the sync interval.
        this.defender =
                DynamoDefender.open(
                        dynamoDb,
                        config.tables(),
                        config.defender(),
                        clock,
                        DynamoDefender.Sync.INLINE);
        this.authenticator =
                new Authenticator(adminStore, userStore, tokens, apiKeys, hasher, clock, defender);
        this.jobRuns = new JobRuns(dynamoDb, config.tables(), clock, config.jobs().history());
        this.retentionChecks = new RetentionChecks(jobRuns, userStore, jobs.retention(), clock);
        this.quotaScans = new QuotaScans(jobRuns, userStore, folderStore, jobs.quotaScans(), clock);
        RetentionPolicyStore policyStore = new RetentionPolicyStore(dynamoDb, config.tables());
        this.retentionPolicies = new RetentionPolicies(policyStore, jobs.schedules(), clock);
        DumpSeal seal = new DumpSeal(this.secrets, config.masterKeySecretId());
        this.backupDump =
                new BackupDump(
                        userStore, folderStore, adminStore, keyStore, policyStore, cipher, seal);
        this.restore =
                new Restore(
                        new RestoreServices(
                                users,
                                userStore,
                                folders,
                                folderStore,
                                admins,
                                adminStore,
                                apiKeys,
                                retentionPolicies,
                                new ConnectionStore(dynamoDb, config.tables()),
                                quotaScans,
                                cipher,
                                seal,
                                config.bucket()),
                        jobRuns,
                        hasher,
                        clock);
    }

    /**
     * The container-wide context for functions started by Lambda: configuration from the
     * environment, clients from the function's role and region.
     */
    public static ApiContext fromEnvironment() {
        ApiContext context = fromEnvironment;
        if (context == null) {
            synchronized (ApiContext.class) {
                if (fromEnvironment == null) {
                    var http = UrlConnectionHttpClient.builder().build();
                    ApiConfig config = ApiConfig.fromEnvironment(System.getenv());
                    SqsClient sqs = SqsClient.builder().httpClient(http).build();
                    WorkQueue none = ApiJobs.unavailable().retention();
                    ApiJobs jobs =
                            new ApiJobs(
                                    config.jobs()
                                            .retentionQueueUrl()
                                            .<WorkQueue>map(url -> new SqsWorkQueue(sqs, url))
                                            .orElse(none),
                                    config.jobs()
                                            .quotaScanQueueUrl()
                                            .<WorkQueue>map(url -> new SqsWorkQueue(sqs, url))
                                            .orElse(none),
                                    config.schedules()
                                            .<PolicySchedules>map(
                                                    t ->
                                                            new SchedulerPolicySchedules(
                                                                    SchedulerClient.builder()
                                                                            .httpClient(http)
                                                                            .build(),
                                                                    t.group(),
                                                                    t.roleArn(),
                                                                    t.queueArn()))
                                            .orElse(ApiJobs.unavailable().schedules()));
                    fromEnvironment =
                            new ApiContext(
                                    config,
                                    DynamoDbClient.builder().httpClient(http).build(),
                                    SecretsManagerClient.builder().httpClient(http).build(),
                                    Clock.systemUTC(),
                                    jobs,
                                    new S3BackupFiles(
                                            S3Client.builder().httpClient(http).build(),
                                            config.bucket()));
                }
                context = fromEnvironment;
            }
        }
        return context;
    }

    /**
     * Creates the first admin from the admin secret when there is no admin yet (once per
     * container).
     */
    public void bootstrapFirstAdmin() {
        if (config.adminSecretId().isEmpty() || !bootstrapped.compareAndSet(false, true)) {
            return;
        }
        JsonNode secret = Json.read(secretText(config.adminSecretId().get()), JsonNode.class);
        admins.bootstrap(
                secret.path("username").asText("admin"),
                secret.path("password").asText(),
                secret.path("email").isTextual() ? secret.path("email").asText() : null);
    }

    private String secretText(String secretId) {
        return secrets.current(secretId).text();
    }

    /**
     * The HMAC key derived from the JWT secret's current text, derived again only when the text
     * changes.
     */
    private static final class SigningKey implements Supplier<SecretKey> {
        private final SecretCache cache;
        private final String secretId;
        private volatile Derived derived;

        private record Derived(String text, SecretKey key) {}

        SigningKey(SecretCache cache, String secretId) {
            this.cache = cache;
            this.secretId = secretId;
        }

        @Override
        public SecretKey get() {
            String text = cache.current(secretId).text();
            Derived d = derived;
            if (d == null || !d.text().equals(text)) {
                SecretKey key;
                try {
                    key = TokenService.signingKey(text);
                } catch (IllegalStateException tooShort) {
                    if (d == null) {
                        throw tooShort;
                    }
                    // A rotation to an unusable value: keep signing with the last good key rather
                    // than failing every request, and say so until the secret is fixed.
                    log.error(
                            "the JWT secret's new value is not usable ({}); still using the previous one",
                            tooShort.getMessage());
                    return d.key();
                }
                d = new Derived(text, key);
                derived = d;
            }
            return d.key();
        }
    }

    public ApiConfig config() {
        return config;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public Clock clock() {
        return clock;
    }

    public UserService users() {
        return users;
    }

    public UserStore userStore() {
        return userStore;
    }

    public FolderStore folderStore() {
        return folderStore;
    }

    public FolderService folders() {
        return folders;
    }

    public AdminService admins() {
        return admins;
    }

    public AdminStore adminStore() {
        return adminStore;
    }

    public ApiKeyService apiKeys() {
        return apiKeys;
    }

    public TokenService tokens() {
        return tokens;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /**
     * The defender: scores and bans of source addresses, shared with every SFTP task and API
     * function through its table ({@link Defender#DISABLED} when {@code SLUICE_DEFENDER=false}).
     */
    public Defender defender() {
        return defender;
    }

    /** Where work is handed over. */
    public ApiJobs jobs() {
        return jobs;
    }

    /** Job runs: checks and scans, running and finished. */
    public JobRuns jobRuns() {
        return jobRuns;
    }

    /** Quota scans on demand, running and in history. */
    public QuotaScans quotaScans() {
        return quotaScans;
    }

    public RetentionChecks retentionChecks() {
        return retentionChecks;
    }

    public RetentionPolicies retentionPolicies() {
        return retentionPolicies;
    }

    /** Where dump files are written and read. */
    public BackupFiles backupFiles() {
        return backupFiles;
    }

    /** Writes dumps ({@code dumpdata}). */
    public BackupDump backupDump() {
        return backupDump;
    }

    /** Loads dumps ({@code loaddata}). */
    public Restore restore() {
        return restore;
    }
}
