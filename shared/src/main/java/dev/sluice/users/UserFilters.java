package dev.sluice.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SFTPGo's {@code filters} object for users: where a user may connect from, how, and what files.
 *
 * @param maxUploadFileSize bytes; 0 means no limit
 * @param additionalEmails SFTPGo 2.7's further addresses of the user, kept and returned; Sluice
 *     mails users nothing (reports go to admins and to policies' recipients)
 */
@JsonIgnoreProperties({
    "tls_username",
    "tls_certs",
    "hooks",
    "disable_fs_checks",
    "web_client",
    "user_type",
    "totp_config",
    "recovery_codes",
    "bandwidth_limits",
    "data_transfer_limits",
    "external_auth_cache_time",
    "start_directory",
    "two_factor_protocols",
    "ftp_security",
    "is_anonymous",
    "default_shares_expiration",
    "max_shares_expiration",
    "password_expiration",
    "password_strength",
    "require_password_change",
    "access_time",
    "file_extensions",
    "check_password_disabled"
})
public record UserFilters(
        List<String> allowedIp,
        List<String> deniedIp,
        List<String> deniedLoginMethods,
        List<String> deniedProtocols,
        List<PatternsFilter> filePatterns,
        long maxUploadFileSize,
        boolean allowApiKeyAuth,
        List<String> additionalEmails) {

    /** Filters without additional e-mail addresses. */
    public UserFilters(
            List<String> allowedIp,
            List<String> deniedIp,
            List<String> deniedLoginMethods,
            List<String> deniedProtocols,
            List<PatternsFilter> filePatterns,
            long maxUploadFileSize,
            boolean allowApiKeyAuth) {
        this(
                allowedIp,
                deniedIp,
                deniedLoginMethods,
                deniedProtocols,
                filePatterns,
                maxUploadFileSize,
                allowApiKeyAuth,
                null);
    }

    public UserFilters {
        allowedIp = allowedIp == null ? List.of() : List.copyOf(allowedIp);
        deniedIp = deniedIp == null ? List.of() : List.copyOf(deniedIp);
        deniedLoginMethods =
                deniedLoginMethods == null ? List.of() : List.copyOf(deniedLoginMethods);
        deniedProtocols = deniedProtocols == null ? List.of() : List.copyOf(deniedProtocols);
        filePatterns = filePatterns == null ? List.of() : List.copyOf(filePatterns);
        // Nulls kept (unlike List.copyOf) so the validator can name the entry: [..., null].
        additionalEmails =
                additionalEmails == null
                        ? List.of()
                        : Collections.unmodifiableList(new ArrayList<>(additionalEmails));
    }

    public static UserFilters none() {
        return new UserFilters(null, null, null, null, null, 0, false, null);
    }
}
