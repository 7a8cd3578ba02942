package dev.sluice.passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * The glibc/libxcrypt crypt(3) formats older shadow and htpasswd files hold: sha512-crypt ({@code
 * $6$}), sha256-crypt ({@code $5$}, both with an optional {@code rounds=N$}), md5-crypt ({@code
 * $1$}) and Apache's apr1 ({@code $apr1$}). commons-codec recomputes the whole string from the
 * stored salt (and rounds), which is then compared with the stored one.
 */
final class CryptScheme implements PasswordScheme {

    static final CryptScheme INSTANCE = new CryptScheme();

    /**
     * 200 times the default of 5000; about a second per verification in Java. glibc allows up to
     * 999,999,999, which would take hours.
     */
    static final int MAX_ROUNDS = 1_000_000;

    private static final String CHARS = "[./0-9A-Za-z]";
    private static final Pattern MD5 =
            Pattern.compile("\\$1\\$" + CHARS + "{1,8}\\$" + CHARS + "{22}");
    private static final Pattern APR1 =
            Pattern.compile("\\$apr1\\$" + CHARS + "{1,8}\\$" + CHARS + "{22}");
    private static final Pattern SHA256 =
            Pattern.compile(
                    "\\$5\\$(?:rounds=(\\d{1,9})\\$)?" + CHARS + "{1,16}\\$" + CHARS + "{43}");
    private static final Pattern SHA512 =
            Pattern.compile(
                    "\\$6\\$(?:rounds=(\\d{1,9})\\$)?" + CHARS + "{1,16}\\$" + CHARS + "{86}");

    private CryptScheme() {}

    @Override
    public void check(String storedHash) throws InvalidHashException {
        HashFormat format = HashFormat.detect(storedHash);
        Pattern pattern =
                switch (format) {
                    case MD5_CRYPT -> MD5;
                    case APR1_CRYPT -> APR1;
                    case SHA256_CRYPT -> SHA256;
                    case SHA512_CRYPT -> SHA512;
                    default -> throw new InvalidHashException("is not a crypt(3) hash");
                };
        Matcher m = pattern.matcher(storedHash);
        if (!m.matches()) {
            throw new InvalidHashException(
                    "is not a well-formed " + format.displayName() + " hash");
        }
        if (m.groupCount() > 0 && m.group(1) != null && Integer.parseInt(m.group(1)) > MAX_ROUNDS) {
            throw new InvalidHashException(
                    "has "
                            + format.displayName()
                            + " rounds="
                            + m.group(1)
                            + "; at most "
                            + MAX_ROUNDS
                            + " is supported");
        }
    }

    @Override
    public boolean matches(byte[] password, String storedHash) throws InvalidHashException {
        check(storedHash);
        // The stored hash serves as the salt argument: commons-codec reads the prefix, rounds and
        // salt from it.
        String computed =
                switch (HashFormat.detect(storedHash)) {
                    case MD5_CRYPT -> Md5Crypt.md5Crypt(password, storedHash);
                    case APR1_CRYPT -> Md5Crypt.apr1Crypt(password, storedHash);
                    case SHA256_CRYPT -> Sha2Crypt.sha256Crypt(password, storedHash);
                    default -> Sha2Crypt.sha512Crypt(password, storedHash);
                };
        return MessageDigest.isEqual(
                computed.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
