package dev.sluice.sftp;

import dev.sluice.connections.ConnectionStore;
import dev.sluice.connections.SessionLimit;
import dev.sluice.defender.Defender;
import dev.sluice.defender.DynamoDefender;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.quota.LeaseOwner;
import dev.sluice.quota.QuotaLeases;
import dev.sluice.quota.QuotaReaper;
import dev.sluice.quota.Quotas;
import dev.sluice.quota.S3LeaseProbe;
import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.SecretCache;
import dev.sluice.sftp.auth.LastLoginRecorder;
import dev.sluice.sftp.auth.LoginService;
import dev.sluice.sftp.auth.SshAuthenticators;
import dev.sluice.sftp.auth.VerificationPool;
import dev.sluice.sftp.connections.AdmittingUserAuthService;
import dev.sluice.sftp.connections.GatedSessionFactory;
import dev.sluice.sftp.connections.LoginGate;
import dev.sluice.sftp.connections.LoginWatcher;
import dev.sluice.sftp.connections.SessionRegistry;
import dev.sluice.sftp.exec.SluiceCommands;
import dev.sluice.sftp.fs.AbortUploadsOnExit;
import dev.sluice.sftp.fs.ListingTimes;
import dev.sluice.sftp.fs.MountResolver;
import dev.sluice.sftp.fs.ObjectMetaCache;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.sftp.fs.SessionFileSystemFactory;
import dev.sluice.sftp.fs.SftpExtensions;
import dev.sluice.sftp.fs.SluiceSftpAccessor;
import dev.sluice.sftp.fs.SluiceSftpSubsystemFactory;
import dev.sluice.sftp.fs.VirtualTree;
import dev.sluice.sftp.quota.LeaseKeeper;
import dev.sluice.sftp.quota.Settlements;
import dev.sluice.sftp.scp.SluiceScpCommandFactory;
import dev.sluice.sftp.ssh.Algorithms;
import dev.sluice.sftp.ssh.HostKeyVault;
import dev.sluice.sftp.ssh.ProxyProtocolV2;
import dev.sluice.sftp.upload.MemoryBudget;
import dev.sluice.sftp.upload.Upload;
import dev.sluice.sftp.upload.UploadRegistry;
import dev.sluice.users.UserStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SFTP server: MINA SSHD with Sluice's algorithms, authentication, S3 file system and upload
 * machinery wired together. SFTP, the legacy SCP protocol unless turned off, and SFTPGo's hash
 * commands over exec ({@link SluiceCommands}): no shell, no forwarding.
 */
public final class SluiceSftpServer implements AutoCloseable {

    /**
     * DESIGN.md: a 16 MiB window lets uploads run near OpenSSH speed (MINA's 2 MiB stalls them).
     */
    static final long WINDOW_SIZE = 16L * 1024 * 1024;

    /** 64 KiB packets; 256 KiB breaks OpenSSH uploads (packet rejected). */
    static final long MAX_PACKET_SIZE = 64L * 1024;

    /**
     * Quota settlements that may wait for the settling thread before uploads settle on their own
     * (each is small: a lease or three numbers).
     */
    static final int SETTLEMENTS_QUEUED = 10_000;

    /** Threads answering exec requests (hash commands) for the whole task. */
    static final int EXEC_THREADS = 8;

    /** Exec requests that may wait for a thread before new ones are refused as "busy". */
    static final int EXEC_QUEUED = 64;

    /** Channels one SSH session may hold open at once. */
    static final int MAX_CHANNELS_PER_SESSION = 10;

    private static final Logger log = LoggerFactory.getLogger(SluiceSftpServer.class);

    private final DrainableSshServer ssh;
    private final UploadRegistry uploads;
    private final ExecutorService partPool;
    private final ExecutorService downloadPool;
    private final List<ExecutorService> background;
    private final SessionRegistry sessions;
    private final ScheduledExecutorService heartbeat;
    private final S3ClientFactory userClients;
    private final QuotaLeases quotaLeases;
    private final LeaseKeeper leaseKeeper;
    private final Settlements settlements;
    private final Defender defender;
    private final LoginGate loginGate;
    private volatile boolean accepting = true;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
            new java.util.concurrent.atomic.AtomicBoolean();

