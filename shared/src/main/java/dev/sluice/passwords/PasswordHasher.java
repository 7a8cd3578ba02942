package dev.sluice.passwords;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Hashes new passwords with argon2id and verifies passwords against every stored format users
 * migrate from SFTPGo, Linux shadow files and Apache htpasswd (see {@link HashFormat}).
 *
 * <p>New hashes are argon2id PHC strings, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>},
 * with a 16-byte random salt and a 32-byte hash; the cost is {@link Argon2Settings#DEFAULT} unless
 * another is given. After a successful {@link #verify}, a caller checks {@link #needsRehash} and,
 * if true, stores {@link #hash} of the password just verified, so legacy hashes disappear as users
 * log in (as SFTPGo does).
 *
 * <p>Passwords are UTF-8 encoded. {@link #verify} never throws for a wrong password or a bad stored
 * hash: it returns false, having refused, before allocating anything, stored costs beyond fixed
 * limits (for example bcrypt cost above 16 or argon2 memory above 256 MiB) and passwords longer
 * than {@link #MAX_PASSWORD_BYTES}. Every final comparison is {@link
 * java.security.MessageDigest#isEqual}.
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {

    /**
     * Longer passwords are refused: sha-crypt's work grows with the password's length times its
     * rounds, so unbounded passwords would let one login attempt burn CPU for as long as it likes.
     * 4096 bytes holds any 1024-character password (the user validator's maximum) in UTF-8.
     */
    public static final int MAX_PASSWORD_BYTES = 4096;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Settings settings;
    private final SecureRandom random;

    /** Hashes with {@link Argon2Settings#DEFAULT}. */
    public PasswordHasher() {
        this(Argon2Settings.DEFAULT);
    }

    public PasswordHasher(Argon2Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = new SecureRandom();
    }

    /**
     * A new argon2id hash of {@code password} with a fresh random salt.
     *
     * @throws IllegalArgumentException if the password is longer than {@link #MAX_PASSWORD_BYTES}
     *     in UTF-8
     */
    public String hash(CharSequence password) {
        Objects.requireNonNull(password, "password");
        byte[] bytes = utf8(password);
        try {
            if (bytes.length > MAX_PASSWORD_BYTES) {
                throw new IllegalArgumentException(
                        "passwords are limited to " + MAX_PASSWORD_BYTES + " bytes");
            }
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            Argon2Hash unhashed =
                    new Argon2Hash(
                            HashFormat.ARGON2ID,
                            Argon2Hash.VERSION_13,
                            settings.memoryKiB(),
                            settings.iterations(),
                            settings.parallelism(),
                            salt,
                            new byte[HASH_BYTES]);
            return unhashed.withHash(Argon2Scheme.derive(bytes, unhashed)).encode();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * What to store for a password a client sent: nothing for an empty one, a hash in a supported
     * format as is (a migrating user's), a new argon2id hash for anything else.
     */
    public String toStored(String password) {
        if (password == null || password.isEmpty()) {
            return null;
        }
        return isSupportedHash(password) ? password : hash(password);
    }

    /**
     * Whether {@code password} matches {@code storedHash}. False, never an exception, for a wrong
     * or null password, an over-long password, a null hash, an {@link HashFormat#UNKNOWN} format, a
     * malformed hash or one whose costs exceed this class's limits.
     */
    public boolean verify(CharSequence password, String storedHash) {
        PasswordScheme scheme = schemeFor(HashFormat.detect(storedHash));
        if (password == null || scheme == null) {
            return false;
        }
        byte[] bytes = utf8(password);
        try {
            return bytes.length <= MAX_PASSWORD_BYTES && scheme.matches(bytes, storedHash);
        } catch (InvalidHashException | RuntimeException e) {
            // RuntimeException: a library refusing something the parsers let through must still
            // mean "no".
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * True unless {@code storedHash} is an argon2id (version 19) hash with exactly this hasher's
     * memory, iterations and parallelism: every legacy format, weaker or stronger argon2id costs,
     * and anything unparseable should be replaced by {@link #hash} after the next successful login.
     */
    public boolean needsRehash(String storedHash) {
        if (HashFormat.detect(storedHash) != HashFormat.ARGON2ID) {
            return true;
        }
        try {
            Argon2Hash stored = Argon2Hash.parse(storedHash);
            return stored.version() != Argon2Hash.VERSION_13
                    || stored.memoryKiB() != settings.memoryKiB()
                    || stored.iterations() != settings.iterations()
                    || stored.parallelism() != settings.parallelism();
        } catch (InvalidHashException e) {
            return true;
        }
    }

    /**
     * Whether {@code value} is a stored hash this class can verify: a supported format, well
     * formed, within the cost limits (exactly when {@link #problemWith} is empty). Anything else,
     * including a value with a supported prefix but, say, bcrypt cost 99, is not.
     */
    public static boolean isSupportedHash(String value) {
        return HashFormat.detect(value).isSupported() && problemWith(value).isEmpty();
    }

    /**
     * The format of a stored hash by its prefix; {@link HashFormat#UNKNOWN} for anything
     * unsupported.
     */
    public static HashFormat detect(String storedHash) {
        return HashFormat.detect(storedHash);
    }

    /**
     * Why {@code storedHash} cannot be imported, or empty if it can: it has a supported format, is
     * well formed and its costs are within the limits {@link #verify} applies. The text completes
     * "the password hash ...", for example "has bcrypt cost 99; 4 to 16 is supported", so the
     * validation layer can reject the import with it instead of storing a hash nobody can log in
     * with.
     */
    public static Optional<String> problemWith(String storedHash) {
        HashFormat format = HashFormat.detect(storedHash);
        PasswordScheme scheme = schemeFor(format);
        if (scheme == null) {
            return Optional.of(
                    "is not in a supported format; supported are "
                            + HashFormat.supported().stream()
                                    .map(HashFormat::displayName)
                                    .collect(Collectors.joining(", ")));
        }
        try {
            scheme.check(storedHash);
            return Optional.empty();
        } catch (InvalidHashException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static PasswordScheme schemeFor(HashFormat format) {
        return switch (format) {
            case ARGON2ID, ARGON2I, ARGON2D -> Argon2Scheme.INSTANCE;
            case BCRYPT -> BcryptScheme.INSTANCE;
            case YESCRYPT -> YescryptScheme.INSTANCE;
            case SHA512_CRYPT, SHA256_CRYPT, MD5_CRYPT, APR1_CRYPT -> CryptScheme.INSTANCE;
            case PBKDF2_SHA1, PBKDF2_SHA256, PBKDF2_SHA512, PBKDF2_B64SALT_SHA256 ->
                    Pbkdf2Scheme.INSTANCE;
            case MD5_DIGEST, SHA256_DIGEST, SHA512_DIGEST -> DigestScheme.INSTANCE;
            case UNKNOWN -> null;
        };
    }

    /**
     * UTF-8 bytes of the password in an array the caller clears (unpaired surrogates become '?').
     */
    private static byte[] utf8(CharSequence password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
