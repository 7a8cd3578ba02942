package dev.sluice.passwords;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SFTPGo's unsalted digests: {@code {MD5}}, {@code {SHA256}} or {@code {SHA512}} followed by the
 * digest of the UTF-8 password in hex. SFTPGo compares against lowercase hex; uppercase is accepted
 * here too. These exist only so such users can log in once and be rehashed with argon2id.
 */
final class DigestScheme implements PasswordScheme {

    static final DigestScheme INSTANCE = new DigestScheme();

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");

    private DigestScheme() {}

    private record Parsed(String algorithm, byte[] digest) {}

    private static Parsed parse(String storedHash) throws InvalidHashException {
        HashFormat format = HashFormat.detect(storedHash);
        String algorithm =
                switch (format) {
                    case MD5_DIGEST -> "MD5";
                    case SHA256_DIGEST -> "SHA-256";
                    case SHA512_DIGEST -> "SHA-512";
                    default ->
                            throw new InvalidHashException(
                                    "is not a {MD5}, {SHA256} or {SHA512} digest");
                };
        String hex = storedHash.substring(format.prefixes().getFirst().length());
        int expectedLength = 2 * newDigest(algorithm).getDigestLength();
        if (hex.length() != expectedLength || !HEX.matcher(hex).matches()) {
            throw new InvalidHashException(
                    "must have "
                            + expectedLength
                            + " hex digits after "
                            + format.prefixes().getFirst());
        }
        return new Parsed(algorithm, HexFormat.of().parseHex(hex));
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is unavailable in this JVM", e);
        }
    }

    @Override
    public void check(String storedHash) throws InvalidHashException {
        parse(storedHash);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) throws InvalidHashException {
        Parsed stored = parse(storedHash);
        return MessageDigest.isEqual(
                newDigest(stored.algorithm()).digest(password), stored.digest());
    }
}
