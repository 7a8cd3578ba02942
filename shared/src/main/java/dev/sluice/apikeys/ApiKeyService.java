package dev.sluice.apikeys;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminPermission;
import dev.sluice.admins.AdminStore;
import dev.sluice.admins.Delegation;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.identity.Identities;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.validation.FieldError;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import dev.sluice.validation.ValidationException;
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
 * nothing to brute-force, and every API call verifies a key, so a slow hash would only cost time. A
 * key without a fixed identity is used as {@code <id>.<secret>.<username>} (SFTPGo's dynamic
 * impersonation).
 *
 * <p>Keys restored from an SFTPGo dump keep their bcrypt or argon2id hash, so they go on working;
 * the first successful use replaces it with the SHA-256 form.
 */
public final class ApiKeyService {

    private static final char[] ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final long LAST_USE_PRECISION_MS = 10 * 60 * 1000;

    /** What a client presented, split into its parts. */
    public record Presented(String id, String secret, Optional<String> username) {}

    /** The outcome of checking a presented key. */
    public sealed interface Check permits Valid, Invalid {}

    /**
     * A known, unexpired key whose secret matched; {@code username} is who it acts as (may be
     * empty).
     */
    public record Valid(ApiKey key, Optional<String> username) implements Check {}

    /** Refused, with a reason safe to show the client. */
    public record Invalid(String reason) implements Check {}

    /** What {@link #restore} did. */
    public enum Restored {
        CREATED,
        UPDATED,
        UNCHANGED,
        /** It existed and the restore only adds. */
        KEPT
    }

    private static final java.util.regex.Pattern SHA256_HASH =
            java.util.regex.Pattern.compile("sha256:[0-9a-f]{64}");

