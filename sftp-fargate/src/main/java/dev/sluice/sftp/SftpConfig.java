package dev.sluice.sftp;

import dev.sluice.dynamo.TableNames;
import dev.sluice.quota.LeaseSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server's configuration, from environment variables (the README, "The SFTP server", lists them).
 *
 * @param bindAddress        address to listen on ({@code SLUICE_SFTP_BIND}, default 0.0.0.0)
 * @param port               SSH port ({@code SLUICE_SFTP_PORT}, default 2022; 0 picks a free one)
 * @param healthPort         HTTP health port ({@code SLUICE_HEALTH_PORT}, default 8080; -1 disables)
 * @param bucket             the default bucket ({@code SLUICE_BUCKET})
 * @param s3Endpoint         an S3 endpoint override ({@code SLUICE_S3_ENDPOINT}, local mode and tests)
 * @param hostKeysSecretId   secret holding the host keys ({@code SLUICE_HOST_KEYS_SECRET_ARN})
 * @param masterKeySecretId  secret whose text derives the key of sealed S3 secrets
 *                           ({@code SLUICE_MASTER_KEY_SECRET_ARN}, optional)
 * @param proxyProtocol      expect a PROXY protocol v2 header first ({@code SLUICE_PROXY_PROTOCOL})
 * @param setStatMode        what chmod/chown/set-times do ({@code SLUICE_SETSTAT_MODE})
 * @param drain              how long SIGTERM lets transfers finish ({@code SLUICE_DRAIN_SECONDS})
 * @param uploadMemoryMiB    memory budget of all upload part buffers ({@code SLUICE_UPLOAD_MEMORY_MB})
 * @param renameDirMaxObjects directory renames copying more objects are refused
 *                           ({@code SLUICE_RENAME_DIR_MAX_OBJECTS})
 * @param node               this task's name in the connections table ({@code SLUICE_NODE_ID}, default the host name)
 * @param heartbeat          how often this task refreshes its sessions in the connections table
 *                           ({@code SLUICE_HEARTBEAT_SECONDS}, default 30); a session not refreshed for
 *                           three intervals counts as gone
 * @param quotaLeases        how long an upload's quota reservation lives unrenewed
 *                           ({@code SLUICE_QUOTA_LEASE_SECONDS}, default 120; renewed every third of it) and how
 *                           often this task reaps lapsed ones ({@code SLUICE_QUOTA_REAP_SECONDS}, default 60)
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
    Duration drain,
    int uploadMemoryMiB,
    int renameDirMaxObjects,
    String node,
    Duration heartbeat,
    LeaseSettings quotaLeases) {

    /** chmod, chown and set-times have no meaning on S3: accept and ignore them, or refuse them. */
    public enum SetStatMode { IGNORE, REFUSE }

    public static SftpConfig fromEnvironment(Map<String, String> env) {
        return new SftpConfig(
            env.getOrDefault("SLUICE_SFTP_BIND", "0.0.0.0"),
            integer(env, "SLUICE_SFTP_PORT", 2022),
            integer(env, "SLUICE_HEALTH_PORT", 8080),
            required(env, "SLUICE_BUCKET"),
            optional(env, "SLUICE_S3_ENDPOINT").map(URI::create),
            TableNames.fromEnvironment(env),
            required(env, "SLUICE_HOST_KEYS_SECRET_ARN"),
            optional(env, "SLUICE_MASTER_KEY_SECRET_ARN"),
            Boolean.parseBoolean(env.getOrDefault("SLUICE_PROXY_PROTOCOL", "false")),
            SetStatMode.valueOf(env.getOrDefault("SLUICE_SETSTAT_MODE", "ignore").toUpperCase(java.util.Locale.ROOT)),
            Duration.ofSeconds(integer(env, "SLUICE_DRAIN_SECONDS", 120)),
            integer(env, "SLUICE_UPLOAD_MEMORY_MB", 512),
            integer(env, "SLUICE_RENAME_DIR_MAX_OBJECTS", 1000),
            optional(env, "SLUICE_NODE_ID").orElseGet(SftpConfig::hostName),
            Duration.ofSeconds(Math.max(1, integer(env, "SLUICE_HEARTBEAT_SECONDS", 30))),
            new LeaseSettings(Duration.ofSeconds(Math.max(3, integer(env, "SLUICE_QUOTA_LEASE_SECONDS", 120))),
                Duration.ofSeconds(Math.max(1, integer(env, "SLUICE_QUOTA_REAP_SECONDS", 60)))));
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

    /** A configuration for tests and the local mode: loopback, free ports, no proxy protocol. */
    public static SftpConfig loopback(String bucket, URI s3Endpoint, TableNames tables, String hostKeysSecretId,
                                      Optional<String> masterKeySecretId) {
        return new SftpConfig("127.0.0.1", 0, -1, bucket, Optional.ofNullable(s3Endpoint), tables, hostKeysSecretId,
            masterKeySecretId, false, SetStatMode.IGNORE, Duration.ofSeconds(5), 256, 1000, hostName(), Duration.ofSeconds(30),
            LeaseSettings.DEFAULTS);
    }

    public SftpConfig withProxyProtocol(boolean on) {
        return new SftpConfig(bindAddress, port, healthPort, bucket, s3Endpoint, tables, hostKeysSecretId,
            masterKeySecretId, on, setStatMode, drain, uploadMemoryMiB, renameDirMaxObjects, node, heartbeat, quotaLeases);
    }

    public SftpConfig withSetStatMode(SetStatMode mode) {
        return new SftpConfig(bindAddress, port, healthPort, bucket, s3Endpoint, tables, hostKeysSecretId,
            masterKeySecretId, proxyProtocol, mode, drain, uploadMemoryMiB, renameDirMaxObjects, node, heartbeat, quotaLeases);
    }

    public SftpConfig withPorts(int sshPort, int httpPort) {
        return new SftpConfig(bindAddress, sshPort, httpPort, bucket, s3Endpoint, tables, hostKeysSecretId,
            masterKeySecretId, proxyProtocol, setStatMode, drain, uploadMemoryMiB, renameDirMaxObjects, node, heartbeat, quotaLeases);
    }

    public SftpConfig withDrain(Duration value) {
        return new SftpConfig(bindAddress, port, healthPort, bucket, s3Endpoint, tables, hostKeysSecretId,
            masterKeySecretId, proxyProtocol, setStatMode, value, uploadMemoryMiB, renameDirMaxObjects, node, heartbeat, quotaLeases);
    }

    public SftpConfig withQuotaLeases(LeaseSettings settings) {
        return new SftpConfig(bindAddress, port, healthPort, bucket, s3Endpoint, tables, hostKeysSecretId,
            masterKeySecretId, proxyProtocol, setStatMode, drain, uploadMemoryMiB, renameDirMaxObjects, node, heartbeat, settings);
    }

    public SftpConfig withHeartbeat(String nodeName, Duration interval) {
        return new SftpConfig(bindAddress, port, healthPort, bucket, s3Endpoint, tables, hostKeysSecretId,
            masterKeySecretId, proxyProtocol, setStatMode, drain, uploadMemoryMiB, renameDirMaxObjects, nodeName, interval, quotaLeases);
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is required"));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be an integer, got \"" + value + "\"");
        }
    }
}
