package dev.sluice.admins;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** SFTPGo's admin {@code filters}: source networks allowed to use this admin, API key opt-in. */
@JsonIgnoreProperties({
    "totp_config",
    "recovery_codes",
    "require_two_factor",
    "require_password_change",
    "disable_password_auth",
    "preferences"
})
public record AdminFilters(List<String> allowList, boolean allowApiKeyAuth) {

    public AdminFilters {
        allowList = allowList == null ? List.of() : List.copyOf(allowList);
    }

    /** True when the admin may connect from any address (no list, or both "/0" networks listed). */
    public boolean allowsAnySource() {
        return allowList.isEmpty()
                || (allowList.contains("0.0.0.0/0") && allowList.contains("::/0"));
    }

    public static AdminFilters none() {
        return new AdminFilters(List.of(), false);
    }
}
