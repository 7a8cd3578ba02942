package dev.sluice.apikeys;

import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;

/**
 * The rules for an {@link ApiKey} as a client sends it (the key itself is generated, never sent).
 */
public final class ApiKeyValidator {

    /**
     * Key ids are generated: 22 characters of a base58 alphabet; this bound leaves room to change
     * that.
     */
    public static final int ID_MAX = 64;

    private static final java.util.regex.Pattern ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private ApiKeyValidator() {}

    /** An API key id as it appears in a path or in a presented key. */
    public static void id(Problems problems, String field, String value) {
        if (value == null || value.isEmpty()) {
            problems.add(field, null, "is required");
        } else if (value.length() > ID_MAX || !ID.matcher(value).matches()) {
            problems.add(
                    field,
                    value,
                    "is not an API key id (up to " + ID_MAX + " letters, digits, _ and -)");
        }
    }

    public static ApiKey validate(ApiKey key) {
        Problems problems = new Problems();
        if (key.name() == null || key.name().isBlank()) {
            problems.add("name", null, "is required");
        }
        FieldRules.maxLength(problems, "name", key.name(), 255);
        FieldRules.maxLength(problems, "description", key.description(), 4096);
        if (key.scope() != ApiKey.SCOPE_ADMIN && key.scope() != ApiKey.SCOPE_USER) {
            problems.add("scope", key.scope(), "must be 1 (admin scope) or 2 (user scope)");
        }
        FieldRules.nonNegative(
                problems, "expires_at", key.expiresAt(), "ms since epoch; 0 never expires");
        boolean hasUser = key.user() != null && !key.user().isEmpty();
        boolean hasAdmin = key.admin() != null && !key.admin().isEmpty();
        if (key.scope() == ApiKey.SCOPE_ADMIN && hasUser) {
            problems.add(
                    "user",
                    key.user(),
                    "must be empty for an admin-scope key (scope 1); use \"admin\"");
        }
        if (key.scope() == ApiKey.SCOPE_USER && hasAdmin) {
            problems.add(
                    "admin",
                    key.admin(),
                    "must be empty for a user-scope key (scope 2); use \"user\"");
        }
        if (hasUser) {
            FieldRules.name(problems, "user", key.user());
        }
        if (hasAdmin) {
            FieldRules.name(problems, "admin", key.admin());
        }
        problems.throwIfAny();
        return key;
    }
}