    private final ApiKeyStore keys;
    private final AdminStore admins;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(
            ApiKeyStore keys,
            AdminStore admins,
            UserStore users,
            PasswordHasher hasher,
            Clock clock) {
        this.keys = keys;
        this.hasher = hasher;
        this.admins = admins;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Creates a key on behalf of {@code actor}; the returned key's {@code key} field is the full
     * key, shown this once. A key fixed to an admin is bound to that admin's identity and needs an
     * actor holding all of that admin's permissions; a key without a fixed identity can act as
     * anyone, so only an admin with "*" may create one.
     */
    public ApiKey create(ApiKey input, Admin actor) {
        ApiKey key = ApiKeyValidator.validate(input);
        Long boundId = bind(key, actor);
        long now = clock.millis();
        for (int attempt = 0; attempt < 3; attempt++) {
            String id = randomToken(22);
            String secret = randomToken(25);
            ApiKey stored =
                    new ApiKey(
                            id,
                            key.name(),
                            hash(secret),
                            key.scope(),
                            now,
                            now,
                            0,
                            key.expiresAt(),
                            key.description(),
                            blankToNull(key.user()),
                            blankToNull(key.admin()),
                            boundId);
            if (keys.create(stored) instanceof WriteResult.Written<ApiKey>) {
                return stored.withKey(id + "." + secret).withBoundId(null);
            }
        }
        throw new IllegalStateException("could not allocate a unique API key id");
    }

    /**
     * Restores a key from a dump with its id and stored hash, so that the key its owner holds keeps
     * working: Sluice's {@code sha256:} form, or the bcrypt or argon2id hash SFTPGo stores. The
     * same delegation rules as {@link #create} apply to whom it is bound. A key equal to the stored
     * one is not written again.
     *
     * @param addOnly leave an existing key as it is
     * @throws ValidationException when a field is invalid or the hash is one Sluice cannot verify
     */
    public Restored restore(ApiKey input, Admin actor, boolean addOnly) {
        ApiKey key = ApiKeyValidator.validate(input);
        Problems problems = new Problems();
        ApiKeyValidator.id(problems, "id", key.id());
        String hash = key.key();
        if (hash == null
                || !(SHA256_HASH.matcher(hash).matches()
                        || (isSftpgoKeyHash(hash) && PasswordHasher.isSupportedHash(hash)))) {
            problems.add(
                    "key",
                    hash == null ? null : hash.substring(0, Math.min(8, hash.length())) + "...",
                    "must be the key's stored hash: Sluice's sha256:<hex>, or SFTPGo's bcrypt"
                            + " (cost up to 12) or argon2id (up to 64 MiB, 4 passes); a key whose"
                            + " hash cannot be honoured must be created again");
        }
        problems.throwIfAny();
        Optional<Versioned<ApiKey>> current = keys.get(key.id());
        if (current.isPresent() && addOnly) {
            return Restored.KEPT;
        }
        current.ifPresent(c -> requireMayManage(c.value(), actor));
        Long boundId = bind(key, actor);
        long now = clock.millis();
        ApiKey wanted =
                new ApiKey(
                        key.id(),
                        key.name(),
                        hash,
                        key.scope(),
                        key.createdAt() > 0 ? key.createdAt() : now,
                        now,
                        key.lastUseAt(),
                        key.expiresAt(),
                        key.description(),
                        blankToNull(key.user()),
                        blankToNull(key.admin()),
                        boundId);
        if (current.isEmpty()) {
            if (!(keys.create(wanted) instanceof WriteResult.Written<ApiKey>)) {
                throw new ValidationException(
                        FieldError.of(
                                "id",
                                key.id(),
                                "was created by another request during the restore; send it"
                                        + " again"));
            }
            return Restored.CREATED;
        }
        ApiKey stored = current.get().value();
        if (sameRestorable(stored, wanted)) {
            return Restored.UNCHANGED;
        }
        ApiKey next =
                new ApiKey(
                        wanted.id(),
                        wanted.name(),
                        // A key already upgraded to SHA-256 by its use keeps that form: the same
                        // secret, a faster check.
                        upgraded(stored.key(), hash) ? stored.key() : hash,
                        wanted.scope(),
                        stored.createdAt(),
                        now,
                        stored.lastUseAt(),
                        wanted.expiresAt(),
                        wanted.description(),
                        wanted.user(),
                        wanted.admin(),
                        boundId);
        if (!(keys.update(next, current.get().version()) instanceof WriteResult.Written<ApiKey>)) {
            throw new ValidationException(
                    FieldError.of(
                            "id",
                            key.id(),
                            "was changed by another request during the restore; send it again"));
        }
        return Restored.UPDATED;
    }

    private static final java.util.regex.Pattern SFTPGO_BCRYPT =
            java.util.regex.Pattern.compile("\\$2a\\$(0[4-9]|1[0-2])\\$.{53}");
    private static final java.util.regex.Pattern SFTPGO_ARGON2ID =
            java.util.regex.Pattern.compile(
                    "\\$argon2id\\$v=19\\$m=(\\d{1,6}),t=(\\d{1,2}),p=(\\d{1,2})\\$.+");

    /**
     * The hashes SFTPGo writes for API keys, at costs a check may pay on every request: every call
     * carrying the key's id verifies it, so a dump must not set costs that make an unauthenticated
     * request expensive.
     */
    private static boolean isSftpgoKeyHash(String hash) {
        if (SFTPGO_BCRYPT.matcher(hash).matches()) {
            return true;
        }
        var argon = SFTPGO_ARGON2ID.matcher(hash);
        return argon.matches()
                && Integer.parseInt(argon.group(1)) <= 65_536
                && Integer.parseInt(argon.group(2)) <= 4
                && Integer.parseInt(argon.group(3)) <= 8;
    }

    private static boolean sameRestorable(ApiKey stored, ApiKey wanted) {
        return java.util.Objects.equals(stored.name(), wanted.name())
                && (stored.key().equals(wanted.key()) || upgraded(stored.key(), wanted.key()))
                && stored.scope() == wanted.scope()
                && stored.expiresAt() == wanted.expiresAt()
                && java.util.Objects.equals(stored.description(), wanted.description())
                && java.util.Objects.equals(stored.user(), wanted.user())
                && java.util.Objects.equals(stored.admin(), wanted.admin())
                && java.util.Objects.equals(stored.boundId(), wanted.boundId());
    }

    /**
     * Whether {@code stored} is the SHA-256 form a key with the dump's password-style hash took at
     * its first use. (That the secret is the same cannot be known from two hashes; a dump's bcrypt
     * hash never replaces the faster form of the key it was made from.)
     */
    private static boolean upgraded(String stored, String dumped) {
        return SHA256_HASH.matcher(stored).matches() && !SHA256_HASH.matcher(dumped).matches();
    }

    /**
     * Replaces the editable fields (name, description, expiry, scope, user, admin); the secret
     * stays. {@code actor} must be allowed to manage the key as it is and as it will be.
     */
    public WriteResult<ApiKey> update(String id, ApiKey input, Admin actor) {
        if (input.id() != null && !input.id().isEmpty() && !input.id().equals(id)) {
            new Problems()
                    .add("id", input.id(), "does not match the key being updated (\"" + id + "\")")
                    .throwIfAny();
        }
        ApiKey key = ApiKeyValidator.validate(input);
        Optional<Versioned<ApiKey>> current = keys.get(id);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(id);
        }
        requireMayManage(current.get().value(), actor);
        Long boundId = bind(key, actor);
        return keys.update(
                        id,
                        stored ->
                                new ApiKey(
                                        id,
                                        key.name(),
                                        stored.key(),
                                        key.scope(),
                                        stored.createdAt(),
                                        clock.millis(),
                                        stored.lastUseAt(),
                                        key.expiresAt(),
                                        key.description(),
                                        blankToNull(key.user()),
                                        blankToNull(key.admin()),
                                        boundId))
                .map(ApiKey::redacted);
    }

