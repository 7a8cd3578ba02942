package dev.sluice.sftp;

import dev.sluice.config.Component;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.SetStatMode;
import dev.sluice.config.Settings;
import dev.sluice.config.SshPolicy;
import dev.sluice.defender.DefenderSettings;
import dev.sluice.dynamo.TableNames;
import dev.sluice.net.Cidr;
import dev.sluice.quota.LeaseSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SFTP task's configuration: in a container from its environment ({@link #fromEnvironment},
 * each variable a {@link Settings} key), in the local mode and tests from a {@link #builder()}.
 *
 * @param bindAddress address to listen on ({@link Settings#SFTP_BIND})
 * @param port SSH port ({@link Settings#SFTP_PORT}; 0 picks a free one)
 * @param healthPort HTTP health port ({@link Settings#HEALTH_PORT}; -1 disables)
 * @param bucket the default bucket ({@link Settings#BUCKET})
 * @param s3Endpoint an S3 endpoint override ({@link Settings#S3_ENDPOINT}, local mode and tests)
 * @param hostKeysSecretId secret holding the host keys ({@link Settings#HOST_KEYS_SECRET_ARN})
 * @param masterKeySecretId secret whose text derives the key of sealed S3 secrets ({@link
 *     Settings#MASTER_KEY_SECRET_ARN})
 * @param proxyProtocol expect a PROXY protocol v2 header first ({@link Settings#PROXY_PROTOCOL})
 * @param setStatMode what chmod/chown/set-times do ({@link Settings#SETSTAT_MODE})
 * @param sshPolicy the SSH algorithms offered ({@link Settings#SSH_POLICY})
 * @param scp serve the legacy SCP protocol over exec ({@link Settings#SCP})
 * @param drain how long SIGTERM lets transfers finish ({@link Settings#DRAIN})
 * @param uploadMemoryMiB memory budget of all upload part buffers ({@link
 *     Settings#UPLOAD_MEMORY_MB})
 * @param renameDirMaxObjects directory renames copying more objects are refused ({@link
 *     Settings#RENAME_DIR_MAX_OBJECTS})
 * @param node this task's name in the connections table ({@link Settings#NODE_ID}, default the host
 *     name)
 * @param heartbeat how often this task refreshes its sessions in the connections table ({@link
 *     Settings#HEARTBEAT}); a session not refreshed for three intervals counts as gone
 * @param quotaLeases how long an upload's quota reservation lives unrenewed ({@link
 *     Settings#QUOTA_LEASE}; renewed every third of it) and how often this task reaps lapsed ones
 *     ({@link Settings#QUOTA_REAP})
 * @param secretsMaxAge how long a secret is used before it is read again ({@link
 *     Settings#SECRETS_MAX_AGE})
 * @param maxAuthTries authentication attempts one connection may make ({@link
 *     Settings#MAX_AUTH_TRIES})
 * @param loginGraceTime how long a connection may take to log in, from its accept ({@link
 *     Settings#LOGIN_GRACE_TIME})
 * @param maxUnauthenticated connections not logged in yet this task holds at once ({@link
 *     Settings#MAX_UNAUTHENTICATED})
 * @param maxUnauthenticatedPerAddress the same from one source address ({@link
 *     Settings#MAX_UNAUTHENTICATED_PER_ADDRESS})
 * @param defender the brute-force defender's settings ({@link Settings#DEFENDER} and the other
 *     {@code SLUICE_DEFENDER_*})
 */
public record SftpConfig(
        String bindAddress,
        int port,
        int healthPort,
        String bucket,
        Optional<URI> s3Endpoint,
        TableNames tables,
        String hostKeysSecretId,
        Optional<String> masterKeySecretId,
        boolean proxyProtocol,
        SetStatMode setStatMode,
        SshPolicy sshPolicy,
        boolean scp,
        Duration drain,
        int uploadMemoryMiB,
        int renameDirMaxObjects,
        String node,
        Duration heartbeat,
        LeaseSettings quotaLeases,
        Duration secretsMaxAge,
        int maxAuthTries,
        Duration loginGraceTime,
        int maxUnauthenticated,
        int maxUnauthenticatedPerAddress,
        DefenderSettings defender) {

    public SftpConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(hostKeysSecretId, "hostKeysSecretId");
        Objects.requireNonNull(masterKeySecretId, "masterKeySecretId");
        Objects.requireNonNull(setStatMode, "setStatMode");
        Objects.requireNonNull(sshPolicy, "sshPolicy");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(quotaLeases, "quotaLeases");
        Objects.requireNonNull(secretsMaxAge, "secretsMaxAge");
        Objects.requireNonNull(loginGraceTime, "loginGraceTime");
        Objects.requireNonNull(defender, "defender");
    }

    /**
     * @throws dev.sluice.config.ConfigurationException naming every variable missing or invalid
     */
    public static SftpConfig fromEnvironment(Map<String, String> env) {
        return read(new EnvironmentReader(env, Component.SFTP_TASK));
    }

    /** Reads every SFTP setting, then reports every problem at once. */
    public static SftpConfig read(EnvironmentReader env) {
        Builder b =
                builder()
                        .bindAddress(env.get(Settings.SFTP_BIND))
                        .port(env.get(Settings.SFTP_PORT))
                        .healthPort(env.get(Settings.HEALTH_PORT))
                        .bucket(env.get(Settings.BUCKET))
                        .s3Endpoint(env.optional(Settings.S3_ENDPOINT))
                        .tables(env.tables())
                        .hostKeysSecretId(env.get(Settings.HOST_KEYS_SECRET_ARN))
                        .masterKeySecretId(env.optional(Settings.MASTER_KEY_SECRET_ARN))
                        .proxyProtocol(env.get(Settings.PROXY_PROTOCOL))
                        .setStatMode(env.get(Settings.SETSTAT_MODE))
                        .sshPolicy(env.get(Settings.SSH_POLICY))
                        .scp(env.get(Settings.SCP))
                        .drain(env.get(Settings.DRAIN))
                        .uploadMemoryMiB(env.get(Settings.UPLOAD_MEMORY_MB))
                        .renameDirMaxObjects(env.get(Settings.RENAME_DIR_MAX_OBJECTS))
                        .node(env.optional(Settings.NODE_ID).orElseGet(SftpConfig::hostName))
                        .heartbeat(env.get(Settings.HEARTBEAT))
                        .secretsMaxAge(env.get(Settings.SECRETS_MAX_AGE))
                        .maxAuthTries(env.get(Settings.MAX_AUTH_TRIES))
                        .loginGraceTime(env.get(Settings.LOGIN_GRACE_TIME))
                        .maxUnauthenticated(env.get(Settings.MAX_UNAUTHENTICATED))
                        .maxUnauthenticatedPerAddress(
                                env.get(Settings.MAX_UNAUTHENTICATED_PER_ADDRESS));
        Duration lease = env.get(Settings.QUOTA_LEASE);
        Duration reap = env.get(Settings.QUOTA_REAP);
        DefenderSettings defender = DefenderSettings.fromEnvironment(env);
        env.check();
        b.defender(defender);
        return b.quotaLeases(new LeaseSettings(lease, reap)).build();
    }

    /** Every setting at its default; the bucket and the host keys secret must be set. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How long a session stays registered without a heartbeat: three missed beats. */
    public Duration lease() {
        return heartbeat.multipliedBy(3);
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "sftp-" + Long.toHexString(System.nanoTime());
        }
    }

    /**
     * A configuration for tests: loopback, free ports, no health endpoint, a short drain. Every
     * test client connects from 127.0.0.1, so that address is in the defender's safe list and may
     * hold as many unauthenticated connections as the task; tests of the limits and the defender
     * connect from other loopback addresses (127.0.0.2 and up).
     */
    public static SftpConfig loopback(
            String bucket,
            URI s3Endpoint,
            TableNames tables,
            String hostKeysSecretId,
            Optional<String> masterKeySecretId) {
        return builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .healthPort(-1)
                .bucket(bucket)
                .s3Endpoint(Optional.ofNullable(s3Endpoint))
                .tables(tables)
                .hostKeysSecretId(hostKeysSecretId)
                .masterKeySecretId(masterKeySecretId)
                .drain(Duration.ofSeconds(5))
                .uploadMemoryMiB(256)
                .maxUnauthenticatedPerAddress(
                        Settings.MAX_UNAUTHENTICATED.defaultValue().orElseThrow())
                .defender(
                        DefenderSettings.defaults()
                                .with(
                                        d ->
                                                d.safeList(
                                                        List.of(
                                                                Cidr.parse("127.0.0.1/32")
                                                                        .orElseThrow()))))
                .build();
    }

    public SftpConfig withProxyProtocol(boolean on) {
        return toBuilder().proxyProtocol(on).build();
    }

    public SftpConfig withSetStatMode(SetStatMode mode) {
        return toBuilder().setStatMode(mode).build();
    }

    /** The same configuration offering another policy's algorithms. */
    public SftpConfig withSshPolicy(SshPolicy policy) {
        return toBuilder().sshPolicy(policy).build();
    }

    /** The same configuration with the legacy SCP protocol served or refused. */
    public SftpConfig withScp(boolean on) {
        return toBuilder().scp(on).build();
    }

    public SftpConfig withPorts(int sshPort, int httpPort) {
        return toBuilder().port(sshPort).healthPort(httpPort).build();
    }

    public SftpConfig withDrain(Duration value) {
        return toBuilder().drain(value).build();
    }

    public SftpConfig withQuotaLeases(LeaseSettings settings) {
        return toBuilder().quotaLeases(settings).build();
    }

    public SftpConfig withHeartbeat(String nodeName, Duration interval) {
        return toBuilder().node(nodeName).heartbeat(interval).build();
    }

    /** The same configuration with the defender's settings changed. */
    public SftpConfig withDefender(
            java.util.function.UnaryOperator<DefenderSettings.Builder> change) {
        return toBuilder().defender(defender.with(change)).build();
    }

    /**
     * Builds a configuration (AWS SDK v2 style); what is not set keeps the {@link Settings}
     * default.
     */
    public static final class Builder {
        private String bindAddress = Settings.SFTP_BIND.defaultValue().orElseThrow();
        private int port = Settings.SFTP_PORT.defaultValue().orElseThrow();
        private int healthPort = Settings.HEALTH_PORT.defaultValue().orElseThrow();
        private String bucket;
        private Optional<URI> s3Endpoint = Optional.empty();
        private TableNames tables =
                TableNames.withPrefix(Settings.TABLE_PREFIX.defaultValue().orElseThrow());
        private String hostKeysSecretId;
        private Optional<String> masterKeySecretId = Optional.empty();
        private boolean proxyProtocol = Settings.PROXY_PROTOCOL.defaultValue().orElseThrow();
        private SetStatMode setStatMode = Settings.SETSTAT_MODE.defaultValue().orElseThrow();
        private SshPolicy sshPolicy = Settings.SSH_POLICY.defaultValue().orElseThrow();
        private boolean scp = Settings.SCP.defaultValue().orElseThrow();
        private Duration drain = Settings.DRAIN.defaultValue().orElseThrow();
        private int uploadMemoryMiB = Settings.UPLOAD_MEMORY_MB.defaultValue().orElseThrow();
        private int renameDirMaxObjects =
                Settings.RENAME_DIR_MAX_OBJECTS.defaultValue().orElseThrow();
        private String node;
        private Duration heartbeat = Settings.HEARTBEAT.defaultValue().orElseThrow();
        private LeaseSettings quotaLeases = LeaseSettings.DEFAULTS;
        private Duration secretsMaxAge = Settings.SECRETS_MAX_AGE.defaultValue().orElseThrow();
        private int maxAuthTries = Settings.MAX_AUTH_TRIES.defaultValue().orElseThrow();
        private Duration loginGraceTime = Settings.LOGIN_GRACE_TIME.defaultValue().orElseThrow();
        private int maxUnauthenticated = Settings.MAX_UNAUTHENTICATED.defaultValue().orElseThrow();
        private int maxUnauthenticatedPerAddress =
                Settings.MAX_UNAUTHENTICATED_PER_ADDRESS.defaultValue().orElseThrow();
        private DefenderSettings defender = DefenderSettings.defaults();

        private Builder() {}

        private Builder(SftpConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            healthPort = c.healthPort;
            bucket = c.bucket;
            s3Endpoint = c.s3Endpoint;
            tables = c.tables;
            hostKeysSecretId = c.hostKeysSecretId;
            masterKeySecretId = c.masterKeySecretId;
            proxyProtocol = c.proxyProtocol;
            setStatMode = c.setStatMode;
            sshPolicy = c.sshPolicy;
            scp = c.scp;
            drain = c.drain;
            uploadMemoryMiB = c.uploadMemoryMiB;
            renameDirMaxObjects = c.renameDirMaxObjects;
            node = c.node;
            heartbeat = c.heartbeat;
            quotaLeases = c.quotaLeases;
            secretsMaxAge = c.secretsMaxAge;
            maxAuthTries = c.maxAuthTries;
            loginGraceTime = c.loginGraceTime;
            maxUnauthenticated = c.maxUnauthenticated;
            maxUnauthenticatedPerAddress = c.maxUnauthenticatedPerAddress;
            defender = c.defender;
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder healthPort(int value) {
            healthPort = value;
            return this;
        }

        public Builder bucket(String value) {
            bucket = value;
            return this;
        }

        public Builder s3Endpoint(Optional<URI> value) {
            s3Endpoint = value;
            return this;
        }

        public Builder tables(TableNames value) {
            tables = value;
            return this;
        }

        public Builder hostKeysSecretId(String value) {
            hostKeysSecretId = value;
            return this;
        }

        public Builder masterKeySecretId(Optional<String> value) {
            masterKeySecretId = value;
            return this;
        }

        public Builder proxyProtocol(boolean value) {
            proxyProtocol = value;
            return this;
        }

        public Builder setStatMode(SetStatMode value) {
            setStatMode = value;
            return this;
        }

        public Builder sshPolicy(SshPolicy value) {
            sshPolicy = value;
            return this;
        }

        public Builder scp(boolean value) {
            scp = value;
            return this;
        }

        public Builder drain(Duration value) {
            drain = value;
            return this;
        }

        public Builder uploadMemoryMiB(int value) {
            uploadMemoryMiB = value;
            return this;
        }

        public Builder renameDirMaxObjects(int value) {
            renameDirMaxObjects = value;
            return this;
        }

        /** This task's name in the connections table; the host name when not set. */
        public Builder node(String value) {
            node = value;
            return this;
        }

        public Builder heartbeat(Duration value) {
            heartbeat = value;
            return this;
        }

        public Builder quotaLeases(LeaseSettings value) {
            quotaLeases = value;
            return this;
        }

        public Builder secretsMaxAge(Duration value) {
            secretsMaxAge = value;
            return this;
        }

        public Builder maxAuthTries(int value) {
            maxAuthTries = value;
            return this;
        }

        public Builder loginGraceTime(Duration value) {
            loginGraceTime = value;
            return this;
        }

        public Builder maxUnauthenticated(int value) {
            maxUnauthenticated = value;
            return this;
        }

        public Builder maxUnauthenticatedPerAddress(int value) {
            maxUnauthenticatedPerAddress = value;
            return this;
        }

        public Builder defender(DefenderSettings value) {
            defender = value;
            return this;
        }

        public SftpConfig build() {
            return new SftpConfig(
                    bindAddress,
                    port,
                    healthPort,
                    bucket,
                    s3Endpoint,
                    tables,
                    hostKeysSecretId,
                    masterKeySecretId,
                    proxyProtocol,
                    setStatMode,
                    sshPolicy,
                    scp,
                    drain,
                    uploadMemoryMiB,
                    renameDirMaxObjects,
                    node == null ? hostName() : node,
                    heartbeat,
                    quotaLeases,
                    secretsMaxAge,
                    maxAuthTries,
                    loginGraceTime,
                    maxUnauthenticated,
                    maxUnauthenticatedPerAddress,
                    defender);
        }
    }
}
