package dev.sluice.lambdas.auth;

import dev.sluice.admins.Admin;
import dev.sluice.lambdas.http.ApiException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/**
 * Admin access tokens: short-lived JWTs signed with HS256 under a key from Secrets Manager.
 *
 * <p>Verification accepts only HS256 with our key and our issuer and audience; unsigned ({@code
 * alg: none}) and public-key algorithms are refused by the parser, so there is no
 * algorithm-confusion path. A logged-out token's id is in {@link RevokedTokens}.
 *
 * <p>A token names the admin's identity ({@code aid}, which a namesake created later does not
 * share) and a stamp of its credentials ({@link #stamp}): changing the admin's password,
 * permissions or status changes the stamp, which revokes every token issued before, on every Lambda
 * container at once, without a list of tokens to revoke.
 */
public final class TokenService {

    static final String ISSUER = "sluice";
    static final String AUDIENCE = "sluice-api";
    static final String ADMIN_ID = "aid";
    static final String STAMP = "stamp";

    /**
     * The issue time in ms: "iat" has whole seconds, too coarse to tell a token issued just after a
     * revocation.
     */
    static final String ISSUED_MS = "iat_ms";

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(20);

    /**
     * The current signing key: read through the secrets cache, so a rotation takes effect without a
     * redeploy.
     */
    private final Supplier<SecretKey> key;

    private final Duration ttl;
    private final Clock clock;
    private final RevokedTokens revoked;

    public TokenService(SecretKey key, Duration ttl, Clock clock, RevokedTokens revoked) {
        this(() -> key, ttl, clock, revoked);
    }

    /**
     * @param key the signing key now; tokens verify only under it, so after a rotation of the JWT
     *     secret tokens signed before it are refused (clients log in again)
     */
    public TokenService(Supplier<SecretKey> key, Duration ttl, Clock clock, RevokedTokens revoked) {
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
        this.revoked = revoked;
    }

    /** Derives the HMAC key from the secret's text (any length; hashed with a purpose label). */
    public static SecretKey signingKey(String secretText) {
        if (secretText == null || secretText.length() < 32) {
            throw new IllegalStateException(
                    "the JWT signing secret must hold at least 32 characters");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("sluice jwt signing key v1\0".getBytes(StandardCharsets.UTF_8));
            return Keys.hmacShaKeyFor(sha.digest(secretText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public IssuedToken issue(Admin admin) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        String token =
                Jwts.builder()
                        .issuer(ISSUER)
                        .audience()
                        .add(AUDIENCE)
                        .and()
                        .subject(admin.username())
                        .id(UUID.randomUUID().toString())
                        .issuedAt(Date.from(now))
                        .notBefore(Date.from(now))
                        .expiration(Date.from(expires))
                        .claim("permissions", admin.permissions())
                        .claim(ADMIN_ID, admin.id())
                        .claim(STAMP, stamp(admin))
                        .claim(ISSUED_MS, clock.millis())
                        .signWith(key.get(), Jwts.SIG.HS256)
                        .compact();
        return new IssuedToken(token, DateTimeFormatter.ISO_INSTANT.format(expires));
    }

    /**
     * Verifies signature, algorithm, issuer, audience, time window and revocation; 401 otherwise.
     */
    public TokenClaims verify(String token) {
        Claims claims;
        try {
            claims =
                    Jwts.parser()
                            .verifyWith(key.get())
                            .requireIssuer(ISSUER)
                            .requireAudience(AUDIENCE)
                            .clock(() -> Date.from(clock.instant()))
                            .clockSkewSeconds(30)
                            .build()
                            .parseSignedClaims(token)
                            .getPayload();
        } catch (ExpiredJwtException e) {
            throw ApiException.unauthorized(
                    "the token expired at "
                            + DateTimeFormatter.ISO_INSTANT.format(
                                    e.getClaims().getExpiration().toInstant())
                            + "; get a new one from /api/v2/token");
        } catch (JwtException | IllegalArgumentException e) {
            throw ApiException.unauthorized("the token is not valid: " + reason(e));
        }
        Number adminId = claims.get(ADMIN_ID, Number.class);
        String stamp = claims.get(STAMP, String.class);
        if (claims.getId() == null
                || claims.getSubject() == null
                || claims.getExpiration() == null
                || adminId == null
                || stamp == null) {
            throw ApiException.unauthorized(
                    "the token is not valid: it lacks its id, subject, identity, stamp or expiry");
        }
        Number issuedMs = claims.get(ISSUED_MS, Number.class);
        Instant issuedAt =
                issuedMs == null ? Instant.EPOCH : Instant.ofEpochMilli(issuedMs.longValue());
        if (revoked.isRevoked(claims.getId(), adminId.longValue(), issuedAt)) {
            throw ApiException.unauthorized(
                    "the token was revoked (a logout, or its admin's password, permissions or status"
                            + " changed); get a new one from /api/v2/token");
        }
        List<?> permissions = claims.get("permissions", List.class);
        return new TokenClaims(
                claims.getSubject(),
                adminId.longValue(),
                stamp,
                claims.getId(),
                claims.getExpiration().toInstant(),
                permissions == null
                        ? List.of()
                        : permissions.stream().map(String::valueOf).toList());
    }

    /**
     * Whether a verified token still speaks for {@code admin} as it is now: same identity (not a
     * namesake created since) and same password, permissions and status as when it was issued.
     */
    public boolean stillValidFor(TokenClaims claims, Admin admin) {
        return claims.adminId() == admin.id()
                && MessageDigest.isEqual(
                        claims.stamp().getBytes(StandardCharsets.US_ASCII),
                        stamp(admin).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A keyed digest of what a token must not outlive: the admin's identity, status, permissions
     * and password hash. Keyed with the signing key, so the token (readable by its holder) reveals
     * nothing about the password hash.
     */
    String stamp(Admin admin) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key.get());
            String material =
                    admin.id()
                            + "\0"
                            + admin.status()
                            + "\0"
                            + String.join(",", new java.util.TreeSet<>(admin.permissions()))
                            + "\0"
                            + (admin.password() == null ? "" : admin.password());
            byte[] digest = mac.doFinal(material.getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Revokes every token issued so far to {@code admin} (its credentials changed). */
    public void revokeAll(Admin admin) {
        Instant now = clock.instant();
        revoked.revokeIssuedBefore(admin.id(), now, now.plus(ttl).plusSeconds(60));
    }

    public void revoke(TokenClaims claims) {
        revoked.revoke(claims.tokenId(), claims.expiresAt());
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "SignatureException" -> "its signature does not match";
            case "UnsupportedJwtException" ->
                    "it is unsigned or uses an algorithm other than HS256";
            case "MalformedJwtException" -> "it is not a well-formed JWT";
            case "MissingClaimException", "IncorrectClaimException" ->
                    "it was not issued by this Sluice API";
            case "PrematureJwtException" -> "it is not valid yet";
            default ->
                    e.getMessage() == null ? name : name + ": " + e.getMessage().split("\\.", 2)[0];
        };
    }
}
