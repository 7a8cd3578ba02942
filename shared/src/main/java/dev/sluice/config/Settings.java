package dev.sluice.config;

import static dev.sluice.config.Component.API_FUNCTIONS;
import static dev.sluice.config.Component.JOBS;
import static dev.sluice.config.Component.SFTP_TASK;

import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of every component, each defined once: the runtime reads them ({@link
 * EnvironmentReader}), the CDK stacks write them ({@link Setting#put}), and the docs' configuration
 * table is checked against {@link #ALL}.
 */
public final class Settings {

    // ------------------------------------------------------------------ every component

    public static final Setting<String> BUCKET =
            Setting.text("SLUICE_BUCKET")
                    .readBy(API_FUNCTIONS, JOBS, SFTP_TASK)
                    .required()
                    .description(
                            "the installation's S3 bucket: homes are `users/<username>/`, provider-0 virtual folders `folders/<name>/`")
                    .build();

    public static final Setting<String> MASTER_KEY_SECRET_ARN =
            Setting.text("SLUICE_MASTER_KEY_SECRET_ARN")
                    .readBy(API_FUNCTIONS, JOBS, SFTP_TASK)
                    .requiredBy(API_FUNCTIONS)
                    .whenUnset(
                            "none (needed only when users or folders carry their own S3 credentials)")
                    .description(
                            "secret whose text derives the key that seals the S3 secrets of users and folders")
                    .build();

    public static final Setting<Duration> SECRETS_MAX_AGE =
            Setting.seconds("SLUICE_SECRETS_MAX_AGE_SECONDS", 0, 86_400)
                    .readBy(API_FUNCTIONS, JOBS, SFTP_TASK)
                    .defaultValue(Duration.ofMinutes(5))
                    .description(
                            "how long a secret read from Secrets Manager is used before it is read again (0: on every use)")
                    .build();

    public static final Setting<String> TABLE_PREFIX =
            Setting.text("SLUICE_TABLE_PREFIX")
                    .readBy(API_FUNCTIONS, JOBS, SFTP_TASK)
                    .defaultValue("sluice-")
                    .description(
                            "DynamoDB table names are `<prefix><table>` unless a table's own variable names it")
                    .build();

    private static final Map<String, Setting<String>> TABLES = new LinkedHashMap<>();

    static {
        for (TableSpec spec : Tables.ALL) {
            TABLES.put(
                    spec.id(),
                    Setting.text("SLUICE_TABLE_" + spec.id().toUpperCase(Locale.ROOT))
                            .readBy(API_FUNCTIONS, JOBS, SFTP_TASK)
                            .whenUnset("`<prefix>" + spec.id() + "`")
                            .description(
                                    "physical name of the "
                                            + spec.id()
                                            + " table (the CDK stacks pass CloudFormation's names)")
                            .build());
        }
    }

    // ------------------------------------------------------------------ the defender

    public static final Setting<Boolean> DEFENDER =
            Setting.bool("SLUICE_DEFENDER")
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(true)
                    .description(
                            "score source addresses for failed logins, limits exceeded and protocol errors, and ban those"
                                    + " over the threshold on every task and API function ([the defender](defender.md))")
                    .build();

    public static final Setting<Duration> DEFENDER_BAN_TIME =
            Setting.minutes("SLUICE_DEFENDER_BAN_TIME_MINUTES", 1, 10_080)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(Duration.ofMinutes(30))
                    .description(
                            "how long an address over the threshold is banned (SFTPGo's `ban_time`)")
                    .build();

    public static final Setting<Integer> DEFENDER_BAN_TIME_INCREMENT =
            Setting.integer("SLUICE_DEFENDER_BAN_TIME_INCREMENT", 1, 1000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(50)
                    .description(
                            "each attempt of a banned address lengthens its ban by this percentage of the ban time"
                                    + " (SFTPGo's `ban_time_increment`)")
                    .build();

    public static final Setting<Integer> DEFENDER_THRESHOLD =
            Setting.integer("SLUICE_DEFENDER_THRESHOLD", 1, 10_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(15)
                    .description(
                            "an address whose score within the observation time reaches this is banned (SFTPGo's `threshold`)")
                    .build();

    public static final Setting<Integer> DEFENDER_SCORE_INVALID =
            Setting.integer("SLUICE_DEFENDER_SCORE_INVALID", 0, 10_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(2)
                    .description("score of a login naming a user or admin that does not exist")
                    .build();

    public static final Setting<Integer> DEFENDER_SCORE_VALID =
            Setting.integer("SLUICE_DEFENDER_SCORE_VALID", 0, 10_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(1)
                    .description(
                            "score of a failed login of an existing user or admin (wrong password or key, or a login"
                                    + " its filters refuse), and of an API key that is not valid")
                    .build();

    public static final Setting<Integer> DEFENDER_SCORE_NO_AUTH =
            Setting.integer("SLUICE_DEFENDER_SCORE_NO_AUTH", 0, 10_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(0)
                    .description(
                            "score of a connection that ends without any authentication attempt (0, as SFTPGo: uptime"
                                    + " monitors that open a TCP connection would otherwise be banned)")
                    .build();

    public static final Setting<Integer> DEFENDER_SCORE_LIMIT_EXCEEDED =
            Setting.integer("SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED", 0, 10_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(3)
                    .description(
                            "score of a limit exceeded: too many authentication attempts on one connection, too many"
                                    + " unauthenticated connections from one address")
                    .build();

    public static final Setting<Integer> DEFENDER_SCORE_PROTOCOL_ERROR =
            Setting.integer("SLUICE_DEFENDER_SCORE_PROTOCOL_ERROR", 0, 10_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(2)
                    .description(
                            "score of a connection that breaks the protocol before logging in (a bad identification"
                                    + " line, a failed key exchange, a corrupt packet)")
                    .build();

    public static final Setting<Duration> DEFENDER_OBSERVATION_TIME =
            Setting.minutes("SLUICE_DEFENDER_OBSERVATION_TIME_MINUTES", 1, 1440)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(Duration.ofMinutes(30))
                    .description(
                            "the window scores add up in, from an address's first scored event (SFTPGo's `observation_time`)")
                    .build();

    public static final Setting<java.util.List<dev.sluice.net.Cidr>> DEFENDER_SAFE_LIST =
            Setting.networks("SLUICE_DEFENDER_SAFE_LIST")
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .whenUnset("none")
                    .description(
                            "addresses and networks never scored nor banned (SFTPGo's `safelist`): your own offices,"
                                    + " monitoring, partners' fixed addresses")
                    .build();

    public static final Setting<Integer> DEFENDER_ENTRIES_HARD_LIMIT =
            Setting.integer("SLUICE_DEFENDER_ENTRIES_HARD_LIMIT", 10, 100_000)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(1000)
                    .description(
                            "most addresses `GET /api/v2/defender/hosts` returns, and most addresses a task keeps pending"
                                    + " scores for between writes (SFTPGo's `entries_hard_limit`)")
                    .build();

    public static final Setting<Duration> DEFENDER_SYNC =
            Setting.seconds("SLUICE_DEFENDER_SYNC_SECONDS", 1, 300)
                    .readBy(API_FUNCTIONS, SFTP_TASK)
                    .defaultValue(Duration.ofSeconds(2))
                    .description(
                            "how often a task writes its pending scores to the defender table and reads the bans other"
                                    + " tasks and functions made (an address banned elsewhere is refused here within this)")
                    .build();

    // ------------------------------------------------------------------ API functions

    public static final Setting<String> JWT_SECRET_ARN =
            Setting.text("SLUICE_JWT_SECRET_ARN")
                    .readBy(API_FUNCTIONS)
                    .required()
                    .description("secret whose text is the key that signs access tokens")
                    .build();

    public static final Setting<String> ADMIN_SECRET_ARN =
            Setting.text("SLUICE_ADMIN_SECRET_ARN")
                    .readBy(API_FUNCTIONS)
                    .whenUnset("none (no first admin is created)")
                    .description(
                            "secret with the first admin, `{\"username\",\"password\"}`, created when there is no admin yet")
                    .build();

    public static final Setting<Duration> TOKEN_TTL =
            Setting.minutes("SLUICE_TOKEN_TTL_MINUTES", 1, 1440)
                    .readBy(API_FUNCTIONS)
                    .defaultValue(Duration.ofMinutes(20))
                    .description("lifetime of an access token from `GET /api/v2/token`, in minutes")
                    .build();

    public static final Setting<Duration> RESTORE_TIME_BUDGET =
            Setting.seconds("SLUICE_RESTORE_TIME_BUDGET_SECONDS", 1, 25)
                    .readBy(API_FUNCTIONS)
                    .defaultValue(Duration.ofSeconds(20))
                    .description(
                            "how long one `loaddata` call restores before it saves its place and answers 202 (send the same dump again to go on); API Gateway gives a call 30 s")
                    .build();

    // ------------------------------------------------------------------ jobs and reports

    public static final Setting<String> RETENTION_QUEUE_URL =
            Setting.text("SLUICE_RETENTION_QUEUE_URL")
                    .readBy(API_FUNCTIONS, JOBS)
                    .required()
                    .description(
                            "SQS queue of the retention job: checks started through the API, policy runs and their per-user"
                                    + " checks, and the rest of a check that outgrew one invocation")
                    .build();

    public static final Setting<String> RETENTION_QUEUE_ARN =
            Setting.text("SLUICE_RETENTION_QUEUE_ARN")
                    .readBy(API_FUNCTIONS)
                    .required()
                    .description(
                            "the same queue's ARN: the target of the EventBridge Scheduler schedules of retention policies")
                    .build();

    public static final Setting<String> QUOTA_SCAN_QUEUE_URL =
            Setting.text("SLUICE_QUOTA_SCAN_QUEUE_URL")
                    .readBy(API_FUNCTIONS, JOBS)
                    .required()
                    .description(
                            "SQS queue of the quota scan job: scans started through the API, the daily scan's per-owner"
                                    + " messages, and the rest of a scan that outgrew one invocation")
                    .build();

    public static final Setting<String> SCHEDULE_GROUP =
            Setting.text("SLUICE_SCHEDULE_GROUP")
                    .readBy(API_FUNCTIONS)
                    .required()
                    .description(
                            "EventBridge Scheduler schedule group holding one schedule per retention policy")
                    .build();

    public static final Setting<String> SCHEDULE_ROLE_ARN =
            Setting.text("SLUICE_SCHEDULE_ROLE_ARN")
                    .readBy(API_FUNCTIONS)
                    .required()
                    .description(
                            "role EventBridge Scheduler assumes to send a policy's message to the retention queue")
                    .build();

    public static final Setting<String> MAIL_FROM =
            Setting.text("SLUICE_MAIL_FROM")
                    .readBy(API_FUNCTIONS, JOBS)
                    .whenUnset(
                            "none: no report is mailed, and a check asking for `notifications=Email` is refused")
                    .description(
                            "sender of e-mailed reports: an address (or an address of a domain) verified as an SES identity")
                    .build();

    public static final Setting<java.util.List<String>> QUOTA_REPORT_RECIPIENTS =
            Setting.emailAddresses("SLUICE_QUOTA_REPORT_RECIPIENTS")
                    .readBy(JOBS)
                    .whenUnset("none: the daily quota scan mails no report")
                    .description(
                            "who receives the daily quota scan's report (users and folders at 80 % of a quota or more),"
                                    + " sent from `SLUICE_MAIL_FROM` when the last owner's scan finishes")
                    .build();

    public static final Setting<Integer> JOB_HISTORY_DAYS =
            Setting.integer("SLUICE_JOB_HISTORY_DAYS", 30, 3650)
                    .readBy(API_FUNCTIONS, JOBS)
                    .defaultValue(35)
                    .description(
                            "how long finished checks and scans stay readable through the API before DynamoDB expires them")
                    .build();

    // ------------------------------------------------------------------ SFTP task

    public static final Setting<String> HOST_KEYS_SECRET_ARN =
            Setting.text("SLUICE_HOST_KEYS_SECRET_ARN")
                    .readBy(SFTP_TASK)
                    .required()
                    .description(
                            "secret holding the SSH host keys; create it as `{}`: the first task generates an Ed25519 and an"
                                    + " RSA 3072 key and stores them, every task uses what is stored")
                    .build();

    public static final Setting<String> SFTP_BIND =
            Setting.text("SLUICE_SFTP_BIND")
                    .readBy(SFTP_TASK)
                    .defaultValue("0.0.0.0")
                    .description("listen address (SSH and health)")
                    .build();

    public static final Setting<Integer> SFTP_PORT =
            Setting.integer("SLUICE_SFTP_PORT", 0, 65_535)
                    .readBy(SFTP_TASK)
                    .defaultValue(2022)
                    .description("SSH port (0 picks a free one)")
                    .build();

    public static final Setting<Integer> HEALTH_PORT =
            Setting.integer("SLUICE_HEALTH_PORT", -1, 65_535)
                    .readBy(SFTP_TASK)
                    .defaultValue(8080)
                    .description(
                            "port of the health endpoint (`GET /healthz`: 200 while accepting, 503 while draining); -1 disables it")
                    .build();

    public static final Setting<Boolean> PROXY_PROTOCOL =
            Setting.bool("SLUICE_PROXY_PROTOCOL")
                    .readBy(SFTP_TASK)
                    .defaultValue(false)
                    .description(
                            "expect a PROXY protocol v2 header on every connection (enable proxy protocol v2 on the NLB target"
                                    + " group); connections without one are refused; the header's source address is the one IP filters and logs see")
                    .build();

    public static final Setting<Integer> MAX_AUTH_TRIES =
            Setting.integer("SLUICE_MAX_AUTH_TRIES", 1, 100)
                    .readBy(SFTP_TASK)
                    .defaultValue(6)
                    .description(
                            "authentication attempts one SSH connection may make (OpenSSH's `MaxAuthTries`); the next"
                                    + " one disconnects it and counts as a limit exceeded for the defender")
                    .build();

    public static final Setting<Duration> LOGIN_GRACE_TIME =
            Setting.seconds("SLUICE_LOGIN_GRACE_SECONDS", 5, 600)
                    .readBy(SFTP_TASK)
                    .defaultValue(Duration.ofSeconds(30))
                    .description(
                            "a connection not logged in this long after it opened is closed (OpenSSH's `LoginGraceTime`)")
                    .build();

    public static final Setting<Integer> MAX_UNAUTHENTICATED =
            Setting.integer("SLUICE_MAX_UNAUTHENTICATED", 1, 100_000)
                    .readBy(SFTP_TASK)
                    .defaultValue(256)
                    .description(
                            "connections not yet logged in that one task holds at once; more are closed as they are"
                                    + " accepted, before the key exchange costs CPU (OpenSSH's `MaxStartups`)")
                    .build();

    public static final Setting<Integer> MAX_UNAUTHENTICATED_PER_ADDRESS =
            Setting.integer("SLUICE_MAX_UNAUTHENTICATED_PER_ADDRESS", 1, 100_000)
                    .readBy(SFTP_TASK)
                    .defaultValue(16)
                    .description(
                            "connections not yet logged in from one source address that one task holds at once; more"
                                    + " are closed as they are accepted (after the PROXY header when it is on) and count"
                                    + " as a limit exceeded for the defender")
                    .build();

    public static final Setting<SetStatMode> SETSTAT_MODE =
            Setting.choice("SLUICE_SETSTAT_MODE", SetStatMode.class)
                    .readBy(SFTP_TASK)
                    .defaultValue(SetStatMode.IGNORE)
                    .description(
                            "`ignore`: chmod and chown, and set-times without the `chtimes` permission, succeed and change"
                                    + " nothing (clients such as WinSCP send them after every upload); `refuse`: they fail (permission"
                                    + " denied without the `chmod`/`chown`/`chtimes` permission; chmod and chown unsupported with it)."
                                    + " Set-times with `chtimes` keeps the modification time in the object's metadata in both modes")
                    .build();

    public static final Setting<SshPolicy> SSH_POLICY =
            Setting.choice("SLUICE_SSH_POLICY", SshPolicy.class)
                    .readBy(SFTP_TASK)
                    .defaultValue(SshPolicy.SLUICE_2026_12)
                    .description(
                            "the SSH algorithms offered, by name ([SSH security policies](sftp-server.md#ssh-security-policies)):"
                                    + " `sluice-2026-12` adds the non-ETM SHA-2 MACs and large Diffie-Hellman groups that curl"
                                    + " (libssh2 1.10) and other older clients need; `sluice-2026-12-strict` offers modern"
                                    + " algorithms only")
                    .build();

    public static final Setting<Boolean> SCP =
            Setting.bool("SLUICE_SCP")
                    .readBy(SFTP_TASK)
                    .defaultValue(true)
                    .description(
                            "serve the legacy SCP protocol (`scp -O`) over SSH exec, with the same permissions, file patterns,"
                                    + " quotas, limits and atomic uploads as SFTP; `false` refuses it (modern `scp` uses SFTP and"
                                    + " keeps working)")
                    .build();

    public static final Setting<Duration> DRAIN =
            Setting.seconds("SLUICE_DRAIN_SECONDS", 0, 3600)
                    .readBy(SFTP_TASK)
                    .defaultValue(Duration.ofSeconds(120))
                    .description(
                            "on SIGTERM: stop accepting, let open uploads finish this long, then abort the rest (set the ECS"
                                    + " task's `stopTimeout` to match; Fargate allows up to 120 s)")
                    .build();

    public static final Setting<Integer> UPLOAD_MEMORY_MB =
            Setting.integer("SLUICE_UPLOAD_MEMORY_MB", 16, 131_072)
                    .readBy(SFTP_TASK)
                    .defaultValue(512)
                    .description(
                            "memory (MiB) all upload part buffers of the task may use together; uploads wait for room (the"
                                    + " SSH window then slows the client)")
                    .build();

    public static final Setting<Integer> RENAME_DIR_MAX_OBJECTS =
            Setting.integer("SLUICE_RENAME_DIR_MAX_OBJECTS", 0, 1_000_000)
                    .readBy(SFTP_TASK)
                    .defaultValue(1000)
                    .description("directory renames that would copy more objects are refused")
                    .build();

    public static final Setting<URI> S3_ENDPOINT =
            Setting.uri("SLUICE_S3_ENDPOINT")
                    .readBy(SFTP_TASK)
                    .whenUnset("none (the region's S3)")
                    .description(
                            "an S3 endpoint override (local mode, tests); path-style addressing; a plain-HTTP endpoint on a"
                                    + " loopback address is sent unsigned payloads")
                    .build();

    public static final Setting<String> NODE_ID =
            Setting.text("SLUICE_NODE_ID")
                    .readBy(SFTP_TASK)
                    .whenUnset("the host name")
                    .description("this task's name in the connections table (`node`)")
                    .build();

    public static final Setting<Duration> HEARTBEAT =
            Setting.seconds("SLUICE_HEARTBEAT_SECONDS", 1, 3600)
                    .readBy(SFTP_TASK)
                    .defaultValue(Duration.ofSeconds(30))
                    .description(
                            "how often the task refreshes its sessions in the connections table and looks for close requests;"
                                    + " a session not refreshed for three intervals no longer counts")
                    .build();

    public static final Setting<Duration> QUOTA_LEASE =
            Setting.seconds("SLUICE_QUOTA_LEASE_SECONDS", 3, 3600)
                    .readBy(SFTP_TASK)
                    .defaultValue(Duration.ofSeconds(120))
                    .description(
                            "how long an upload's quota reservation lives without renewal; the task renews its own every third of this")
                    .build();

    public static final Setting<Duration> QUOTA_REAP =
            Setting.seconds("SLUICE_QUOTA_REAP_SECONDS", 1, 3600)
                    .readBy(SFTP_TASK)
                    .defaultValue(Duration.ofSeconds(60))
                    .description(
                            "how often the task gives back the lapsed quota reservations of tasks that died")
                    .build();

    /** Every setting, in the order the docs list them. */
    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all =
                new ArrayList<>(
                        List.of(BUCKET, MASTER_KEY_SECRET_ARN, SECRETS_MAX_AGE, TABLE_PREFIX));
        all.addAll(TABLES.values());
        all.addAll(
                List.of(
                        DEFENDER,
                        DEFENDER_BAN_TIME,
                        DEFENDER_BAN_TIME_INCREMENT,
                        DEFENDER_THRESHOLD,
                        DEFENDER_SCORE_INVALID,
                        DEFENDER_SCORE_VALID,
                        DEFENDER_SCORE_NO_AUTH,
                        DEFENDER_SCORE_LIMIT_EXCEEDED,
                        DEFENDER_SCORE_PROTOCOL_ERROR,
                        DEFENDER_OBSERVATION_TIME,
                        DEFENDER_SAFE_LIST,
                        DEFENDER_ENTRIES_HARD_LIMIT,
                        DEFENDER_SYNC,
                        JWT_SECRET_ARN,
                        ADMIN_SECRET_ARN,
                        TOKEN_TTL,
                        RESTORE_TIME_BUDGET,
                        RETENTION_QUEUE_URL,
                        RETENTION_QUEUE_ARN,
                        QUOTA_SCAN_QUEUE_URL,
                        SCHEDULE_GROUP,
                        SCHEDULE_ROLE_ARN,
                        MAIL_FROM,
                        QUOTA_REPORT_RECIPIENTS,
                        JOB_HISTORY_DAYS,
                        HOST_KEYS_SECRET_ARN,
                        SFTP_BIND,
                        SFTP_PORT,
                        HEALTH_PORT,
                        PROXY_PROTOCOL,
                        MAX_AUTH_TRIES,
                        LOGIN_GRACE_TIME,
                        MAX_UNAUTHENTICATED,
                        MAX_UNAUTHENTICATED_PER_ADDRESS,
                        SETSTAT_MODE,
                        SSH_POLICY,
                        SCP,
                        DRAIN,
                        UPLOAD_MEMORY_MB,
                        RENAME_DIR_MAX_OBJECTS,
                        S3_ENDPOINT,
                        NODE_ID,
                        HEARTBEAT,
                        QUOTA_LEASE,
                        QUOTA_REAP));
        ALL = List.copyOf(all);
    }

    private Settings() {}

    /** The variable naming one table ({@code SLUICE_TABLE_<ID>}). */
    public static Setting<String> table(TableSpec spec) {
        Setting<String> setting = TABLES.get(spec.id());
        if (setting == null) {
            throw new IllegalArgumentException(
                    "no table \"" + spec.id() + "\" in dev.sluice.dynamo.Tables.ALL");
        }
        return setting;
    }

    /** The settings one component reads. */
    public static List<Setting<?>> readBy(Component component) {
        return ALL.stream().filter(s -> s.readBy().contains(component)).toList();
    }
}
