package dev.sluice.passwords;

import java.util.Arrays;
import java.util.List;

/**
 * The stored password hash formats this gateway can verify, told apart by their prefix.
 *
 * <p>This is the set SFTPGo accepts (its {@code dataprovider} package: bcrypt, argon2id, the {@code
 * $pbkdf2-*$} formats, md5/apr1/sha256/sha512-crypt, yescrypt and the {@code {MD5}}, {@code
 * {SHA256}}, {@code {SHA512}} digests), plus the bcrypt spellings {@code $2b$}/{@code $2y$} that
 * mkpasswd and htpasswd write and argon2i/argon2d, so hashes taken from an SFTPGo dump, a Linux
 * shadow file or an Apache htpasswd file can be imported unchanged. {@link #UNKNOWN} is anything
 * else: the validation layer rejects (or, in SFTPGo's manner, treats as a plain password) such a
 * value rather than storing something no login could ever match.
 */
public enum HashFormat {
    /** {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, what {@link PasswordHasher} writes. */
    ARGON2ID("argon2id", "$argon2id$"),
    ARGON2I("argon2i", "$argon2i$"),
    ARGON2D("argon2d", "$argon2d$"),
    /**
     * OpenBSD bcrypt; {@code $2a$} (SFTPGo, Go), {@code $2b$} (OpenBSD, libxcrypt), {@code $2y$}
     * (PHP, htpasswd).
     */
    BCRYPT("bcrypt", "$2a$", "$2b$", "$2y$"),
    /** yescrypt, the default of Debian 11+ and Ubuntu 22.04+ shadow files. */
    YESCRYPT("yescrypt", "$y$"),
    SHA512_CRYPT("sha512-crypt", "$6$"),
    SHA256_CRYPT("sha256-crypt", "$5$"),
    MD5_CRYPT("md5-crypt", "$1$"),
    /** Apache's variant of md5-crypt, htpasswd's default. */
    APR1_CRYPT("apr1 (Apache md5-crypt)", "$apr1$"),
    /**
     * SFTPGo's PBKDF2 formats: {@code $pbkdf2-<digest>$iterations$salt$base64(key)}, salt taken
     * literally.
     */
    PBKDF2_SHA1("pbkdf2-sha1", "$pbkdf2-sha1$"),
    PBKDF2_SHA256("pbkdf2-sha256", "$pbkdf2-sha256$"),
    PBKDF2_SHA512("pbkdf2-sha512", "$pbkdf2-sha512$"),
    /**
     * As {@link #PBKDF2_SHA256} but the salt is base64 (SFTPGo's form of 389 Directory Server
     * hashes).
     */
    PBKDF2_B64SALT_SHA256("pbkdf2-b64salt-sha256", "$pbkdf2-b64salt-sha256$"),
    /**
     * Unsalted digests as SFTPGo stores them: the prefix and the digest in hex. Weak; import only.
     */
    MD5_DIGEST("{MD5} digest", "{MD5}"),
    SHA256_DIGEST("{SHA256} digest", "{SHA256}"),
    SHA512_DIGEST("{SHA512} digest", "{SHA512}"),
    /** Not a hash format this gateway verifies. */
    UNKNOWN("unknown");

    private final String displayName;
    private final List<String> prefixes;

    HashFormat(String displayName, String... prefixes) {
        this.displayName = displayName;
        this.prefixes = List.of(prefixes);
    }

    /**
     * The format of a stored hash, by its prefix alone (see {@link PasswordHasher#problemWith} for
     * the rest).
     */
    public static HashFormat detect(String storedHash) {
        if (storedHash == null) {
            return UNKNOWN;
        }
        for (HashFormat format : values()) {
            for (String prefix : format.prefixes) {
                if (storedHash.startsWith(prefix)) {
                    return format;
                }
            }
        }
        return UNKNOWN;
    }

    /** The formats that can be verified, i.e. all but {@link #UNKNOWN}. */
    public static List<HashFormat> supported() {
        return Arrays.stream(values()).filter(HashFormat::isSupported).toList();
    }

    public boolean isSupported() {
        return this != UNKNOWN;
    }

    /** A short name for messages, such as "sha512-crypt". */
    public String displayName() {
        return displayName;
    }

    /** The prefixes that identify this format (empty for {@link #UNKNOWN}). */
    public List<String> prefixes() {
        return prefixes;
    }
}
