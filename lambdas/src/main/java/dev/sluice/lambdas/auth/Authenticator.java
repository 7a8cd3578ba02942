package dev.sluice.lambdas.auth;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.apikeys.ApiKeyService;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.net.Cidr;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Establishes the caller of a request: a Bearer token, an {@code X-SFTPGO-API-KEY}, or (for
 * {@code /token} only) HTTP Basic. Every path re-reads the admin from the store, so disabling an
 * admin or narrowing its allowed networks takes effect on the next request, not at token expiry.
 */
public final class Authenticator {

    public static final String API_KEY_HEADER = "X-SFTPGO-API-KEY";

    private final AdminStore admins;
    private final UserStore users;
    private final TokenService tokens;
    private final ApiKeyService apiKeys;
    private final PasswordHasher hasher;
    /** A real hash with current parameters, verified for unknown admins so timing reveals nothing. */
    private volatile String dummyHash;

    public Authenticator(AdminStore admins, UserStore users, TokenService tokens, ApiKeyService apiKeys, PasswordHasher hasher) {
        this.admins = admins;
        this.users = users;
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.hasher = hasher;
    }

    /** HTTP Basic for {@code GET /token}: an enabled admin, right password, allowed source. */
    public Admin basic(ApiRequest request) {
        String header = request.header("authorization").orElseThrow(
            () -> ApiException.unauthorized("send the admin's credentials with HTTP Basic authentication"));
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiException.unauthorized("send the admin's credentials with HTTP Basic authentication");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw ApiException.unauthorized("the Basic credentials must be username:password");
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (password.length() > FieldRules.PASSWORD_MAX_LENGTH) {
            // Never hash an unbounded input; no stored password is this long, so nothing is revealed.
            throw ApiException.unauthorized("invalid credentials");
        }
        Problems nameRule = new Problems();
        FieldRules.name(nameRule, "username", username);
        Optional<Admin> admin = nameRule.isEmpty() ? admins.find(username) : Optional.empty();
        // Verify against a dummy hash for unknown users too, so timing does not reveal who exists.
        String stored = admin.map(Admin::password).filter(p -> p != null && !p.isEmpty()).orElseGet(this::dummyHash);
        boolean matches = hasher.verify(password, stored);
        if (admin.isEmpty() || !matches || !admin.get().isEnabled()) {
            throw ApiException.unauthorized("invalid credentials");
        }
        checkSource(admin.get(), request);
        if (hasher.needsRehash(stored)) {
            // A migrated (bcrypt, sha-crypt, ...) or older-cost hash becomes argon2id on first login;
            // the update applies only if nobody changed the password meanwhile.
            String upgraded = hasher.hash(password);
            admins.update(username, a -> stored.equals(a.password()) ? a.withPassword(upgraded) : a);
        }
        return admin.get();
    }

    /** Bearer token or API key; 401 when neither is present or valid. */
    public Caller authenticate(ApiRequest request) {
        Optional<String> apiKey = request.header(API_KEY_HEADER);
        Optional<String> authorization = request.header("authorization");
        if (apiKey.isPresent()) {
            return fromApiKey(apiKey.get(), request);
        }
        if (authorization.isPresent() && authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            TokenClaims claims = tokens.verify(authorization.get().substring(7).strip());
            Admin admin = admins.find(claims.username()).filter(Admin::isEnabled).orElseThrow(
                () -> ApiException.unauthorized("the token's admin no longer exists or is disabled"));
            checkSource(admin, request);
            return new Caller.AdminCaller(admin, Optional.of(claims), Optional.empty());
        }
        throw ApiException.unauthorized("authenticate with \"Authorization: Bearer <token>\" (from /api/v2/token) or an "
            + API_KEY_HEADER + " header");
    }

    private Caller fromApiKey(String presented, ApiRequest request) {
        return switch (apiKeys.check(presented)) {
            case ApiKeyService.Invalid invalid -> throw ApiException.unauthorized(invalid.reason());
            case ApiKeyService.Valid valid -> {
                ApiKey key = valid.key();
                String name = valid.username().orElseThrow();
                if (key.scope() == ApiKey.SCOPE_ADMIN) {
                    Admin admin = admins.find(name).filter(Admin::isEnabled).orElseThrow(
                        () -> ApiException.unauthorized("the API key's admin does not exist or is disabled"));
                    if (!admin.filters().allowApiKeyAuth()) {
                        throw ApiException.unauthorized("admin \"" + name + "\" does not allow API key authentication (filters.allow_api_key_auth)");
                    }
                    checkSource(admin, request);
                    yield new Caller.AdminCaller(admin, Optional.empty(), Optional.of(key));
                }
                User user = users.find(name).filter(User::isEnabled).orElseThrow(
                    () -> ApiException.unauthorized("the API key's user does not exist or is disabled"));
                if (!user.filters().allowApiKeyAuth()) {
                    throw ApiException.unauthorized("user \"" + name + "\" does not allow API key authentication (filters.allow_api_key_auth)");
                }
                yield new Caller.UserCaller(user, key);
            }
        };
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = hasher.hash("timing-equaliser-" + System.nanoTime());
            dummyHash = hash;
        }
        return hash;
    }

    private static void checkSource(Admin admin, ApiRequest request) {
        List<String> allow = admin.filters().allowList();
        if (allow.isEmpty()) {
            return;
        }
        Optional<java.net.InetAddress> source = Cidr.address(request.sourceIp());
        boolean allowed = source.isPresent() && allow.stream().map(Cidr::parse).flatMap(Optional::stream)
            .anyMatch(cidr -> cidr.contains(source.get()));
        if (!allowed) {
            throw ApiException.forbidden("admin \"" + admin.username() + "\" may not connect from " + request.sourceIp());
        }
    }
}
