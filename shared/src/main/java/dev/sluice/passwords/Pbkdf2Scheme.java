package dev.sluice.passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SFTPGo's PBKDF2 formats, parsed as its {@code comparePbkdf2PasswordAndHash} does (drakkan/sftpgo,
 * internal/dataprovider): {@code $<algorithm>$<iterations>$<salt>$<key>} split on {@code $} into
 * exactly five parts; the key is standard base64 with padding and its decoded length is the
 * derived-key length; the salt is the literal UTF-8 text, except in {@code $pbkdf2-b64salt-sha256$}
 * where it is standard base64. The algorithms are {@code pbkdf2-sha1}, {@code pbkdf2-sha256},
 * {@code pbkdf2-sha512} and {@code pbkdf2-b64salt-sha256} (SFTPGo has no b64salt variant for the
 * other digests).
 *
 * <p>Two deliberate differences: an empty key is refused (SFTPGo derives an empty key and so
 * accepts any password for such a hash), and so are iteration counts below 1 and above {@link
 * #MAX_WORK}.
 */
final class Pbkdf2Scheme implements PasswordScheme {

    static final Pbkdf2Scheme INSTANCE = new Pbkdf2Scheme();

    /**
     * Iterations × output blocks: 2,000,000 HMAC chains, a second or two. OWASP asks for 1.3
     * million with SHA-1 and 600,000 with SHA-256; 389 Directory Server hashes (256-byte keys in 8
     * SHA-256 blocks, 2048 iterations) come to 16,384.
     */
    static final long MAX_WORK = 2_000_000;

    private static final int MAX_KEY_BYTES = 512;
    private static final Pattern ITERATIONS = Pattern.compile("\\+?\\d{1,10}");

    private Pbkdf2Scheme() {}

    private record Parsed(Digest digest, int iterations, byte[] salt, byte[] key) {}

    private static Parsed parse(String storedHash) throws InvalidHashException {
        String[] parts = storedHash.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty()) {
            throw new InvalidHashException(
                    "is not a PBKDF2 hash of the form $pbkdf2-sha256$<iterations>$<salt>$<base64 key>");
        }
        boolean base64Salt = false;
        Digest digest =
                switch (parts[1]) {
                    case "pbkdf2-sha1" -> new SHA1Digest();
                    case "pbkdf2-sha256" -> new SHA256Digest();
                    case "pbkdf2-sha512" -> new SHA512Digest();
                    case "pbkdf2-b64salt-sha256" -> {
                        base64Salt = true;
                        yield new SHA256Digest();
                    }
                    default ->
                            throw new InvalidHashException(
                                    "has an unknown PBKDF2 algorithm \"" + parts[1] + "\"");
                };
        if (!ITERATIONS.matcher(parts[2]).matches()) {
            throw new InvalidHashException(
                    "has PBKDF2 iterations \"" + parts[2] + "\", which is not a number");
        }
        long iterations = Long.parseLong(parts[2]);
        byte[] key = decode(parts[4], "key");
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new InvalidHashException(
                    "has a "
                            + key.length
                            + "-byte PBKDF2 key; 1 to "
                            + MAX_KEY_BYTES
                            + " bytes is supported");
        }
        long blocks = (key.length + digest.getDigestSize() - 1) / digest.getDigestSize();
        if (iterations < 1 || iterations * blocks > MAX_WORK) {
            throw new InvalidHashException(
                    "has PBKDF2 iterations "
                            + iterations
                            + " for a "
                            + key.length
                            + "-byte key; iterations x "
                            + digest.getDigestSize()
                            + "-byte blocks must be 1 to "
                            + MAX_WORK);
        }
        byte[] salt =
                base64Salt ? decode(parts[3], "salt") : parts[3].getBytes(StandardCharsets.UTF_8);
        return new Parsed(digest, (int) iterations, salt, key);
    }

    /** Go's base64.StdEncoding: the standard alphabet with padding, which therefore is required. */
    private static byte[] decode(String base64, String what) throws InvalidHashException {
        try {
            if (base64.length() % 4 != 0) {
                throw new IllegalArgumentException("unpadded");
            }
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidHashException(
                    "has a PBKDF2 " + what + " that is not padded standard base64");
        }
    }

    @Override
    public void check(String storedHash) throws InvalidHashException {
        parse(storedHash);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) throws InvalidHashException {
        Parsed stored = parse(storedHash);
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(stored.digest());
        generator.init(password, stored.salt(), stored.iterations());
        byte[] computed =
                ((KeyParameter) generator.generateDerivedParameters(stored.key().length * 8))
                        .getKey();
        try {
            return MessageDigest.isEqual(computed, stored.key());
        } finally {
            Arrays.fill(computed, (byte) 0);
        }
    }
}
