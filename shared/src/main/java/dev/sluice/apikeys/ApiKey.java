package dev.sluice.apikeys;

/**
 * An API key (SFTPGo's {@code APIKey}). {@code key} holds the full key only in the response to its
 * creation; at rest it holds a hash and it is absent from every other response.
 *
 * @param scope {@link #SCOPE_ADMIN} or {@link #SCOPE_USER}
 * @param user the user this key impersonates (user scope); empty: any user, named per request
 * @param admin the admin this key impersonates (admin scope); empty: any admin, named per request
 * @param expiresAt ms since epoch; 0 never expires
 * @param boundId server-owned, never in a response: the identity ({@code id}) of the admin or user
 *     the key was bound to when it was saved, so that a namesake created later is not that identity
 *     and the key does not work for it (null for dynamic keys)
 */
public record ApiKey(
        String id,
        String name,
        String key,
        int scope,
        long createdAt,
        long updatedAt,
        long lastUseAt,
        long expiresAt,
        String description,
        String user,
        String admin,
        Long boundId) {

    public static final int SCOPE_ADMIN = 1;
    public static final int SCOPE_USER = 2;

    public boolean isExpiredAt(long nowMillis) {
        return expiresAt > 0 && expiresAt <= nowMillis;
    }

    public ApiKey withKey(String value) {
        return new ApiKey(
                id,
                name,
                value,
                scope,
                createdAt,
                updatedAt,
                lastUseAt,
                expiresAt,
                description,
                user,
                admin,
                boundId);
    }

    public ApiKey withId(String value) {
        return new ApiKey(
                value,
                name,
                key,
                scope,
                createdAt,
                updatedAt,
                lastUseAt,
                expiresAt,
                description,
                user,
                admin,
                boundId);
    }

    public ApiKey withTimestamps(long created, long updated) {
        return new ApiKey(
                id,
                name,
                key,
                scope,
                created,
                updated,
                lastUseAt,
                expiresAt,
                description,
                user,
                admin,
                boundId);
    }

    public ApiKey withLastUseAt(long value) {
        return new ApiKey(
                id,
                name,
                key,
                scope,
                createdAt,
                updatedAt,
                value,
                expiresAt,
                description,
                user,
                admin,
                boundId);
    }

    public ApiKey withBoundId(Long value) {
        return new ApiKey(
                id,
                name,
                key,
                scope,
                createdAt,
                updatedAt,
                lastUseAt,
                expiresAt,
                description,
                user,
                admin,
                value);
    }

    /**
     * The identity this key is fixed to, if any: {@link #admin} for admin scope, {@link #user} for
     * user scope.
     */
    public java.util.Optional<String> fixedIdentity() {
        String name = scope == SCOPE_ADMIN ? admin : user;
        return name == null || name.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(name);
    }

    /** The form the API returns: no key hash, no bound identity. */
    public ApiKey redacted() {
        return new ApiKey(
                id,
                name,
                null,
                scope,
                createdAt,
                updatedAt,
                lastUseAt,
                expiresAt,
                description,
                user,
                admin,
                null);
    }
}
