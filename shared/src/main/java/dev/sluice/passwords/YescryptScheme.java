package dev.sluice.passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * yescrypt hashes as crypt(3) writes them: {@code $y$<params>$<salt>$<hash>}, for example Debian's
 * default {@code $y$j9T$<22 chars>$<43 chars>}.
 *
 * <p>The string is decoded as yescrypt_r (yescrypt-common.c, openwall/yescrypt and libxcrypt)
 * decodes it. Everything uses crypt's base-64 alphabet {@code ./0-9A-Za-z}. The params are
 * variable-length little-endian numbers ({@code decode64_uint32}): the flavor (47, 'j', is
 * YESCRYPT_DEFAULTS), log2 N (minimum 1), r (minimum 1), then, when another character precedes the
 * {@code $}, a "have" bit set (minimum 1) announcing p (bit 1, minimum 2), t (bit 2), g (bit 4) and
 * log2 NROM (bit 8). So "j9T" is flavor 47, N = 2^12, r = 32. The salt is decoded in 3-byte groups
 * ({@code decode64}) and used as bytes; the 32-byte result is encoded the same way into 43
 * characters and compared with the stored ones.
 *
 * <p>mkpasswd's {@code -R} cost 1-11 maps to N = 1024 .. 262144 with r = 8 or 32, 1 MiB to 1 GiB;
 * costs up to 9 (256 MiB) are accepted, see {@link #MAX_MEMORY_BYTES}.
 */
final class YescryptScheme implements PasswordScheme {

    static final YescryptScheme INSTANCE = new YescryptScheme();

    /**
     * 256 MiB, 16 times Debian's default (mkpasswd cost 5, 16 MiB) and what cost 9 needs. The
     * memory is allocated per verification, so this bounds what one imported hash can demand.
     */
    static final long MAX_MEMORY_BYTES = 256L << 20;

    /**
     * Memory × max(1, t) × (p outside RW mode), since t and, outside RW mode, p multiply the work:
     * 512 MiB allows cost 9 at t = 0 or the default 16 MiB up to t = 32, a few seconds at most.
     */
    static final long MAX_WORK_BYTES = 512L << 20;

    static final int MAX_PARALLELISM = 16;
    static final int MAX_TIME_FACTOR = 64;

    private static final String ITOA64 =
            "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int HASH_CHARS = 43;
    private static final int MAX_SALT_BYTES = 64;

    /** YESCRYPT_RW_FLAVOR_MASK: the flavor bits above the mode bits. */
    private static final int RW_FLAVOR_MASK = 0x3fc;

    private YescryptScheme() {}

    /**
     * @param params the decoded parameters
     * @param salt the decoded salt
     * @param hash the stored 43-character encoded hash
     */
    private record Parsed(Yescrypt.Params params, byte[] salt, String hash) {}

    @Override
    public void check(String storedHash) throws InvalidHashException {
        parse(storedHash);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) throws InvalidHashException {
        Parsed stored = parse(storedHash);
        byte[] computed = Yescrypt.derive(password, stored.salt(), stored.params());
        try {
            return MessageDigest.isEqual(
                    encode64(computed).getBytes(StandardCharsets.US_ASCII),
                    stored.hash().getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(computed, (byte) 0);
        }
    }

    private static Parsed parse(String storedHash) throws InvalidHashException {
        if (!storedHash.startsWith("$y$")) {
            throw new InvalidHashException("is not a yescrypt hash");
        }
        Cursor cursor = new Cursor(storedHash, 3);
        long flavor = cursor.decodeUint32(0);
        int flags;
        if (flavor < Yescrypt.YESCRYPT_RW) {
            flags = (int) flavor;
        } else if (flavor <= Yescrypt.YESCRYPT_RW + (RW_FLAVOR_MASK >> 2)) {
            flags = (int) (Yescrypt.YESCRYPT_RW + ((flavor - Yescrypt.YESCRYPT_RW) << 2));
        } else {
            throw new InvalidHashException("has an unknown yescrypt flavor " + flavor);
        }
        long logN = cursor.decodeUint32(1);
        long r = cursor.decodeUint32(1);
        long p = 1;
        long t = 0;
        if (cursor.peek() != '$') {
            long have = cursor.decodeUint32(1);
            if ((have & 1) != 0) {
                p = cursor.decodeUint32(2);
            }
            if ((have & 2) != 0) {
                t = cursor.decodeUint32(1);
            }
            if ((have & 4) != 0) {
                throw new InvalidHashException(
                        "uses yescrypt hash upgrades (g), which crypt(3) does not support either");
            }
            if ((have & 8) != 0) {
                throw new InvalidHashException(
                        "needs a yescrypt ROM, which crypt(3) does not support either");
            }
        }
        if (cursor.peek() != '$') {
            throw new InvalidHashException("has malformed yescrypt parameters");
        }
        int saltStart = cursor.position() + 1;
        int saltEnd = storedHash.lastIndexOf('$');
        if (saltEnd < saltStart) {
            throw new InvalidHashException("has no yescrypt salt and hash after the parameters");
        }
        String hash = storedHash.substring(saltEnd + 1);
        if (hash.length() != HASH_CHARS || !hash.chars().allMatch(c -> ITOA64.indexOf(c) >= 0)) {
            throw new InvalidHashException(
                    "must end in a " + HASH_CHARS + "-character yescrypt hash");
        }
        byte[] salt = decode64(storedHash.substring(saltStart, saltEnd));
        Yescrypt.Params params = checkLimits(flags, logN, r, p, t);
        return new Parsed(params, salt, hash);
    }

    /** The checks of yescrypt_kdf_body, then this gateway's cost limits. */
    private static Yescrypt.Params checkLimits(int flags, long logN, long r, long p, long t)
            throws InvalidHashException {
        switch (flags & 3) {
            case 0 -> {
                if (flags != 0 || t != 0) {
                    throw new InvalidHashException(
                            "has classic-scrypt yescrypt parameters with a time factor");
                }
            }
            case Yescrypt.YESCRYPT_WORM -> {
                // flags == 1 by construction
            }
            default -> {
                if (flags != Yescrypt.YESCRYPT_DEFAULTS) {
                    throw new InvalidHashException(
                            "has a yescrypt pwxform flavor that the reference implementation does not define");
                }
            }
        }
        boolean rw = (flags & Yescrypt.YESCRYPT_RW) != 0;
        if (logN > 62 || r * p >= (1L << 30)) {
            throw new InvalidHashException("has impossible yescrypt parameters");
        }
        long n = 1L << logN;
        if (rw && n / p <= 1) {
            throw new InvalidHashException("has yescrypt p = " + p + " too large for N = " + n);
        }
        // Short-circuit order keeps every product below 2^63.
        if (logN > 30
                || r > MAX_MEMORY_BYTES / 128
                || 128 * r * n > MAX_MEMORY_BYTES
                || p > MAX_PARALLELISM
                || t > MAX_TIME_FACTOR
                || 128 * r * n * (rw ? 1 : p) * Math.max(1, t) > MAX_WORK_BYTES) {
            throw new InvalidHashException(
                    "has yescrypt costs (N = "
                            + n
                            + ", r = "
                            + r
                            + ", p = "
                            + p
                            + ", t = "
                            + t
                            + ") beyond the supported: at most "
                            + (MAX_MEMORY_BYTES >> 20)
                            + " MiB (mkpasswd -R 9), p "
                            + MAX_PARALLELISM
                            + ", t "
                            + MAX_TIME_FACTOR
                            + ", memory x t "
                            + (MAX_WORK_BYTES >> 20)
                            + " MiB");
        }
        return new Yescrypt.Params(flags, (int) logN, (int) r, (int) p, (int) t);
    }

    /** decode64: groups of up to 4 characters, least significant first, into up to 3 bytes each. */
    private static byte[] decode64(String text) throws InvalidHashException {
        byte[] out = new byte[MAX_SALT_BYTES];
        int length = 0;
        int pos = 0;
        while (pos < text.length()) {
            int value = 0;
            int bits = 0;
            while (pos < text.length() && bits < 24) {
                int c = atoi64(text.charAt(pos++));
                if (c > 63) {
                    throw new InvalidHashException(
                            "has a yescrypt salt with a character outside ./0-9A-Za-z");
                }
                value |= c << bits;
                bits += 6;
            }
            if (bits < 12) {
                throw new InvalidHashException("has a yescrypt salt of impossible length");
            }
            while (true) {
                if (length == out.length) {
                    throw new InvalidHashException(
                            "has a yescrypt salt longer than " + MAX_SALT_BYTES + " bytes");
                }
                out[length++] = (byte) value;
                value >>>= 8;
                bits -= 8;
                if (bits < 8) {
                    if (value != 0) {
                        throw new InvalidHashException(
                                "has a yescrypt salt with stray trailing bits");
                    }
                    break;
                }
            }
        }
        return Arrays.copyOf(out, length);
    }

    /** encode64: 3-byte groups, least significant 6 bits first. */
    static String encode64(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 5) / 6);
        for (int i = 0; i < bytes.length; ) {
            int value = 0;
            int bits = 0;
            do {
                value |= (bytes[i++] & 0xff) << bits;
                bits += 8;
            } while (bits < 24 && i < bytes.length);
            for (int done = 0; done < bits; done += 6) {
                out.append(ITOA64.charAt(value & 0x3f));
                value >>>= 6;
            }
        }
        return out.toString();
    }

    private static int atoi64(char c) {
        int index = ITOA64.indexOf(c);
        return index < 0 ? 64 : index;
    }

    /** Reads decode64_uint32 numbers from the parameter field. */
    private static final class Cursor {
        private final String text;
        private int pos;

        Cursor(String text, int pos) {
            this.text = text;
            this.pos = pos;
        }

        int position() {
            return pos;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private int next() throws InvalidHashException {
            int c = atoi64(peek());
            if (c > 63) {
                throw new InvalidHashException("has malformed yescrypt parameters");
            }
            pos++;
            return c;
        }

        /**
         * One number: the first character's range (0-47, 48-55, 56-59, 60-61, 62, 63) tells how
         * many characters follow, 0 to 5, each adding 6 more bits; {@code min} is added.
         */
        long decodeUint32(long min) throws InvalidHashException {
            int c = next();
            long value = min;
            int start = 0;
            int end = 47;
            int chars = 1;
            int bits = 0;
            while (c > end) {
                value += (long) (end + 1 - start) << bits;
                start = end + 1;
                end = start + (62 - end) / 2;
                chars++;
                bits += 6;
            }
            value += (long) (c - start) << bits;
            while (--chars > 0) {
                bits -= 6;
                value += (long) next() << bits;
            }
            return value;
        }
    }
}
