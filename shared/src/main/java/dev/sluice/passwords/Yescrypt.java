package dev.sluice.passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The yescrypt key derivation function, for verifying the {@code $y$} hashes of Linux shadow files.
 *
 * <p>No Java library implements it, so this is a port of Alexander Peslyak's reference
 * implementation, {@code yescrypt-ref.c} (openwall/yescrypt; libxcrypt ships the same algorithm as
 * {@code alg-yescrypt-opt.c}), function for function: {@code yescrypt_kdf}, {@code
 * yescrypt_kdf_body}, {@code smix}, {@code smix1}, {@code smix2}, {@code blockmix_pwxform}, {@code
 * blockmix_salsa8}, {@code pwxform} and {@code salsa20}, keeping the reference's "SIMD shuffled"
 * word order so that each step can be checked against it. What the reference leaves out of {@code
 * crypt(3)} is left out here too: ROMs ({@code NROM}) and hash upgrades ({@code g}). Supported
 * modes are classic scrypt (flags 0), {@code YESCRYPT_WORM} and {@code YESCRYPT_RW} with the only
 * pwxform flavour the reference defines ({@code YESCRYPT_DEFAULTS}: 6 rounds, gather 4, simple 2,
 * 12 KiB S-boxes), which is what every {@code $y$j..} hash uses.
 *
 * <p>The parameters must already be within {@link YescryptScheme}'s limits: memory is {@code 128 *
 * r * N} bytes, allocated as one {@code int[]} (16 MiB for Debian's default N = 4096, r = 32).
 *
 * <p>One instance per derivation; not thread-safe.
 */
final class Yescrypt {

    static final int YESCRYPT_WORM = 1;
    static final int YESCRYPT_RW = 2;

    /** RW | ROUNDS_6 | GATHER_4 | SIMPLE_2 | SBOX_12K. */
    static final int YESCRYPT_DEFAULTS = 0xb6;

    /** Internal flag of the pre-hashing pass (yescrypt.h's YESCRYPT_PREHASH). */
    private static final int PREHASH = 0x10000000;

    // pwxform settings, fixed by YESCRYPT_DEFAULTS.
    private static final int PWX_SIMPLE = 2;
    private static final int PWX_GATHER = 4;
    private static final int PWX_ROUNDS = 6;
    private static final int S_WIDTH = 8;

    /** 32-bit words per pwxform block (PWXbytes = 64). */
    private static final int PWX_WORDS = PWX_GATHER * PWX_SIMPLE * 2;

    /** Bytes of the three S-boxes together (Sbytes = 12 KiB). */
    private static final int S_BYTES = 3 * (1 << S_WIDTH) * PWX_SIMPLE * 8;

    /** 64-bit entries per S-box. */
    private static final int S_ENTRIES = (1 << S_WIDTH) * PWX_SIMPLE;

    /** Byte-offset mask into one S-box (Smask). */
    private static final int S_MASK = ((1 << S_WIDTH) - 1) * PWX_SIMPLE * 8;

    private static final byte[] PREHASH_KEY =
            "yescrypt-prehash".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);

    /**
     * Decoded {@code $y$} parameters.
     *
     * @param flags YESCRYPT_RW-mode flags, or 0 (classic scrypt), or YESCRYPT_WORM
     * @param logN log2 of N, the block count
     * @param r block size in 128-byte units
     * @param p parallelism (in RW mode a divider of the work, not a multiplier)
     * @param t extra time factor
     */
    record Params(int flags, int logN, int r, int p, int t) {}

    /**
     * pwxform's S-boxes S0, S1, S2 (as offsets into one array of 64-bit entries) and write index w.
     */
    private static final class Sbox {
        final long[] entries = new long[3 * S_ENTRIES];
        int s0 = 2 * S_ENTRIES;
        int s1 = S_ENTRIES;
        int s2 = 0;
        int w = 0;

        /** Takes the S-box contents from the words smix1 wrote (pairs of little-endian halves). */
        Sbox(int[] words) {
            for (int i = 0; i < entries.length; i++) {
                entries[i] = (words[2 * i] & 0xffffffffL) | ((long) words[2 * i + 1] << 32);
            }
        }
    }

    private final int[] salsaState = new int[16];
    private final int[] block = new int[16];

    private Yescrypt() {}

    /**
     * yescrypt_kdf: the 32-byte hash of {@code password}, as yescrypt_r puts into a {@code $y$}
     * string.
     */
    static byte[] derive(byte[] password, byte[] salt, Params params) {
        Yescrypt y = new Yescrypt();
        long n = 1L << params.logN();
        int r = params.r();
        int p = params.p();
        byte[] passwd = password;
        if ((params.flags() & YESCRYPT_RW) != 0 && n / p >= 0x100 && n / p * r >= 0x20000) {
            // Pre-hash with 1/64 of the memory first, so a large allocation follows a cheap check.
            passwd = y.kdfBody(passwd, salt, params.flags() | PREHASH, n >> 6, r, p, 0);
        }
        return y.kdfBody(passwd, salt, params.flags(), n, r, p, params.t());
    }

    /** yescrypt_kdf_body with shared = NULL (no ROM) and a 32-byte output. */
    private byte[] kdfBody(byte[] passwd, byte[] salt, int flags, long nLong, int r, int p, int t) {
        int n = Math.toIntExact(nLong);
        int s = 32 * r;
        boolean rw = (flags & YESCRYPT_RW) != 0;
        int[] v = new int[Math.multiplyExact(s, n)];
        int[] xy = new int[2 * s];

        byte[] key = passwd;
        if (flags != 0) {
            // "yescrypt-prehash" for the pre-hashing pass, "yescrypt" (its first 8 bytes)
            // otherwise.
            key = hmacSha256(Arrays.copyOf(PREHASH_KEY, (flags & PREHASH) != 0 ? 16 : 8), passwd);
        }
        // 1: (B_0 ... B_{p-1}) <-- PBKDF2(P, S, 1, p * MFLen)
        byte[] bBytes = pbkdf2Sha256(key, salt, 128 * r * p);
        int[] b = littleEndianWords(bBytes);
        if (flags != 0) {
            // The reference copies B's first 32 bytes over the buffer passwd points to: from here
            // on
            // that is the "password" of the final PBKDF2 (and smix updates it in RW mode).
            key = Arrays.copyOf(bBytes, 32);
        }
        if (rw) {
            smix(b, 0, r, n, p, t, flags, v, xy, key);
        } else {
            for (int i = 0; i < p; i++) {
                smix(b, i * s, r, n, 1, t, flags, v, xy, null);
            }
        }
        // 5: DK <-- PBKDF2(P, B, 1, dkLen)
        byte[] out = pbkdf2Sha256(key, littleEndianBytes(b), 32);
        if (flags != 0 && (flags & PREHASH) == 0) {
            // SCRAM-style finish: StoredKey = H(HMAC(DK, "Client Key")).
            out = sha256(hmacSha256(out, CLIENT_KEY));
        }
        return out;
    }

    /** smix: SMix1 and SMix2 over the p lanes (in RW mode p shares one V of N blocks). */
    private void smix(
            int[] b,
            int bOff,
            int r,
            int n,
            int p,
            int t,
            int flags,
            int[] v,
            int[] xy,
            byte[] passwd) {
        int s = 32 * r;
        boolean rw = (flags & YESCRYPT_RW) != 0;
        long nChunk = n / p;
        long nloopAll = nChunk;
        if (rw) {
            if (t <= 1) {
                if (t != 0) {
                    nloopAll *= 2; // 2/3
                }
                nloopAll = (nloopAll + 2) / 3; // 1/3, round up
            } else {
                nloopAll *= t - 1;
            }
        } else if (t != 0) {
            if (t == 1) {
                nloopAll += (nloopAll + 1) / 2; // 1.5, round up
            }
            nloopAll *= t;
        }
        long nloopRw = rw ? nloopAll / p : 0;
        nChunk &= ~1L; // round down to even
        nloopAll = (nloopAll + 1) & ~1L; // round up to even
        nloopRw = (nloopRw + 1) & ~1L;

        Sbox[] sboxes = new Sbox[p];
        long vChunk = 0;
        for (int i = 0; i < p; i++, vChunk += nChunk) {
            int np = (int) (i < p - 1 ? nChunk : n - vChunk);
            int bp = bOff + i * s;
            int vp = (int) vChunk * s;
            if (rw) {
                // 18: SMix1_1(B_i, Sbytes / 128, S_i, no flags): the S-boxes are that run's V.
                int[] sWords = new int[S_BYTES / 4];
                smix1(b, bp, 1, S_BYTES / 128, 0, sWords, 0, xy, null);
                sboxes[i] = new Sbox(sWords);
                if (i == 0) {
                    // 24: passwd <-- HMAC-SHA256(B_{0,2r-1}, passwd): key is B_0's last 64 bytes.
                    byte[] lastBlock = new byte[64];
                    for (int k = 0; k < 16; k++) {
                        putLittleEndian(lastBlock, 4 * k, b[bp + s - 16 + k]);
                    }
                    byte[] updated = hmacSha256(lastBlock, passwd);
                    System.arraycopy(updated, 0, passwd, 0, 32);
                }
            }
            smix1(b, bp, r, np, flags, v, vp, xy, sboxes[i]);
            smix2(b, bp, r, Integer.highestOneBit(np), nloopRw, flags, v, vp, xy, sboxes[i]);
        }
        for (int i = 0; i < p; i++) {
            smix2(
                    b,
                    bOff + i * s,
                    r,
                    n,
                    nloopAll - nloopRw,
                    flags & ~YESCRYPT_RW,
                    v,
                    0,
                    xy,
                    sboxes[i]);
        }
    }

    /**
     * smix1: the first loop, filling V (with RW, also mixing in earlier blocks). X is xy[0, s), Y
     * xy[s, 2s).
     */
    private void smix1(
            int[] b, int bOff, int r, int n, int flags, int[] v, int vOff, int[] xy, Sbox sbox) {
        int s = 32 * r;
        shuffleIn(b, bOff, xy, r);
        for (int i = 0; i < n; i++) {
            System.arraycopy(xy, 0, v, vOff + i * s, s);
            if ((flags & YESCRYPT_RW) != 0 && i > 1) {
                int j = (int) wrap(integerify(xy, r), i);
                xor(xy, 0, v, vOff + j * s, s);
            }
            blockmix(xy, r, sbox);
        }
        shuffleOut(xy, b, bOff, r);
    }

    /** smix2: the second loop, reading V at data-dependent indices (with RW, writing back). */
    private void smix2(
            int[] b,
            int bOff,
            int r,
            int n,
            long nloop,
            int flags,
            int[] v,
            int vOff,
            int[] xy,
            Sbox sbox) {
        int s = 32 * r;
        shuffleIn(b, bOff, xy, r);
        for (long i = 0; i < nloop; i++) {
            int j = (int) (integerify(xy, r) & (n - 1));
            int vj = vOff + j * s;
            xor(xy, 0, v, vj, s);
            if ((flags & YESCRYPT_RW) != 0) {
                System.arraycopy(xy, 0, v, vj, s);
            }
            blockmix(xy, r, sbox);
        }
        shuffleOut(xy, b, bOff, r);
    }

    private void blockmix(int[] xy, int r, Sbox sbox) {
        if (sbox != null) {
            blockmixPwxform(xy, 32 * r, r, sbox);
        } else {
            blockmixSalsa8(xy, 32 * r, r);
        }
    }

    /**
     * blockmix_salsa8: scrypt's BlockMix with Salsa20/8 over X = xy[0, 32r), using Y = xy[yOff,
     * ...).
     */
    private void blockmixSalsa8(int[] xy, int yOff, int r) {
        System.arraycopy(xy, (2 * r - 1) * 16, block, 0, 16);
        for (int i = 0; i < 2 * r; i++) {
            xor(block, 0, xy, i * 16, 16);
            salsa20(block, 0, 8);
            System.arraycopy(block, 0, xy, yOff + i * 16, 16);
        }
        for (int i = 0; i < r; i++) {
            System.arraycopy(xy, yOff + (2 * i) * 16, xy, i * 16, 16);
        }
        for (int i = 0; i < r; i++) {
            System.arraycopy(xy, yOff + (2 * i + 1) * 16, xy, (i + r) * 16, 16);
        }
    }

    /** blockmix_pwxform: pwxform over 64-byte sub-blocks, then Salsa20/2 on the last 64 bytes. */
    private void blockmixPwxform(int[] xy, int yOff, int r, Sbox sbox) {
        int r1 = 128 * r / (PWX_WORDS * 4);
        System.arraycopy(xy, (r1 - 1) * PWX_WORDS, xy, yOff, PWX_WORDS);
        for (int i = 0; i < r1; i++) {
            if (r1 > 1) {
                xor(xy, yOff, xy, i * PWX_WORDS, PWX_WORDS);
            }
            pwxform(xy, yOff, sbox);
            System.arraycopy(xy, yOff, xy, i * PWX_WORDS, PWX_WORDS);
        }
        int i = (r1 - 1) * PWX_WORDS * 4 / 64;
        salsa20(xy, i * 16, 2);
        for (i++; i < 2 * r; i++) {
            xor(xy, i * 16, xy, (i - 1) * 16, 16);
            salsa20(xy, i * 16, 2);
        }
    }

    /**
     * pwxform on the 16 words at {@code x[off]}, seen as PWXgather × PWXsimple 64-bit lanes (low
     * word first): each lane becomes hi × lo + S0[..] xor S1[..], and rounds 1-4 write to S2.
     */
    private static void pwxform(int[] x, int off, Sbox sbox) {
        long[] sb = sbox.entries;
        int s0 = sbox.s0;
        int s1 = sbox.s1;
        int s2 = sbox.s2;
        int w = sbox.w;
        for (int i = 0; i < PWX_ROUNDS; i++) {
            for (int j = 0; j < PWX_GATHER; j++) {
                int lane = off + j * PWX_SIMPLE * 2;
                int p0 = s0 + ((x[lane] & S_MASK) >>> 3);
                int p1 = s1 + ((x[lane + 1] & S_MASK) >>> 3);
                for (int k = 0; k < PWX_SIMPLE; k++) {
                    int at = lane + 2 * k;
                    long value = (x[at + 1] & 0xffffffffL) * (x[at] & 0xffffffffL);
                    value += sb[p0 + k];
                    value ^= sb[p1 + k];
                    x[at] = (int) value;
                    x[at + 1] = (int) (value >>> 32);
                    if (i != 0 && i != PWX_ROUNDS - 1) {
                        sb[s2 + w++] = value;
                    }
                }
            }
        }
        // (S0, S1, S2) <-- (S2, S0, S1); w <-- w mod 2^Swidth (in PWXsimple units)
        sbox.s0 = s2;
        sbox.s1 = s0;
        sbox.s2 = s1;
        sbox.w = w & (S_ENTRIES - 1);
    }

    /**
     * The Salsa20 core on 16 words stored in the reference's shuffled order (x[i * 5 % 16] is word
     * i).
     */
    private void salsa20(int[] b, int off, int rounds) {
        int[] x = salsaState;
        for (int i = 0; i < 16; i++) {
            x[i * 5 % 16] = b[off + i];
        }
        for (int i = 0; i < rounds; i += 2) {
            x[4] ^= Integer.rotateLeft(x[0] + x[12], 7);
            x[8] ^= Integer.rotateLeft(x[4] + x[0], 9);
            x[12] ^= Integer.rotateLeft(x[8] + x[4], 13);
            x[0] ^= Integer.rotateLeft(x[12] + x[8], 18);
            x[9] ^= Integer.rotateLeft(x[5] + x[1], 7);
            x[13] ^= Integer.rotateLeft(x[9] + x[5], 9);
            x[1] ^= Integer.rotateLeft(x[13] + x[9], 13);
            x[5] ^= Integer.rotateLeft(x[1] + x[13], 18);
            x[14] ^= Integer.rotateLeft(x[10] + x[6], 7);
            x[2] ^= Integer.rotateLeft(x[14] + x[10], 9);
            x[6] ^= Integer.rotateLeft(x[2] + x[14], 13);
            x[10] ^= Integer.rotateLeft(x[6] + x[2], 18);
            x[3] ^= Integer.rotateLeft(x[15] + x[11], 7);
            x[7] ^= Integer.rotateLeft(x[3] + x[15], 9);
            x[11] ^= Integer.rotateLeft(x[7] + x[3], 13);
            x[15] ^= Integer.rotateLeft(x[11] + x[7], 18);

            x[1] ^= Integer.rotateLeft(x[0] + x[3], 7);
            x[2] ^= Integer.rotateLeft(x[1] + x[0], 9);
            x[3] ^= Integer.rotateLeft(x[2] + x[1], 13);
            x[0] ^= Integer.rotateLeft(x[3] + x[2], 18);
            x[6] ^= Integer.rotateLeft(x[5] + x[4], 7);
            x[7] ^= Integer.rotateLeft(x[6] + x[5], 9);
            x[4] ^= Integer.rotateLeft(x[7] + x[6], 13);
            x[5] ^= Integer.rotateLeft(x[4] + x[7], 18);
            x[11] ^= Integer.rotateLeft(x[10] + x[9], 7);
            x[8] ^= Integer.rotateLeft(x[11] + x[10], 9);
            x[9] ^= Integer.rotateLeft(x[8] + x[11], 13);
            x[10] ^= Integer.rotateLeft(x[9] + x[8], 18);
            x[12] ^= Integer.rotateLeft(x[15] + x[14], 7);
            x[13] ^= Integer.rotateLeft(x[12] + x[15], 9);
            x[14] ^= Integer.rotateLeft(x[13] + x[12], 13);
            x[15] ^= Integer.rotateLeft(x[14] + x[13], 18);
        }
        for (int i = 0; i < 16; i++) {
            b[off + i] += x[i * 5 % 16];
        }
    }

    /** X <-- B, shuffling each 64-byte block into the reference's SIMD order. */
    private static void shuffleIn(int[] b, int bOff, int[] x, int r) {
        for (int k = 0; k < 2 * r; k++) {
            for (int i = 0; i < 16; i++) {
                x[k * 16 + i] = b[bOff + k * 16 + (i * 5 % 16)];
            }
        }
    }

    /** B <-- X, undoing {@link #shuffleIn}. */
    private static void shuffleOut(int[] x, int[] b, int bOff, int r) {
        for (int k = 0; k < 2 * r; k++) {
            for (int i = 0; i < 16; i++) {
                b[bOff + k * 16 + (i * 5 % 16)] = x[k * 16 + i];
            }
        }
    }

    /** B_{2r-1} as a little-endian 64-bit integer; its second word is word 13 after shuffling. */
    private static long integerify(int[] x, int r) {
        int at = (2 * r - 1) * 16;
        return ((long) x[at + 13] << 32) | (x[at] & 0xffffffffL);
    }

    /** Wraps x into [0, i): the low bits below p2floor(i), shifted up by i - p2floor(i). */
    private static long wrap(long x, long i) {
        long n = Long.highestOneBit(i);
        return (x & (n - 1)) + (i - n);
    }

    private static void xor(int[] dst, int dstOff, int[] src, int srcOff, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] ^= src[srcOff + i];
        }
    }

    private static int[] littleEndianWords(byte[] bytes) {
        int[] words = new int[bytes.length / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] =
                    (bytes[4 * i] & 0xff)
                            | (bytes[4 * i + 1] & 0xff) << 8
                            | (bytes[4 * i + 2] & 0xff) << 16
                            | (bytes[4 * i + 3] & 0xff) << 24;
        }
        return words;
    }

    private static byte[] littleEndianBytes(int[] words) {
        byte[] bytes = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            putLittleEndian(bytes, 4 * i, words[i]);
        }
        return bytes;
    }

    private static void putLittleEndian(byte[] bytes, int at, int word) {
        bytes[at] = (byte) word;
        bytes[at + 1] = (byte) (word >>> 8);
        bytes[at + 2] = (byte) (word >>> 16);
        bytes[at + 3] = (byte) (word >>> 24);
    }

    private static byte[] hmacSha256(byte[] key, byte[] message) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] pbkdf2Sha256(byte[] password, byte[] salt, int length) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(password, salt, 1);
        return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
