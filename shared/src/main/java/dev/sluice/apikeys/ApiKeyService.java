package dev.sluice.apikeys;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API keys: {@code <id>.<secret>}, shown once, stored as a SHA-256 hash of the secret.
 *
 * <p>A fast hash is right here, unlike for passwords: the secret is 144 random bits, so there is
 * nothing to brute-force, and every API call verifies a key, so a slow hash would only cost time.
 * A key without a fixed identity is used as {@code <id>.<secret>.<username>} (SFTPGo's dynamic
 * impersonation).
 */
public final class ApiKeyService {

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final long LAST_USE_PRECISION_MS = 10 * 60 * 1000;

    /** What a client presented, split into its parts. */
    public record Presented(String id, String secret, Optional<String> username) {
    }

    /** The outcome of checking a presented key. */
    public sealed interface Check permits Valid, Invalid {
    }

    /** A known, unexpired key whose secret matched; {@code username} is who it acts as (may be empty). */
    public record Valid(ApiKey key, Optional<String> username) implements Check {
    }

    /** Refused, with a reason safe to show the client. */
    public record Invalid(String reason) implements Check {
    }

    private final ApiKeyStore keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Creates a key; the returned key's {@code key} field is the full key, shown this once. */
    public ApiKey create(ApiKey input) {
        ApiKey key = ApiKeyValidator.validate(input);
        long now = clock.millis();
        for (int attempt = 0; attempt < 3; attempt++) {
            String id = randomToken(22);
            String secret = randomToken(25);
            ApiKey stored = new ApiKey(id, key.name(), hash(secret), key.scope(), now, now, 0, key.expiresAt(),
                key.description(), blankToNull(key.user()), blankToNull(key.admin()));
            if (keys.create(stored) instanceof WriteResult.Written<ApiKey>) {
                return stored.withKey(id + "." + secret);
            }
        }
        throw new IllegalStateException("could not allocate a unique API key id");
    }

    /** Replaces the editable fields (name, description, expiry, scope, user, admin); the secret stays. */
    public WriteResult<ApiKey> update(String id, ApiKey input) {
        if (input.id() != null && !input.id().isEmpty() && !input.id().equals(id)) {
            new Problems().add("id", input.id(), "does not match the key being updated (\"" + id + "\")").throwIfAny();
        }
        ApiKey key = ApiKeyValidator.validate(input);
        return keys.update(id, stored -> new ApiKey(id, key.name(), stored.key(), key.scope(), stored.createdAt(),
            clock.millis(), stored.lastUseAt(), key.expiresAt(), key.description(), blankToNull(key.user()),
            blankToNull(key.admin()))).map(ApiKey::redacted);
    }

    public WriteResult<ApiKey> delete(String id) {
        return keys.delete(id).map(ApiKey::redacted);
    }

    public Optional<ApiKey> get(String id) {
        return keys.get(id).map(v -> v.value().redacted());
    }

    public List<ApiKey> list(PageRequest page) {
        return keys.list(page).stream().map(ApiKey::redacted).toList();
    }

    /** Longest secret part accepted (generated secrets have 25 characters). */
    static final int SECRET_MAX = 128;

    /**
     * Splits {@code <id>.<secret>[.<username>]}; empty when the text has not that shape or a part
     * breaks its rule (id and secret: letters and digits; username: the name rule), so nothing
     * malformed or over-long reaches the store.
     */
    public static Optional<Presented> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.strip().split("\\.", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        Problems problems = new Problems();
        ApiKeyValidator.id(problems, "id", parts[0]);
        FieldRules.token(problems, "secret", parts[1], SECRET_MAX);
        Optional<String> username = parts.length == 3 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty();
        username.ifPresent(name -> FieldRules.name(problems, "username", name));
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Presented(parts[0], parts[1], username));
    }

    /** Verifies a presented key: known id, matching secret (constant time), not expired. */
    public Check check(String header) {
        Optional<Presented> presented = parse(header);
        if (presented.isEmpty()) {
            return new Invalid("the API key is malformed; expected <id>.<secret> or <id>.<secret>.<username>");
        }
        Optional<Versioned<ApiKey>> stored = keys.get(presented.get().id());
        // Same message for unknown id and wrong secret: no oracle for valid ids.
        if (stored.isEmpty() || !MessageDigest.isEqual(
                hash(presented.get().secret()).getBytes(StandardCharsets.US_ASCII),
                stored.get().value().key().getBytes(StandardCharsets.US_ASCII))) {
            return new Invalid("the API key is not valid");
        }
        ApiKey key = stored.get().value();
        long now = clock.millis();
        if (key.isExpiredAt(now)) {
            return new Invalid("the API key expired");
        }
        String fixed = key.scope() == ApiKey.SCOPE_ADMIN ? key.admin() : key.user();
        Optional<String> actAs;
        if (fixed != null) {
            if (presented.get().username().isPresent() && !presented.get().username().get().equals(fixed)) {
                return new Invalid("this API key is bound to \"" + fixed + "\" and cannot act as another identity");
            }
            actAs = Optional.of(fixed);
        } else {
            actAs = presented.get().username();
            if (actAs.isEmpty()) {
                return new Invalid("this API key has no associated identity: append .<username> to name who it acts as");
            }
        }
        if (now - key.lastUseAt() > LAST_USE_PRECISION_MS) {
            // Like SFTPGo, last use is saved at most every 10 minutes: no write per request.
            keys.update(key.id(), k -> k.withLastUseAt(now));
        }
        return new Valid(key, actAs);
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomToken(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