    /** Deletes a key; {@code actor} must be allowed to manage it (see {@link #create}). */
    public WriteResult<ApiKey> delete(String id, Admin actor) {
        Optional<Versioned<ApiKey>> current = keys.get(id);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(id);
        }
        requireMayManage(current.get().value(), actor);
        return keys.delete(id).map(ApiKey::redacted);
    }

    /**
     * Deletes the keys bound to an identity that is gone (its account was deleted). The binding
     * already makes them useless; this keeps them from showing as keys of a later namesake.
     */
    public int deleteBoundTo(int scope, long identity) {
        int deleted = 0;
        int offset = 0;
        List<ApiKey> page;
        do {
            page = keys.list(new PageRequest(offset, PageRequest.MAX_LIMIT, SortOrder.ASC));
            offset += page.size();
            for (ApiKey key : page) {
                if (key.scope() == scope
                        && key.boundId() != null
                        && key.boundId() == identity
                        && keys.delete(key.id()) instanceof WriteResult.Written<ApiKey>) {
                    deleted++;
                }
            }
        } while (page.size() == PageRequest.MAX_LIMIT);
        return deleted;
    }

    /** The identity a key will be bound to, after checking {@code actor} may bind it there. */
    private Long bind(ApiKey key, Admin actor) {
        Optional<String> fixed = key.fixedIdentity();
        if (fixed.isEmpty()) {
            Delegation.requireCovers(
                    actor,
                    List.of(AdminPermission.ALL.json()),
                    "create a key without a fixed "
                            + (key.scope() == ApiKey.SCOPE_ADMIN ? "admin" : "user")
                            + " (it can act as anyone, so it needs \"*\")");
            return null;
        }
        if (key.scope() == ApiKey.SCOPE_ADMIN) {
            Admin target =
                    admins.find(fixed.get())
                            .orElseThrow(
                                    () ->
                                            new ValidationException(
                                                    FieldError.of(
                                                            "admin",
                                                            fixed.get(),
                                                            "no such admin; a key is bound to an existing admin")));
            Delegation.requireCovers(
                    actor, target, "bind a key to admin \"" + target.username() + "\"");
            return target.id();
        }
        return users.find(fixed.get())
                .map(User::id)
                .orElseThrow(
                        () ->
                                new ValidationException(
                                        FieldError.of(
                                                "user",
                                                fixed.get(),
                                                "no such user; a key is bound to an existing user")));
    }

    /** Whether {@code actor} may change or delete {@code key} as it is stored now. */
    private void requireMayManage(ApiKey key, Admin actor) {
        Optional<String> fixed = key.fixedIdentity();
        if (fixed.isEmpty()) {
            Delegation.requireCovers(
                    actor,
                    List.of(AdminPermission.ALL.json()),
                    "manage a key without a fixed identity");
            return;
        }
        if (key.scope() == ApiKey.SCOPE_ADMIN) {
            // A key whose admin is gone (or was re-created) is dead: anyone with manage_apikeys may
            // tidy it up.
            admins.find(fixed.get())
                    .filter(a -> isBoundTo(key, a.id()))
                    .ifPresent(
                            bound ->
                                    Delegation.requireCovers(
                                            actor,
                                            bound,
                                            "manage a key of admin \"" + bound.username() + "\""));
        }
    }

    /**
     * Whether {@code key} belongs to the identity {@code id} now holding its name. Keys saved
     * before identities existed carry none: they match only an account that has none either.
     */
    public static boolean isBoundTo(ApiKey key, long id) {
        return key.boundId() == null ? id == Identities.NONE : key.boundId() == id;
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
        Optional<String> username =
                parts.length == 3 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty();
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
            return new Invalid(
                    "the API key is malformed; expected <id>.<secret> or <id>.<secret>.<username>");
        }
        Optional<Versioned<ApiKey>> stored = keys.get(presented.get().id());
        // Same message for unknown id and wrong secret: no oracle for valid ids.
        if (stored.isEmpty() || !matches(presented.get().secret(), stored.get().value().key())) {
            return new Invalid("the API key is not valid");
        }
        ApiKey key = stored.get().value();
        if (!SHA256_HASH.matcher(key.key()).matches()) {
            // A restored SFTPGo hash: from now on the fast form (see the class comment), unless
            // the stored hash changed meanwhile (a restore wrote another one).
            String fast = hash(presented.get().secret());
            String matched = key.key();
            keys.update(key.id(), k -> k.key().equals(matched) ? k.withKey(fast) : k);
        }
        long now = clock.millis();
        if (key.isExpiredAt(now)) {
            return new Invalid("the API key expired");
        }
        String fixed = key.scope() == ApiKey.SCOPE_ADMIN ? key.admin() : key.user();
        Optional<String> actAs;
        if (fixed != null) {
            if (presented.get().username().isPresent()
                    && !presented.get().username().get().equals(fixed)) {
                return new Invalid(
                        "this API key is bound to \""
                                + fixed
                                + "\" and cannot act as another identity");
            }
            actAs = Optional.of(fixed);
        } else {
            actAs = presented.get().username();
            if (actAs.isEmpty()) {
                return new Invalid(
                        "this API key has no associated identity: append .<username> to name who it acts as");
            }
        }
        if (now - key.lastUseAt() > LAST_USE_PRECISION_MS) {
            // Like SFTPGo, last use is saved at most every 10 minutes: no write per request.
            keys.update(key.id(), k -> k.withLastUseAt(now));
        }
        return new Valid(key, actAs);
    }

    private boolean matches(String secret, String storedHash) {
        if (SHA256_HASH.matcher(storedHash).matches()) {
            return MessageDigest.isEqual(
                    hash(secret).getBytes(StandardCharsets.US_ASCII),
                    storedHash.getBytes(StandardCharsets.US_ASCII));
        }
        return hasher.verify(secret, storedHash);
    }

    static String hash(String secret) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(secret.getBytes(StandardCharsets.UTF_8));
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
