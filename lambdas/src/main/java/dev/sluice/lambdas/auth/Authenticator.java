package dev.sluice.lambdas.auth;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.apikeys.ApiKeyService;
import dev.sluice.defender.Defender;
import dev.sluice.defender.HostEvent;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.net.Cidr;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.users.LoginConditions;
import dev.sluice.users.Protocol;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes the caller of a request: a Bearer token, an {@code X-SFTPGO-API-KEY}, or (for {@code
 * /token} only) HTTP Basic. Every path re-reads the admin from the store, so disabling an admin or
 * narrowing its allowed networks takes effect on the next request, not at token expiry.
 *
 * <p>The defender comes first: a request from a banned source address is refused with 403 before
 * any credential is looked at (as SFTPGo refuses every HTTP request of a banned address). A failed
 * {@code /token} login counts against its source ({@link HostEvent#USER_NOT_FOUND} for an unknown
 * admin, {@link HostEvent#LOGIN_FAILED} otherwise), and so does a refused API key ({@link
 * HostEvent#USER_NOT_FOUND} when no such key, or no identity it names, exists). A Bearer token that
 * fails verification counts nothing: a token is an HMAC-SHA256 signature under a secret key, so
 * there is nothing to guess, while expired and revoked tokens are routine for honest automation
 * (20-minute tokens, all revoked by a password change), which scoring would ban along with everyone
 * behind its NAT.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    public static final String API_KEY_HEADER = "X-SFTPGO-API-KEY";

    private final AdminStore admins;
    private final UserStore users;
    private final TokenService tokens;
    private final ApiKeyService apiKeys;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final DefenderGate gate;

    /**
     * A real hash with current parameters, verified for unknown admins so timing reveals nothing.
     */
    private volatile String dummyHash;

    /**
     * An authenticator over the stores, refusing and scoring source addresses through {@code
     * defender} ({@link Defender#DISABLED} for none).
     */
    public Authenticator(
            AdminStore admins,
            UserStore users,
            TokenService tokens,
            ApiKeyService apiKeys,
            PasswordHasher hasher,
            Clock clock,
            Defender defender) {
        this.clock = clock;
        this.gate = new DefenderGate(defender);
        this.admins = admins;
        this.users = users;
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.hasher = hasher;
    }

    /** HTTP Basic for {@code GET /token}: an enabled admin, right password, allowed source. */
    public Admin basic(ApiRequest request) {
        gate.refuseBanned(request);
        // No Authorization header, or another scheme: no login was tried (curl without -u, a
        // client waiting for the 401 challenge), so nothing is counted.
        String header =
                request.header("authorization")
                        .orElseThrow(
                                () ->
                                        ApiException.unauthorized(
                                                "send the admin's credentials with HTTP Basic authentication"));
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiException.unauthorized(
                    "send the admin's credentials with HTTP Basic authentication");
        }
        String decoded;
        try {
            decoded =
                    new String(
                            Base64.getDecoder().decode(header.substring(6).strip()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw gate.failed(
                    request,
                    HostEvent.LOGIN_FAILED,
                    ApiException.unauthorized("the Basic credentials are not valid base64"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw gate.failed(
                    request,
                    HostEvent.LOGIN_FAILED,
                    ApiException.unauthorized("the Basic credentials must be username:password"));
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (password.length() > FieldRules.PASSWORD_MAX_LENGTH) {
            // Never hash an unbounded input; no stored password is this long, so nothing is
            // revealed.
            throw gate.failed(
                    request,
                    HostEvent.LOGIN_FAILED,
                    ApiException.unauthorized("invalid credentials"));
        }
        Problems nameRule = new Problems();
        FieldRules.name(nameRule, "username", username);
        Optional<Admin> admin = nameRule.isEmpty() ? admins.find(username) : Optional.empty();
        // The allow_list comes before the password: from a refused address the answer (and the time
        // it takes: one hash either way) is the same whether the password is right or not.
        boolean sourceAllowed = admin.map(a -> sourceAllowed(a, request)).orElse(true);
        // Verify against a dummy hash for unknown users too, so timing does not reveal who exists.
        String stored =
                admin.filter(a -> sourceAllowed)
                        .map(Admin::password)
                        .filter(p -> p != null && !p.isEmpty())
                        .orElseGet(this::dummyHash);
        boolean matches = hasher.verify(password, stored);
        if (admin.isEmpty() || !sourceAllowed || !matches || !admin.get().isEnabled()) {
            LOG.info(
                    "token refused for admin \"{}\" from {}: {}",
                    abbreviate(username),
                    request.sourceIp(),
                    admin.isEmpty()
                            ? "no such admin"
                            : !sourceAllowed
                                    ? "address not in allow_list"
                                    : !matches ? "wrong password" : "disabled");
            throw gate.failed(
                    request,
                    admin.isEmpty() ? HostEvent.USER_NOT_FOUND : HostEvent.LOGIN_FAILED,
                    ApiException.unauthorized("invalid credentials"));
        }
        if (hasher.needsRehash(stored)) {
            // A migrated (bcrypt, sha-crypt, ...) or older-cost hash becomes argon2id on first
            // login;
            // the update applies only if nobody changed the password meanwhile. The token is issued
            // for the admin as stored afterwards, so its credential stamp matches.
            String upgraded = hasher.hash(password);
            admins.update(
                    username, a -> stored.equals(a.password()) ? a.withPassword(upgraded) : a);
            return admins.find(username)
                    .filter(a -> a.id() == admin.get().id())
                    .orElseThrow(() -> ApiException.unauthorized("invalid credentials"));
        }
        return admin.get();
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /**
     * Bearer token or API key; 403 from a banned source address, 401 when neither is present or
     * valid.
     */
    public Caller authenticate(ApiRequest request) {
        gate.refuseBanned(request);
        Optional<String> apiKey = request.header(API_KEY_HEADER);
        Optional<String> authorization = request.header("authorization");
        if (apiKey.isPresent()) {
            return fromApiKey(apiKey.get(), request);
        }
        if (authorization.isPresent()
                && authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            TokenClaims claims = tokens.verify(authorization.get().substring(7).strip());
            Admin admin =
                    admins.find(claims.username())
                            .filter(Admin::isEnabled)
                            .orElseThrow(
                                    () ->
                                            ApiException.unauthorized(
                                                    "the token's admin no longer exists or is disabled"));
            if (!tokens.stillValidFor(claims, admin)) {
                throw ApiException.unauthorized(
                        "the token was revoked: its admin's password, permissions or status changed,"
                                + " or the admin was deleted and re-created; get a new token from /api/v2/token");
            }
            checkSource(admin, request);
            return new Caller.AdminCaller(admin, Optional.of(claims), Optional.empty());
        }
        throw ApiException.unauthorized(
                "authenticate with \"Authorization: Bearer <token>\" (from /api/v2/token) or an "
                        + API_KEY_HEADER
                        + " header");
    }

    private Caller fromApiKey(String presented, ApiRequest request) {
        return switch (apiKeys.check(presented)) {
            case ApiKeyService.Invalid invalid ->
                    throw gate.failed(
                            request,
                            keyExists(presented)
                                    ? HostEvent.LOGIN_FAILED
                                    : HostEvent.USER_NOT_FOUND,
                            ApiException.unauthorized(invalid.reason()));
            case ApiKeyService.Valid valid -> {
                ApiKey key = valid.key();
                String name = valid.username().orElseThrow();
                if (key.scope() == ApiKey.SCOPE_ADMIN) {
                    Optional<Admin> found = admins.find(name);
                    if (found.isEmpty() || !found.get().isEnabled()) {
                        throw gate.failed(
                                request,
                                found.isEmpty() ? HostEvent.USER_NOT_FOUND : HostEvent.LOGIN_FAILED,
                                ApiException.unauthorized(
                                        "the API key's admin does not exist or is disabled"));
                    }
                    Admin admin = found.get();
                    if (key.fixedIdentity().isPresent()
                            && !ApiKeyService.isBoundTo(key, admin.id())) {
                        throw gate.failed(
                                request,
                                HostEvent.LOGIN_FAILED,
                                ApiException.unauthorized(
                                        "the API key's admin was deleted; \""
                                                + name
                                                + "\" is now another admin, which the key does not act for"));
                    }
                    if (!admin.filters().allowApiKeyAuth()) {
                        throw gate.failed(
                                request,
                                HostEvent.LOGIN_FAILED,
                                ApiException.unauthorized(
                                        "admin \""
                                                + name
                                                + "\" does not allow API key authentication (filters.allow_api_key_auth)"));
                    }
                    if (!sourceAllowed(admin, request)) {
                        throw gate.failed(
                                request, HostEvent.LOGIN_FAILED, sourceRefused(admin, request));
                    }
                    yield new Caller.AdminCaller(admin, Optional.empty(), Optional.of(key));
                }
                Optional<User> found = users.find(name);
                if (found.isEmpty()) {
                    throw gate.failed(
                            request,
                            HostEvent.USER_NOT_FOUND,
                            ApiException.unauthorized("the API key's user does not exist"));
                }
                User user = found.get();
                if (key.fixedIdentity().isPresent() && !ApiKeyService.isBoundTo(key, user.id())) {
                    throw gate.failed(
                            request,
                            HostEvent.LOGIN_FAILED,
                            ApiException.unauthorized(
                                    "the API key's user was deleted; \""
                                            + name
                                            + "\" is now another user, which the key does not act for"));
                }
                if (!user.filters().allowApiKeyAuth()) {
                    throw gate.failed(
                            request,
                            HostEvent.LOGIN_FAILED,
                            ApiException.unauthorized(
                                    "user \""
                                            + name
                                            + "\" does not allow API key authentication (filters.allow_api_key_auth)"));
                }
                // The same login rule as SFTP: status, expiration, protocols (HTTP), IP filters.
                if (LoginConditions.check(
                                user,
                                Protocol.HTTP,
                                Cidr.address(request.sourceIp()).orElse(null),
                                Optional.empty(),
                                clock.millis())
                        instanceof LoginConditions.Refused refused) {
                    LOG.info(
                            "API key {} refused for user \"{}\" from {}: {}",
                            key.id(),
                            name,
                            request.sourceIp(),
                            refused.detail());
                    throw gate.failed(
                            request,
                            HostEvent.LOGIN_FAILED,
                            ApiException.unauthorized(
                                    "user \""
                                            + name
                                            + "\" may not log in now (status, expiration_date,"
                                            + " denied_protocols or IP filters)"));
                }
                yield new Caller.UserCaller(user, key);
            }
        };
    }

    /**
     * Whether a refused key names a key that exists (then its secret, expiry or identity was wrong:
     * a failed login) or none at all (a guess, scored as an unknown user). Read only for refused
     * keys, and answered the same either way, so it is no oracle.
     */
    private boolean keyExists(String presented) {
        return ApiKeyService.parse(presented).flatMap(p -> apiKeys.get(p.id())).isPresent();
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
        if (!sourceAllowed(admin, request)) {
            throw sourceRefused(admin, request);
        }
    }

    private static ApiException sourceRefused(Admin admin, ApiRequest request) {
        return ApiException.forbidden(
                "admin \"" + admin.username() + "\" may not connect from " + request.sourceIp());
    }

    private static boolean sourceAllowed(Admin admin, ApiRequest request) {
        List<String> allow = admin.filters().allowList();
        if (allow.isEmpty()) {
            return true;
        }
        Optional<java.net.InetAddress> source = Cidr.address(request.sourceIp());
        return source.isPresent()
                && allow.stream()
                        .map(Cidr::parse)
                        .flatMap(Optional::stream)
                        .anyMatch(cidr -> cidr.contains(source.get()));
    }
}
