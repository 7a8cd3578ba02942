package dev.sluice.cdk.api;

import static dev.sluice.cdk.storage.TableAccess.READ;
import static dev.sluice.cdk.storage.TableAccess.READ_UPDATE;
import static dev.sluice.cdk.storage.TableAccess.READ_WRITE;

import dev.sluice.cdk.storage.TableAccess;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST API's areas: one Lambda function each, with the routes it serves and the data it may
 * touch. An area's permissions are what its handler's code does, plus what authenticating any
 * caller needs (see {@link #AUTHENTICATION}).
 */
public enum ApiArea {
    AUTH(
            "Auth",
            "dev.sluice.lambdas.api.AuthHandler::handleRequest",
            List.of("/api/v2/token", "/api/v2/logout"),
            // Creates the first admin, records last_login, upgrades migrated password hashes;
            // logout revokes.
            Map.of(Tables.ADMINS, READ_WRITE, Tables.REVOKED_TOKENS, READ_WRITE),
            Set.of(Capability.FIRST_ADMIN_SECRET)),
    USERS(
            "Users",
            "dev.sluice.lambdas.api.UsersHandler::handleRequest",
            List.of(
                    "/api/v2/users",
                    "/api/v2/users/{username}",
                    "/api/v2/folders",
                    "/api/v2/folders/{name}",
                    "/api/v2/quotas/{proxy+}"),
            // Deleting a user deletes the API keys bound to its identity. Quota scans started here
            // are job runs (one running scan per user or folder, SFTPGo's 409) put on the scan
            // queue.
            Map.of(
                    Tables.USERS,
                    READ_WRITE,
                    Tables.FOLDERS,
                    READ_WRITE,
                    Tables.API_KEYS,
                    READ_WRITE,
                    Tables.JOB_RUNS,
                    READ_WRITE),
            Set.of(Capability.SEND_QUOTA_SCANS)),
    ADMINS(
            "Admins",
            "dev.sluice.lambdas.api.AdminsHandler::handleRequest",
            List.of("/api/v2/admins", "/api/v2/admins/{username}"),
            // A credential change revokes the admin's tokens; deleting an admin deletes its API
            // keys.
            Map.of(
                    Tables.ADMINS,
                    READ_WRITE,
                    Tables.REVOKED_TOKENS,
                    READ_WRITE,
                    Tables.API_KEYS,
                    READ_WRITE),
            Set.of()),
    API_KEYS(
            "ApiKeys",
            "dev.sluice.lambdas.api.ApiKeysHandler::handleRequest",
            List.of("/api/v2/apikeys", "/api/v2/apikeys/{id}"),
            Map.of(Tables.API_KEYS, READ_WRITE),
            Set.of()),
    /**
     * Retention checks (SFTPGo's {@code /retention/users/...}), retention policies and their
     * schedules, and the history of checks. Users and folders are read to resolve what a check or
     * policy covers (a policy may cover every user of a folder), admins for the calling admin's
     * e-mail; the work itself is the retention job's, so this area deletes no file.
     */
    RETENTION(
            "Retention",
            "dev.sluice.lambdas.api.RetentionApiHandler::handleRequest",
            List.of(
                    "/api/v2/retention/users/checks",
                    "/api/v2/retention/users/{username}/check",
                    "/api/v2/retention/policies",
                    "/api/v2/retention/policies/{name}",
                    // The rest (checks history and what comes next) without a deployment per path.
                    "/api/v2/retention/{proxy+}"),
            Map.of(
                    Tables.USERS,
                    READ,
                    Tables.FOLDERS,
                    READ,
                    Tables.ADMINS,
                    READ,
                    Tables.RETENTION_POLICIES,
                    READ_WRITE,
                    Tables.JOB_RUNS,
                    READ_WRITE),
            Set.of(Capability.SEND_RETENTION, Capability.MANAGE_SCHEDULES)),
    /**
     * {@code dumpdata} and {@code loaddata}: they read and restore every object table through the
     * same services as the other areas (a restored retention policy gets its schedule, a restored
     * user its quota scan, {@code mode=2} closes sessions), and keep dump files under {@code
     * sluice/backups/} of the installation's bucket.
     */
    BACKUPS(
            "Backups",
            "dev.sluice.lambdas.api.BackupApiHandler::handleRequest",
            List.of("/api/v2/dumpdata", "/api/v2/loaddata"),
            allTables(READ_WRITE),
            Set.of(
                    Capability.SEND_QUOTA_SCANS,
                    Capability.MANAGE_SCHEDULES,
                    Capability.BACKUP_FILES)),
    /**
     * Status, version, the OpenAPI document and Swagger UI, connections, the defender, and (as the
     * API's default route) SFTPGo-shaped 404s for unknown paths. Connections are closed by marking
     * their items, and the status probe reads; the defender's hosts are listed (Scan) and removed
     * (DeleteItem) in their own table.
     */
    SYSTEM(
            "System",
            "dev.sluice.lambdas.api.SystemHandler::handleRequest",
            List.of(
                    "/api/v2/status",
                    "/api/v2/version",
                    "/api/v2/openapi.yaml",
                    "/openapi",
                    "/openapi/{proxy+}",
                    "/api/v2/connections",
                    "/api/v2/connections/{proxy+}",
                    "/api/v2/defender/{proxy+}",
                    "/healthz"),
            allTables(READ_WRITE),
            Set.of());

    /**
     * What every function needs to authenticate a caller: the admin behind a token or API key, the
     * user behind a user-scoped API key, the key itself (its last use is recorded, an UpdateItem),
     * the revocation list, and the defender's hosts: a banned address is refused (GetItem, and a
     * Query of the bans index), and a failed login or API key adds to its address's score and may
     * ban it (UpdateItem, which creates the address's item the first time; never PutItem nor
     * DeleteItem). (Each function also reads the JWT and master key secrets at start.)
     */
    public static final Map<TableSpec, TableAccess> AUTHENTICATION =
            Map.of(
                    Tables.ADMINS,
                    READ,
                    Tables.USERS,
                    READ,
                    Tables.API_KEYS,
                    READ_UPDATE,
                    Tables.REVOKED_TOKENS,
                    READ,
                    Tables.DEFENDER_HOSTS,
                    READ_UPDATE);

    /** Permissions beyond tables, each given only to the areas whose routes use it. */
    public enum Capability {
        /** Reads the first admin's secret, to create that admin when there is none. */
        FIRST_ADMIN_SECRET,
        /** Puts quota scans on the quota scan job's queue ({@code sqs:SendMessage} only). */
        SEND_QUOTA_SCANS,
        /** Puts retention checks and policy runs on the retention job's queue. */
        SEND_RETENTION,
        /**
         * Creates, changes, reads and deletes the schedules of retention policies in the
         * installation's schedule group, and passes their role to EventBridge Scheduler.
         */
        MANAGE_SCHEDULES,
        /**
         * Reads and writes dump files under {@code sluice/backups/} of the installation's bucket.
         */
        BACKUP_FILES
    }

    private final String id;
    private final String handler;
    private final List<String> routes;
    private final Map<TableSpec, TableAccess> ownTables;
    private final Set<Capability> capabilities;

    ApiArea(
            String id,
            String handler,
            List<String> routes,
            Map<TableSpec, TableAccess> ownTables,
            Set<Capability> capabilities) {
        this.id = id;
        this.handler = handler;
        this.routes = routes;
        this.ownTables = ownTables;
        this.capabilities = capabilities;
    }

    /** The area's name in construct IDs. */
    public String id() {
        return id;
    }

    /** The Lambda handler, {@code class::method}. */
    public String handler() {
        return handler;
    }

    /** The HTTP API route paths (any method) that reach the area's function. */
    public List<String> routes() {
        return routes;
    }

    /** The area's own tables merged with {@link #AUTHENTICATION}, keeping the stronger access. */
    public Map<TableSpec, TableAccess> tables() {
        Map<TableSpec, TableAccess> merged = new LinkedHashMap<>(AUTHENTICATION);
        ownTables.forEach(
                (spec, access) ->
                        merged.merge(spec, access, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        return merged;
    }

    /** Whether the area's function holds this permission. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    private static Map<TableSpec, TableAccess> allTables(TableAccess access) {
        Map<TableSpec, TableAccess> all = new LinkedHashMap<>();
        Tables.ALL.forEach(spec -> all.put(spec, access));
        return all;
    }
}
