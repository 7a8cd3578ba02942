package dev.sluice.users;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * A public key in OpenSSH {@code authorized_keys} form: {@code <type> <base64 blob> [comment]}.
 *
 * <p>Parsing reads the whole blob by the key type's wire format (RFC 4253, 5656, 8709 and OpenSSH's
 * PROTOCOL.u2f) and refuses anything left over, so one entry holds exactly one key: a second line,
 * an {@code authorized_keys} option prefix or trailing bytes are errors, not text to store. Key
 * types no modern server should accept (DSA, RSA under 2048 bits) are refused, and the sizes are
 * checked (Ed25519 32 bytes, ECDSA points on the named curve's length). {@link #toString()} is the
 * canonical line that gets stored.
 */
public record AuthorizedKey(String type, byte[] blob, String comment) {

    static final Set<String> TYPES =
            Set.of(
                    "ssh-ed25519",
                    "ssh-rsa",
                    "ecdsa-sha2-nistp256",
                    "ecdsa-sha2-nistp384",
                    "ecdsa-sha2-nistp521",
                    "sk-ssh-ed25519@openssh.com",
                    "sk-ecdsa-sha2-nistp256@openssh.com");
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    static final int MAX_COMMENT = 1024;

    /** Longest base64 text accepted (a 16384-bit RSA key is about 2,800 characters). */
    static final int MAX_BASE64 = 4096;

    /** The outcome of parsing one line. */
    public sealed interface Parsed permits Valid, Invalid {}

    public record Valid(AuthorizedKey key) implements Parsed {}

    public record Invalid(String problem) implements Parsed {}

    public static Parsed parse(String line) {
        if (line == null || line.isBlank()) {
            return new Invalid("must be a public key such as \"ssh-ed25519 AAAA... comment\"");
        }
        String text = line.strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return new Invalid(
                        c == '\n' || c == '\r'
                                ? "must be one key on one line; send each key as its own entry of public_keys"
                                : "must not contain control characters");
            }
        }
        String[] parts = text.split("[ \t]+", 3);
        if (parts.length < 2) {
            return new Invalid(
                    "must be \"<type> <base64 key> [comment]\" as in an authorized_keys file");
        }
        String type = parts[0];
        if (type.equals("ssh-dss")) {
            return new Invalid(
                    "DSA keys are insecure and not accepted; use ssh-ed25519 (or RSA of 2048+ bits)");
        }
        if (!TYPES.contains(type)) {
            if (type.contains("=") || type.contains(",") || TYPES.contains(parts[1])) {
                return new Invalid(
                        "authorized_keys options (\""
                                + abbreviate(type)
                                + "\") are not supported;"
                                + " send only \"<type> <base64 key> [comment]\"");
            }
            return new Invalid(
                    "unsupported key type \""
                            + abbreviate(type)
                            + "\"; allowed: "
                            + TYPES.stream().sorted().toList());
        }
        if (parts[1].length() > MAX_BASE64) {
            return new Invalid(
                    "the key data is longer than any supported key ("
                            + MAX_BASE64
                            + " base64 characters)");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return new Invalid("the key data is not valid base64");
        }
        String comment = parts.length > 2 ? parts[2].strip() : "";
        if (comment.length() > MAX_COMMENT) {
            return new Invalid("the comment must be at most " + MAX_COMMENT + " characters");
        }
        String problem;
        try {
            problem = checkBlob(type, ByteBuffer.wrap(blob));
        } catch (RuntimeException e) {
            return new Invalid("the key data is truncated or malformed");
        }
        return problem == null
                ? new Valid(new AuthorizedKey(type, blob, comment))
                : new Invalid(problem);
    }

    /**
     * Reads the blob by the type's wire format; null when it is one well-formed key of that type.
     */
    private static String checkBlob(String type, ByteBuffer in) {
        String inner = new String(readString(in), StandardCharsets.US_ASCII);
        if (!inner.equals(type)) {
            return "the key data is a \""
                    + abbreviate(inner)
                    + "\" key but the line says \""
                    + type
                    + "\"";
        }
        switch (type) {
            case "ssh-rsa" -> {
                BigInteger e = new BigInteger(readString(in));
                BigInteger n = new BigInteger(readString(in));
                if (e.signum() <= 0 || !e.testBit(0) || n.signum() <= 0) {
                    return "the RSA key's numbers are not a valid public key";
                }
                int bits = n.bitLength();
                if (bits < MIN_RSA_BITS) {
                    return "RSA key has "
                            + bits
                            + " bits; at least "
                            + MIN_RSA_BITS
                            + " are required";
                }
                if (bits > MAX_RSA_BITS) {
                    return "RSA key has "
                            + bits
                            + " bits; at most "
                            + MAX_RSA_BITS
                            + " are supported";
                }
            }
            case "ssh-ed25519" -> {
                if (readString(in).length != 32) {
                    return "an Ed25519 public key is 32 bytes";
                }
            }
            case "sk-ssh-ed25519@openssh.com" -> {
                if (readString(in).length != 32) {
                    return "an Ed25519 public key is 32 bytes";
                }
                readString(in); // application ("ssh:" by default)
            }
            default -> { // the ECDSA types, plain or security-key
                String curve =
                        type.startsWith("sk-")
                                ? "nistp256"
                                : type.substring("ecdsa-sha2-".length());
                String named = new String(readString(in), StandardCharsets.US_ASCII);
                if (!named.equals(curve)) {
                    return "the key data names curve \""
                            + abbreviate(named)
                            + "\" but the type is "
                            + type;
                }
                int coordinate =
                        switch (curve) {
                            case "nistp256" -> 32;
                            case "nistp384" -> 48;
                            default -> 66;
                        };
                byte[] point = readString(in);
                if (point.length != 1 + 2 * coordinate || point[0] != 0x04) {
                    return "the ECDSA point is not an uncompressed " + curve + " point";
                }
                if (type.startsWith("sk-")) {
                    readString(in); // application
                }
            }
        }
        if (in.hasRemaining()) {
            return "the key data has " + in.remaining() + " bytes after the key";
        }
        return null;
    }

    private static String abbreviate(String text) {
        String printable =
                text.codePoints()
                        .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                        .collect(
                                StringBuilder::new,
                                StringBuilder::appendCodePoint,
                                StringBuilder::append)
                        .toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
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
        return type
                + " "
                + Base64.getEncoder().encodeToString(blob)
                + (comment.isEmpty() ? "" : " " + comment);
    }
}
