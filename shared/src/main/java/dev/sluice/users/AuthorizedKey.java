package dev.sluice.users;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * A public key in OpenSSH {@code authorized_keys} form: {@code <type> <base64 blob> [comment]}.
 *
 * <p>Parsing checks that the blob is well formed and names the same type as the text, and refuses
 * key types no modern server should accept (DSA, RSA under 2048 bits).
 */
public record AuthorizedKey(String type, byte[] blob, String comment) {

    static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    static final int MIN_RSA_BITS = 2048;

    /** The outcome of parsing one line. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(AuthorizedKey key) implements Parsed {
    }

    public record Invalid(String problem) implements Parsed {
    }

    public static Parsed parse(String line) {
        if (line == null || line.isBlank()) {
            return new Invalid("must be a public key such as \"ssh-ed25519 AAAA... comment\"");
        }
        String[] parts = line.strip().split("\\s+", 3);
        if (parts.length < 2) {
            return new Invalid("must be \"<type> <base64 key> [comment]\" as in an authorized_keys file");
        }
        String type = parts[0];
        if (type.equals("ssh-dss")) {
            return new Invalid("DSA keys are insecure and not accepted; use ssh-ed25519 (or RSA of 2048+ bits)");
        }
        if (!TYPES.contains(type)) {
            return new Invalid("unsupported key type \"" + type + "\"; allowed: " + TYPES.stream().sorted().toList());
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return new Invalid("the key data is not valid base64");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            String inner = new String(readString(in), StandardCharsets.US_ASCII);
            if (!inner.equals(type)) {
                return new Invalid("the key data is a \"" + inner + "\" key but the line says \"" + type + "\"");
            }
            if (type.equals("ssh-rsa")) {
                readString(in); // public exponent
                int bits = new BigInteger(1, readString(in)).bitLength();
                if (bits < MIN_RSA_BITS) {
                    return new Invalid("RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
                }
            } else {
                readString(in); // curve name or key bytes: presence is enough here
            }
        } catch (RuntimeException e) {
            return new Invalid("the key data is truncated or malformed");
        }
        return new Valid(new AuthorizedKey(type, blob, parts.length > 2 ? parts[2] : ""));
    }

    private static byte[] readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    /** Same key material (comments do not matter). */
    public boolean sameKeyAs(AuthorizedKey other) {
        return type.equals(other.type) && java.security.MessageDigest.isEqual(blob, other.blob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthorizedKey k && sameKeyAs(k) && comment.equals(k.comment);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + java.util.Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type + " " + Base64.getEncoder().encodeToString(blob) + (comment.isEmpty() ? "" : " " + comment);
    }
}
