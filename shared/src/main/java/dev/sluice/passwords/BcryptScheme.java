package dev.sluice.passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt, {@code $2a$}, {@code $2b$} and {@code $2y$}: the three spellings compute the same thing
 * for UTF-8 passwords shorter than 256 bytes (they differ only in bugs of old implementations), and
 * Bouncy Castle's {@link OpenBSDBCrypt} accepts all three. Like OpenBSD, only the first 72 bytes of
 * the password count. The hash is recomputed with the stored salt and compared whole.
 */
final class BcryptScheme implements PasswordScheme {

    static final BcryptScheme INSTANCE = new BcryptScheme();

    /**
     * 2^16 rounds takes seconds; htpasswd's maximum is 17 and SFTPGo's default 10. Beyond this a
     * single imported hash could occupy a login thread for minutes (cost 31 is about a day).
     */
    static final int MAX_COST = 16;

    private static final int MIN_COST = 4;

    /** Version, two-digit cost, 22-character salt, 31-character hash. */
    private static final Pattern FORMAT =
            Pattern.compile("\\$(2[aby])\\$(\\d\\d)\\$([./A-Za-z0-9]{22})[./A-Za-z0-9]{31}");

    private static final String BCRYPT_ALPHABET =
            "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE64_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private BcryptScheme() {}

    private record Parsed(String version, int cost, byte[] salt) {}

    private static Parsed parse(String storedHash) throws InvalidHashException {
        Matcher m = FORMAT.matcher(storedHash);
        if (!m.matches()) {
            throw new InvalidHashException(
                    "is not a bcrypt hash of the form $2y$<2-digit cost>$<53 characters>");
        }
        int cost = Integer.parseInt(m.group(2));
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new InvalidHashException(
                    "has bcrypt cost "
                            + cost
                            + "; "
                            + MIN_COST
                            + " to "
                            + MAX_COST
                            + " is supported");
        }
        return new Parsed(m.group(1), cost, decodeSalt(m.group(3)));
    }

    /**
     * bcrypt's base64 is the standard one with another alphabet: translate, then decode 22 chars to
     * 16 bytes.
     */
    private static byte[] decodeSalt(String salt) {
        StringBuilder standard = new StringBuilder(salt.length());
        for (int i = 0; i < salt.length(); i++) {
            standard.append(BASE64_ALPHABET.charAt(BCRYPT_ALPHABET.indexOf(salt.charAt(i))));
        }
        return Base64.getDecoder().decode(standard.toString());
    }

    @Override
    public void check(String storedHash) throws InvalidHashException {
        parse(storedHash);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) throws InvalidHashException {
        Parsed stored = parse(storedHash);
        // generate() zeroes the array it is given, so it gets a copy.
        String computed =
                OpenBSDBCrypt.generate(
                        stored.version(), password.clone(), stored.salt(), stored.cost());
        return MessageDigest.isEqual(
                computed.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
