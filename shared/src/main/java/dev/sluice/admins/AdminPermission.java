package dev.sluice.admins;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an administrator may do through the REST API, with SFTPGo's names.
 *
 * <p>Both generations of SFTPGo's names are accepted: 2.4-2.6's ({@code manage_admins}, {@code
 * manage_apikeys}, {@code manage_system}, {@code retention_checks}, ...), which Sluice keeps for
 * the routes it has, and 2.6+/2.7's ({@code manage_folders}, {@code disable_mfa}), where SFTPGo 2.7
 * gives the admin, API key, system and retention routes to {@code *} alone. Which routes each
 * grants is decided by the handlers and listed in docs/rest-api.md.
 */
public enum AdminPermission {
    ALL("*"),
    ADD_USERS("add_users"),
    EDIT_USERS("edit_users"),
    DEL_USERS("del_users"),
    VIEW_USERS("view_users"),
    /** SFTPGo 2.6+: every {@code /api/v2/folders} route and the folder usage update. */
    MANAGE_FOLDERS("manage_folders"),
    VIEW_CONNS("view_conns"),
    CLOSE_CONNS("close_conns"),
    VIEW_STATUS("view_status"),
    MANAGE_ADMINS("manage_admins"),
    MANAGE_APIKEYS("manage_apikeys"),
    QUOTA_SCANS("quota_scans"),
    MANAGE_SYSTEM("manage_system"),
    MANAGE_DEFENDER("manage_defender"),
    VIEW_DEFENDER("view_defender"),
    RETENTION_CHECKS("retention_checks");

    /**
     * SFTPGo permissions for features Sluice does not have: accepted (so SFTPGo backups load) and
     * kept, but they grant nothing here ({@code disable_mfa}: Sluice has no two-factor
     * authentication to disable; {@code metadata_checks}: SFTPGo 2.4-2.6's, no metadata checks).
     */
    public static final List<String> ACCEPTED_UNSUPPORTED =
            List.of(
                    "view_events",
                    "manage_event_rules",
                    "manage_groups",
                    "manage_roles",
                    "manage_ip_lists",
                    "metadata_checks",
                    "disable_mfa",
                    "manage_global_settings");

    private final String json;

    AdminPermission(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<AdminPermission> parse(String name) {
        return Arrays.stream(values()).filter(p -> p.json.equals(name)).findFirst();
    }

    /**
     * The permissions of {@code wanted} that {@code holder} does not hold; empty when the holder
     * may manage (create, edit, delete, bind keys to) an admin with {@code wanted}. "*" holds every
     * permission, including ones added in later versions, so only "*" covers "*".
     */
    public static List<String> missing(List<String> holder, List<String> wanted) {
        if (holder.contains(ALL.json)) {
            return List.of();
        }
        return wanted.stream().filter(p -> !holder.contains(p)).distinct().toList();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(AdminPermission::json).toList();
    }
}