    private SluiceSftpServer(
            DrainableSshServer ssh,
            UploadRegistry uploads,
            ExecutorService partPool,
            ExecutorService downloadPool,
            List<ExecutorService> background,
            SessionRegistry sessions,
            ScheduledExecutorService heartbeat,
            S3ClientFactory userClients,
            QuotaLeases quotaLeases,
            LeaseKeeper leaseKeeper,
            Settlements settlements,
            Defender defender,
            LoginGate loginGate) {
        this.settlements = settlements;
        this.defender = defender;
        this.loginGate = loginGate;
        this.quotaLeases = quotaLeases;
        this.leaseKeeper = leaseKeeper;
        this.ssh = ssh;
        this.uploads = uploads;
        this.partPool = partPool;
        this.downloadPool = downloadPool;
        this.background = background;
        this.sessions = sessions;
        this.heartbeat = heartbeat;
        this.userClients = userClients;
    }

    /** Builds and starts the server; returns once it listens. */
    public static SluiceSftpServer start(
            SftpConfig config,
            DynamoDbClient dynamoDb,
            SecretsManagerClient secrets,
            S3Clients s3,
            Clock clock)
            throws IOException {
        List<KeyPair> hostKeys = new HostKeyVault(secrets, config.hostKeysSecretId()).load();
        // Sealed S3 secrets open under the master key version that sealed them (MasterKeyRing),
        // read through the secrets cache: a rotation needs no task restart.
        SecretCache secretCache = new SecretCache(secrets, clock, config.secretsMaxAge());
        Optional<MasterKeyRing> cipher =
                config.masterKeySecretId().map(id -> new MasterKeyRing(secretCache, id).verify());
        UserStore users = new UserStore(dynamoDb, config.tables());
        FolderStore folders = new FolderStore(dynamoDb, config.tables());

        ExecutorService partPool = Executors.newFixedThreadPool(32, daemon("s3-part"));
        ExecutorService downloadPool = Executors.newFixedThreadPool(32, daemon("s3-read"));
        ExecutorService background = Executors.newFixedThreadPool(2, daemon("sftp-bg"));
        // Listing HEADs (clients' mtimes) and exec commands: bounded, shared by all sessions.
        ExecutorService headPool = Executors.newFixedThreadPool(16, daemon("s3-head"));
        // Bounded both ways: a flood of exec requests is refused ("busy"), never queued forever.
        ExecutorService execPool =
                new java.util.concurrent.ThreadPoolExecutor(
                        EXEC_THREADS,
                        EXEC_THREADS,
                        0,
                        java.util.concurrent.TimeUnit.MILLISECONDS,
                        new java.util.concurrent.ArrayBlockingQueue<>(EXEC_QUEUED),
                        daemon("ssh-exec"));
        UploadRegistry registry = new UploadRegistry();
        // Reservations are leases of this process incarnation: renewed while it lives, reaped once
        // it is gone.
        QuotaLeases leases =
                new QuotaLeases(
                        dynamoDb,
                        config.tables(),
                        users.usage(),
                        folders.usage(),
                        LeaseOwner.startingOn(config.node()),
                        config.quotaLeases().length(),
                        clock);
        Quotas quotas = new Quotas(users.usage(), folders.usage(), leases, clock);
        Settlements settlements = new Settlements(SETTLEMENTS_QUEUED);
        var uploadServices =
                new Upload.Services(
                        new MemoryBudget(config.uploadMemoryMiB() * 1024L * 1024L),
                        partPool,
                        3,
                        registry,
                        quotas,
                        settlements);
        var treeServices =
                new VirtualTree.Services(
                        quotas,
                        uploadServices,
                        downloadPool,
                        config.renameDirMaxObjects(),
                        new ListingTimes(
                                new ObjectMetaCache(ObjectMetaCache.DEFAULT_ENTRIES), headPool));

        DrainableSshServer ssh =
                (DrainableSshServer)
                        org.apache.sshd.server.ServerBuilder.builder()
                                .factory(DrainableSshServer::new)
                                .build();
        ssh.setHost(config.bindAddress());
        ssh.setPort(config.port());
        Algorithms algorithms = Algorithms.of(config.sshPolicy());
        algorithms.apply(ssh);
        CoreModuleProperties.WINDOW_SIZE.set(ssh, WINDOW_SIZE);
        CoreModuleProperties.MAX_PACKET_SIZE.set(ssh, MAX_PACKET_SIZE);
        // SFTP is request/response: without TCP_NODELAY, Nagle and delayed ACKs stall each round
        // trip.
        CoreModuleProperties.TCP_NODELAY.set(ssh, true);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(ssh, "Sluice");
        // The login grace time, from the accept (GatedSessionFactory); the attempts per connection
        // are counted per connection by AdmittingUserAuthService, MINA's per-service count is a
        // backstop.
        CoreModuleProperties.AUTH_TIMEOUT.set(ssh, config.loginGraceTime());
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(ssh, config.maxAuthTries());
        // Clients use one or two channels (SFTP, an exec for md5sum); hundreds would each hold a
        // thread and a tree.
        // (MINA refuses a channel only when more than this many are open already.)
        CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(ssh, MAX_CHANNELS_PER_SESSION - 1);
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, Duration.ofMinutes(15));
        ssh.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));

        var connections = new ConnectionStore(dynamoDb, config.tables());
        var sessions =
                new SessionRegistry(
                        connections,
                        new SessionLimit(dynamoDb, config.tables(), config.lease()),
                        config.node(),
                        clock,
                        background);
        // Scores are batched and bans read in the background: a check never waits for DynamoDB.
        Defender defender =
                DynamoDefender.open(
                        dynamoDb,
                        config.tables(),
                        config.defender(),
                        clock,
                        DynamoDefender.Sync.BACKGROUND);
        LoginGate gate =
                new LoginGate(
                        config.maxUnauthenticated(),
                        config.maxUnauthenticatedPerAddress(),
                        defender);
        GatedSessionFactory sessionFactory =
                new GatedSessionFactory(ssh, gate, config.proxyProtocol());
        ssh.setSessionFactory(sessionFactory);
        LoginService logins = new LoginService(users, new PasswordHasher(), clock, defender);
        SshAuthenticators auth =
                new SshAuthenticators(
                        logins,
                        VerificationPool.forCores(
                                Runtime.getRuntime().availableProcessors(), defender::refuses));
        ssh.setPasswordAuthenticator(auth.password());
        ssh.setPublickeyAuthenticator(auth.publicKey());
        ssh.setKeyboardInteractiveAuthenticator(auth.keyboardInteractive());
        ssh.setUserAuthFactories(
                List.<UserAuthFactory>of(
                        UserAuthPublicKeyFactory.INSTANCE,
                        UserAuthPasswordFactory.INSTANCE,
                        UserAuthKeyboardInteractiveFactory.INSTANCE));
        ssh.setHostBasedAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        // max_sessions is decided before the client hears it authenticated, so a refusal is a clean
        // disconnect.
        ssh.setServiceFactories(
                List.of(
                        new AdmittingUserAuthService.Factory(
                                sessions, defender, config.maxAuthTries()),
                        ServerConnectionServiceFactory.INSTANCE));
        ssh.addSessionListener(sessions);
        ssh.addSessionListener(new LastLoginRecorder(users, clock, background));
        ssh.addSessionListener(new LoginWatcher(gate, defender, logins));
        if (config.proxyProtocol()) {
            ssh.setServerProxyAcceptor(new ProxyProtocolV2(sessionFactory::admitsClient));
        }
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        ssh.setShellFactory(null);

        S3ClientFactory userClients =
                new S3ClientFactory(s3.defaultClient(), s3.http(), s3.defaultRegion(), cipher);
        var mounts = new MountResolver(userClients, config.bucket(), folders);
        var fileSystems = new SessionFileSystemFactory(mounts, treeServices);
        ssh.setFileSystemFactory(fileSystems);
        // SFTPGo's hash commands (rclone check/md5sum); every other exec request is refused.
        ssh.setCommandFactory(commands(config, fileSystems, execPool));
        SftpSubsystemFactory sftp =
                new SluiceSftpSubsystemFactory(new SluiceSftpAccessor(config.setStatMode()));
        SftpExtensions.apply(ssh);
        sftp.addSftpEventListener(new AbortUploadsOnExit());
        ssh.setSubsystemFactories(List.of(sftp));
        try {
            ssh.start();
        } catch (IOException | RuntimeException e) {
            defender.close();
            throw e;
        }
        log.info(
                "SFTP server listening on {}:{} (SSH policy {}: kex {}, ciphers {}, MACs {})",
                config.bindAddress(),
                ssh.getPort(),
                config.sshPolicy().policyName(),
                algorithms.keyExchangeNames(),
                algorithms.cipherNames(),
                algorithms.macNames());
        ScheduledExecutorService heartbeat =
                Executors.newSingleThreadScheduledExecutor(daemon("heartbeat"));
        long every = config.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(sessions::heartbeat, every, every, TimeUnit.MILLISECONDS);
        var reaper =
                new QuotaReaper(
                        dynamoDb,
                        config.tables(),
                        users.usage(),
                        folders.usage(),
                        new S3LeaseProbe(users, folders, userClients, config.bucket()),
                        clock,
                        true);
        LeaseKeeper keeper = LeaseKeeper.start(leases, reaper, config.quotaLeases());
        return new SluiceSftpServer(
                ssh,
                registry,
                partPool,
                downloadPool,
                List.of(background, headPool, execPool),
                sessions,
                heartbeat,
                userClients,
                leases,
                keeper,
                settlements,
                defender,
                gate);
    }

    /**
     * What answers exec requests: {@code scp} (when {@link SftpConfig#scp()}) on the session's
     * tree, then SFTPGo's hash commands, which refuse anything else with a message.
     */
    static CommandFactory commands(
            SftpConfig config, FileSystemFactory fileSystems, ExecutorService execPool) {
        if (!config.scp()) {
            return new SluiceCommands(fileSystems, execPool, "SFTP");
        }
        return new SluiceScpCommandFactory(new SluiceCommands(fileSystems, execPool, "SFTP, scp"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int port() {
        return ssh.getPort();
    }

    public boolean isAccepting() {
        return accepting && ssh.isStarted();
    }

    public UploadRegistry uploads() {
        return uploads;
    }

    /** The quota leases of this process's uploads. */
    public QuotaLeases quotaLeases() {
        return quotaLeases;
    }

    /** The quota settlements this task runs in the background (tests wait for them). */
    public Settlements settlements() {
        return settlements;
    }

    /** The sessions this task has registered in the connections table. */
    public SessionRegistry sessions() {
        return sessions;
    }

    /** The brute-force defender this task scores and refuses with. */
    public Defender defender() {
        return defender;
    }

    /** The connections not logged in yet (tests, logs). */
    public LoginGate loginGate() {
        return loginGate;
    }

    public int activeSessions() {
        return ssh.getActiveSessions().size();
    }

    /**
     * SIGTERM: stop accepting, let open uploads finish for up to {@code deadline}, then abort what
     * is left (their multipart uploads are aborted, nothing half-written appears) and close every
     * session.
     */
    public void drainAndStop(Duration deadline) {
        accepting = false;
        try {
            ssh.stopAccepting();
            int left = uploads.awaitIdle(deadline);
            if (left > 0) {
                log.warn("drain deadline reached with {} uploads open; aborting them", left);
                uploads.abortAll("the server is shutting down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            uploads.abortAll("the server is shutting down");
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        accepting = false;
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        uploads.abortAll("the server stopped");
        // Queued settlements end their leases; after them and the aborts nothing is left to renew.
        settlements.close();
        leaseKeeper.close();
        heartbeat.shutdownNow();
        sessions.removeAll();
        try {
            for (Session s : ssh.getActiveSessions()) {
                s.close(true);
            }
            ssh.stop(true);
        } catch (IOException e) {
            log.warn("SSH server did not stop cleanly: {}", e.toString());
        }
        partPool.shutdownNow();
        downloadPool.shutdownNow();
        background.forEach(ExecutorService::shutdown);
        userClients.close();
        // Last: what the closing sessions scored is written too.
        defender.close();
    }

    /** The listening address (tests). */
    public InetSocketAddress address() {
        return new InetSocketAddress(ssh.getHost(), ssh.getPort());
    }
}
