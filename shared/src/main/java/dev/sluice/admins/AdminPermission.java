package dev.sluice.admins;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an administrator may do through the REST API, with SFTPGo's names. */
public enum AdminPermission {
    ALL("*"),
    ADD_USERS("add_users"),
    EDIT_USERS("edit_users"),
    DEL_USERS("del_users"),
    VIEW_USERS("view_users"),
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
     * kept, but they grant nothing here.
     */
    public static final List<String> ACCEPTED_UNSUPPORTED =
            List.of(
                    "view_events",
                    "manage_event_rules",
                    "manage_groups",
                    "manage_roles",
                    "manage_ip_lists",
                    "manage_folders",
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
