package dev.sluice.apikeys;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyValidatorTest {

    private static ApiKey key(String name, int scope, long expires, String user, String admin) {
        return new ApiKey(null, name, null, scope, 0, 0, 0, expires, null, user, admin, null);
    }

    @Test
    void validKeysPass() {
        assertThat(ApiKeyValidator.validate(key("ci", 1, 0, null, "ops")).admin()).isEqualTo("ops");
        assertThat(ApiKeyValidator.validate(key("ci", 2, 5, "alice", "")).user())
                .isEqualTo("alice");
        assertThat(ApiKeyValidator.validate(key("any user", 2, 0, null, null)).user()).isNull();
    }

    @Test
    void eachRuleHasItsMessage() {
        assertThat(errorsOf(() -> ApiKeyValidator.validate(key(" ", 3, -1, null, null))))
                .containsExactly(
                        "name: is required",
                        "scope: must be 1 (admin scope) or 2 (user scope) (got \"3\")",
                        "expires_at: must be 0 or more (ms since epoch; 0 never expires) (got \"-1\")");
        assertThat(errorsOf(() -> ApiKeyValidator.validate(key("k", 1, 0, "alice", null))))
                .containsExactly(
                        "user: must be empty for an admin-scope key (scope 1); use \"admin\" (got \"alice\")");
        assertThat(errorsOf(() -> ApiKeyValidator.validate(key("k", 2, 0, null, "ops"))))
                .containsExactly(
                        "admin: must be empty for a user-scope key (scope 2); use \"user\" (got \"ops\")");
        assertThat(errorsOf(() -> ApiKeyValidator.validate(key("k", 2, 0, "a b", null))))
                .containsExactly(
                        "user: may only contain letters, digits and . _ ~ - (got \"a b\")");
    }
}
