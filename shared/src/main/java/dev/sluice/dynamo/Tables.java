package dev.sluice.dynamo;

import java.util.List;
import java.util.Optional;

/**
 * Every table Sluice uses. Entity tables hold one JSON document per item plus a version number
 * (optimistic locking) and, where usage is tracked, numeric counters updated atomically.
 */
public final class Tables {

    /** Attribute holding the entity's JSON document. */
    public static final String DOC = "doc";

    /** Attribute incremented on every write; updates are conditional on it. */
    public static final String VERSION = "version";

    /** Constant partition of the ordered-listing index: lets a Query return items sorted by key. */
    public static final String LIST_PARTITION = "list_pk";

    public static final String LIST_PARTITION_VALUE = "all";
    public static final String BY_NAME_INDEX = "by_name";

    public static final TableSpec USERS = entity("users", "username");
    public static final TableSpec ADMINS = entity("admins", "username");
    public static final TableSpec API_KEYS =
            new TableSpec(
                    "apikeys",
                    TableSpec.Attribute.string("id"),
                    List.of(byName("id")),
                    Optional.empty());
    public static final TableSpec FOLDERS = entity("folders", "name");

    /** Logged-out API tokens, by token id, until they would have expired anyway (TTL). */
    public static final TableSpec REVOKED_TOKENS =
            new TableSpec(
                    "revoked_tokens",
                    TableSpec.Attribute.string("jti"),
                    List.of(),
                    Optional.of("expires"));

    /**
     * Live SFTP sessions, one item per session under its user (so counting a user's sessions is a
     * strongly consistent Query), kept by the owning task's heartbeat and expired by TTL when a
     * task dies without removing its items.
     */
    public static final TableSpec CONNECTIONS =
            new TableSpec(
                    "connections",
                    TableSpec.Attribute.string("username"),
                    Optional.of(TableSpec.Attribute.string("connection_id")),
                    List.of(),
                    Optional.of("expires"));

    /**
     * Quota reservations of uploads in flight, one item per lease: which task (node and process
     * incarnation) and session hold bytes in which usage counters, and until when. The reserved
     * amounts themselves live in the counter items ({@link UsageCounters}); the owner renews the
     * lease, a reaper releases it once it lapses, and TTL removes finished ones ({@code
     * dev.sluice.quota.QuotaLeases}).
     */
    public static final TableSpec QUOTA_LEASES =
            new TableSpec(
                    "quota_leases",
                    TableSpec.Attribute.string("lease_id"),
                    List.of(),
                    Optional.of("purge_at"));

    /** Named retention policies (rules, covered users, schedule, report recipients). */
    public static final TableSpec RETENTION_POLICIES = entity("retention_policies", "name");

    /** Index of job runs by kind, newest first: the history the API lists. */
    public static final String JOBS_BY_KIND_INDEX = "by_kind";

    /**
     * Sparse index of the runs still running, by kind: the attribute exists only while a run runs,
     * so listing running checks reads only those.
     */
    public static final String JOBS_RUNNING_INDEX = "running";

    /** Sparse index of a policy run's per-user runs. */
    public static final String JOBS_BY_PARENT_INDEX = "by_parent";

    /**
     * Background jobs (retention checks, quota scans, policy runs): one item per run with its
     * request, progress checkpoint and result, plus one lock item per subject so that one user has
     * at most one check running. Finished runs expire by TTL after the history period.
     */
    public static final TableSpec JOB_RUNS =
            new TableSpec(
                    "job_runs",
                    TableSpec.Attribute.string("id"),
                    List.of(
                            new TableSpec.Index(
                                    JOBS_BY_KIND_INDEX,
                                    TableSpec.Attribute.string("kind"),
                                    TableSpec.Attribute.number("started_at")),
                            new TableSpec.Index(
                                    JOBS_RUNNING_INDEX,
                                    TableSpec.Attribute.string("running"),
                                    TableSpec.Attribute.string("id")),
                            new TableSpec.Index(
                                    JOBS_BY_PARENT_INDEX,
                                    TableSpec.Attribute.string("parent"),
                                    TableSpec.Attribute.string("id"))),
                    Optional.of("purge_at"));

    /** Sparse index of the banned addresses (the attribute exists only on banned hosts). */
    public static final String DEFENDER_BANS_INDEX = "bans";

    /**
     * The defender's scores and bans, one item per source address, shared by every SFTP task and
     * API function; expired by TTL once neither the observation window nor the ban needs it ({@code
     * dev.sluice.defender.DynamoDefender}).
     */
    public static final TableSpec DEFENDER_HOSTS =
            new TableSpec(
                    "defender_hosts",
                    TableSpec.Attribute.string("ip"),
                    List.of(
                            new TableSpec.Index(
                                    DEFENDER_BANS_INDEX,
                                    TableSpec.Attribute.string("banned"),
                                    TableSpec.Attribute.number("ban_until"))),
                    Optional.of("expires"));

    public static final List<TableSpec> ALL =
            List.of(
                    USERS,
                    ADMINS,
                    API_KEYS,
                    FOLDERS,
                    REVOKED_TOKENS,
                    CONNECTIONS,
                    QUOTA_LEASES,
                    RETENTION_POLICIES,
                    JOB_RUNS,
                    DEFENDER_HOSTS);

    private Tables() {}

    private static TableSpec entity(String id, String key) {
        return new TableSpec(
                id, TableSpec.Attribute.string(key), List.of(byName(key)), Optional.empty());
    }

    private static TableSpec.Index byName(String key) {
        return new TableSpec.Index(
                BY_NAME_INDEX,
                TableSpec.Attribute.string(LIST_PARTITION),
                TableSpec.Attribute.string(key));
    }
}
