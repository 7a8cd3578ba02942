package dev.sluice.lambdas.auth;

import dev.sluice.admins.Admin;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.users.User;
import java.util.Optional;

/** Who is calling, established by {@link Authenticator}. */
public sealed interface Caller {

    /**
     * An administrator, through a token (then {@code token} is present) or an API key (then {@code
     * apiKey} is present and some operations are refused, as in SFTPGo).
     */
    record AdminCaller(Admin admin, Optional<TokenClaims> token, Optional<ApiKey> apiKey)
            implements Caller {
        public boolean viaApiKey() {
            return apiKey.isPresent();
        }
    }

    /** A user acting through a user-scope API key. */
    record UserCaller(User user, ApiKey apiKey) implements Caller {}
}
