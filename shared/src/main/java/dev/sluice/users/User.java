package dev.sluice.users;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.sluice.fs.FilesystemConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SFTP user, in SFTPGo REST API v2 shape (field names, units: bytes, KB/s, ms since epoch).
 *
 * <p>{@code password} carries the plain password (or an importable hash) on the way in and the
 * stored hash at rest; it never goes out ({@link #redacted()}). Build instances with {@link
 * #builder()}; records are immutable.
 *
 * @param id the user's identity, chosen by the server at creation and never changed: user-scope API
 *     keys are bound to it, so a user re-created under the same name is someone else ({@link
 *     dev.sluice.identity.Identities}); clients may send it (SFTPGo backups do), it is ignored
 */
@JsonIgnoreProperties({
    "groups",
    "role",
    "oidc_custom_fields",
    "first_download",
    "first_upload",
    "last_password_change",
    "total_data_transfer",
    "upload_data_transfer",
    "download_data_transfer",
    "used_upload_data_transfer",
    "used_download_data_transfer"
})
public record User(
        long id,
        String username,
        int status,
        String email,
        String description,
        long expirationDate,
        String password,
        Boolean hasPassword,
        List<String> publicKeys,
        String homeDir,
        int uid,
        int gid,
        int maxSessions,
        long quotaSize,
        int quotaFiles,
        long usedQuotaSize,
        int usedQuotaFiles,
        long lastQuotaUpdate,
        int uploadBandwidth,
        int downloadBandwidth,
        Map<String, List<String>> permissions,
        List<VirtualFolderMapping> virtualFolders,
        FilesystemConfig filesystem,
        UserFilters filters,
        long createdAt,
        long updatedAt,
        long lastLogin,
        String additionalInfo) {

    public static final int STATUS_DISABLED = 0;
    public static final int STATUS_ENABLED = 1;

    public User {
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
        permissions = permissions == null ? Map.of() : copy(permissions);
        virtualFolders = virtualFolders == null ? List.of() : List.copyOf(virtualFolders);
        filesystem = filesystem == null ? FilesystemConfig.defaultBucket() : filesystem;
        filters = filters == null ? UserFilters.none() : filters;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> in) {
        // Keep the caller's order (it is how the user wrote it) but make it immutable.
        Map<String, List<String>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    @JsonIgnore
    public boolean isEnabled() {
        return status == STATUS_ENABLED;
    }

    /** True when the account has an expiration date and it has passed at {@code nowMillis}. */
    public boolean isExpiredAt(long nowMillis) {
        return expirationDate > 0 && expirationDate <= nowMillis;
    }

    /** The form the API returns: no password (only {@code has_password}), secrets redacted. */
    public User redacted() {
        var fs =
                filesystem.s3config().accessSecret() == null
                        ? filesystem
                        : filesystem.withS3config(
                                filesystem
                                        .s3config()
                                        .withAccessSecret(
                                                filesystem.s3config().accessSecret().hidden()));
        return toBuilder()
                .password(null)
                .hasPassword(password != null && !password.isEmpty())
                .filesystem(fs)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder, in the style of the AWS SDK v2 model builders. */
    public static final class Builder {
        private long id;
        private String username;
        private int status = STATUS_ENABLED;
        private String email;
        private String description;
        private long expirationDate;
        private String password;
        private Boolean hasPassword;
        private List<String> publicKeys;
        private String homeDir;
        private int uid;
        private int gid;
        private int maxSessions;
        private long quotaSize;
        private int quotaFiles;
        private long usedQuotaSize;
        private int usedQuotaFiles;
        private long lastQuotaUpdate;
        private int uploadBandwidth;
        private int downloadBandwidth;
        private Map<String, List<String>> permissions = Map.of("/", List.of("*"));
        private List<VirtualFolderMapping> virtualFolders;
        private FilesystemConfig filesystem;
        private UserFilters filters;
        private long createdAt;
        private long updatedAt;
        private long lastLogin;
        private String additionalInfo;

        private Builder() {}

        private Builder(User u) {
            id = u.id;
            username = u.username;
            status = u.status;
            email = u.email;
            description = u.description;
            expirationDate = u.expirationDate;
            password = u.password;
            hasPassword = u.hasPassword;
            publicKeys = u.publicKeys;
            homeDir = u.homeDir;
            uid = u.uid;
            gid = u.gid;
            maxSessions = u.maxSessions;
            quotaSize = u.quotaSize;
            quotaFiles = u.quotaFiles;
            usedQuotaSize = u.usedQuotaSize;
            usedQuotaFiles = u.usedQuotaFiles;
            lastQuotaUpdate = u.lastQuotaUpdate;
            uploadBandwidth = u.uploadBandwidth;
            downloadBandwidth = u.downloadBandwidth;
            permissions = u.permissions;
            virtualFolders = u.virtualFolders;
            filesystem = u.filesystem;
            filters = u.filters;
            createdAt = u.createdAt;
            updatedAt = u.updatedAt;
            lastLogin = u.lastLogin;
            additionalInfo = u.additionalInfo;
        }

        public Builder id(long v) {
            id = v;
            return this;
        }

        public Builder username(String v) {
            username = v;
            return this;
        }

        public Builder status(int v) {
            status = v;
            return this;
        }

        public Builder email(String v) {
            email = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder expirationDate(long v) {
            expirationDate = v;
            return this;
        }

        public Builder password(String v) {
            password = v;
            return this;
        }

        public Builder hasPassword(Boolean v) {
            hasPassword = v;
            return this;
        }

        public Builder publicKeys(List<String> v) {
            publicKeys = v;
            return this;
        }

        public Builder homeDir(String v) {
            homeDir = v;
            return this;
        }

        public Builder uid(int v) {
            uid = v;
            return this;
        }

        public Builder gid(int v) {
            gid = v;
            return this;
        }

        public Builder maxSessions(int v) {
            maxSessions = v;
            return this;
        }

        public Builder quotaSize(long v) {
            quotaSize = v;
            return this;
        }

        public Builder quotaFiles(int v) {
            quotaFiles = v;
            return this;
        }

        public Builder usedQuotaSize(long v) {
            usedQuotaSize = v;
            return this;
        }

        public Builder usedQuotaFiles(int v) {
            usedQuotaFiles = v;
            return this;
        }

        public Builder lastQuotaUpdate(long v) {
            lastQuotaUpdate = v;
            return this;
        }

        public Builder uploadBandwidth(int v) {
            uploadBandwidth = v;
            return this;
        }

        public Builder downloadBandwidth(int v) {
            downloadBandwidth = v;
            return this;
        }

        public Builder permissions(Map<String, List<String>> v) {
            permissions = v;
            return this;
        }

        public Builder virtualFolders(List<VirtualFolderMapping> v) {
            virtualFolders = v;
            return this;
        }

        public Builder filesystem(FilesystemConfig v) {
            filesystem = v;
            return this;
        }

        public Builder filters(UserFilters v) {
            filters = v;
            return this;
        }

        public Builder createdAt(long v) {
            createdAt = v;
            return this;
        }

        public Builder updatedAt(long v) {
            updatedAt = v;
            return this;
        }

        public Builder lastLogin(long v) {
            lastLogin = v;
            return this;
        }

        public Builder additionalInfo(String v) {
            additionalInfo = v;
            return this;
        }

        public User build() {
            return new User(
                    id,
                    username,
                    status,
                    email,
                    description,
                    expirationDate,
                    password,
                    hasPassword,
                    publicKeys,
                    homeDir,
                    uid,
                    gid,
                    maxSessions,
                    quotaSize,
                    quotaFiles,
                    usedQuotaSize,
                    usedQuotaFiles,
                    lastQuotaUpdate,
                    uploadBandwidth,
                    downloadBandwidth,
                    permissions,
                    virtualFolders,
                    filesystem,
                    filters,
                    createdAt,
                    updatedAt,
                    lastLogin,
                    additionalInfo);
        }
    }
}
