package dev.sluice.admins;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A REST API administrator, in SFTPGo v2 shape. {@code password} is plain (or an importable
 * hash) on input, the stored hash at rest, and absent from every response ({@link #redacted()}).
 */
@JsonIgnoreProperties({"id", "role", "groups", "preferences"})
public record Admin(
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

    /** True when this admin holds {@code permission} directly or through "*". */
    public boolean has(AdminPermission permission) {
        return permissions.contains(AdminPermission.ALL.json()) || permissions.contains(permission.json());
    }

    public Admin redacted() {
        return withPassword(null);
    }

    public Admin withPassword(String value) {
        return new Admin(username, value, status, email, description, permissions, filters, additionalInfo,
            createdAt, updatedAt, lastLogin);
    }

    public Admin withTimestamps(long created, long updated) {
        return new Admin(username, password, status, email, description, permissions, filters, additionalInfo,
            created, updated, lastLogin);
    }

    public Admin withLastLogin(long value) {
        return new Admin(username, password, status, email, description, permissions, filters, additionalInfo,
            createdAt, updatedAt, value);
    }
}
