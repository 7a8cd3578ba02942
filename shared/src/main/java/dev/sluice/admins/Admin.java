package dev.sluice.admins;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A REST API administrator, in SFTPGo v2 shape. {@code password} is plain (or an importable hash)
 * on input, the stored hash at rest, and absent from every response ({@link #redacted()}).
 *
 * @param id the admin's identity, chosen by the server at creation and never changed: tokens and
 *     API keys are bound to it, so an admin re-created under the same name is someone else ({@link
 *     dev.sluice.identity.Identities}); clients may send it (SFTPGo backups do), it is ignored
 */
@JsonIgnoreProperties({"role", "groups", "preferences"})
public record Admin(
        long id,
        String username,
        String password,
        int status,
        String email,
        String description,
        List<String> permissions,
        AdminFilters filters,
        String additionalInfo,
        long createdAt,
        long updatedAt,
        long lastLogin) {

    public static final int STATUS_DISABLED = 0;
    public static final int STATUS_ENABLED = 1;

    public Admin {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
        filters = filters == null ? AdminFilters.none() : filters;
    }

    @JsonIgnore
    public boolean isEnabled() {
        return status == STATUS_ENABLED;
    }

    /**
     * True when this admin holds every permission {@code other} holds ("*" holds all): it may
     * manage {@code other}.
     */
    public boolean covers(Admin other) {
        return AdminPermission.missing(permissions, other.permissions).isEmpty();
    }

    /** True when this admin holds {@code permission} directly or through "*". */
    public boolean has(AdminPermission permission) {
        return permissions.contains(AdminPermission.ALL.json())
                || permissions.contains(permission.json());
    }

    public Admin redacted() {
        return withPassword(null);
    }

    public Admin withPassword(String value) {
        return new Admin(
                id,
                username,
                value,
                status,
                email,
                description,
                permissions,
                filters,
                additionalInfo,
                createdAt,
                updatedAt,
                lastLogin);
    }

    public Admin withTimestamps(long created, long updated) {
        return new Admin(
                id,
                username,
                password,
                status,
                email,
                description,
                permissions,
                filters,
                additionalInfo,
                created,
                updated,
                lastLogin);
    }

    public Admin withLastLogin(long value) {
        return new Admin(
                id,
                username,
                password,
                status,
                email,
                description,
                permissions,
                filters,
                additionalInfo,
                createdAt,
                updatedAt,
                value);
    }

    public Admin withId(long value) {
        return new Admin(
                value,
                username,
                password,
                status,
                email,
                description,
                permissions,
                filters,
                additionalInfo,
                createdAt,
                updatedAt,
                lastLogin);
    }
}
