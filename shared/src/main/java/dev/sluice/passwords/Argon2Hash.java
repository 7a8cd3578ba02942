package dev.sluice.passwords;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An argon2 hash in the PHC string format of the reference implementation (and of SFTPGo, the
 * argon2 CLI and libsodium): {@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>}, salt and hash in
 * base64 without padding. A missing {@code v=} means version 16 (0x10), as in the reference
 * decoder.
 *
 * @param format {@link HashFormat#ARGON2ID}, {@link HashFormat#ARGON2I} or {@link
 *     HashFormat#ARGON2D}
 * @param version 16 or 19
 * @param memoryKiB m
 * @param iterations t
 * @param parallelism p
 */
record Argon2Hash(
        HashFormat format,
        int version,
        int memoryKiB,
        int iterations,
        int parallelism,
        byte[] salt,
        byte[] hash) {

    /** 256 MiB: 13 times the default, 4 times SFTPGo's default. */
    static final int MAX_MEMORY_KIB = 256 * 1024;

    /**
     * m × t at most 512 MiB of memory passes for the hashes Sluice writes (for example 64 MiB with
     * t = 8, or 256 MiB with t = 2): about a second and a half with Bouncy Castle here, where the
     * default costs 0.1 s.
     */
    static final long MAX_MEMORY_PASSES_KIB = 512L * 1024;

    /**
     * m × t at most 8 GiB of memory passes for hashes Sluice verifies: Pure-FTPd's {@code pure-pw}
     * (Debian 12) tunes argon2id to about a second with libsodium, {@code m=8192,t=511..1023},
     * which Bouncy Castle verifies in about 3-6 s here (bench/argon2-verify). Such a hash is
     * verified once: the first login replaces it with the default (see {@link
     * PasswordHasher#needsRehash}).
     */
    static final long MAX_VERIFY_MEMORY_PASSES_KIB = 8L * 1024 * 1024;

    static final int MAX_PARALLELISM = 16;

    /** Argon2 1.0, written v=16; the default when a hash has no v= field. */
    static final int VERSION_10 = 0x10;

    /** Argon2 1.3, written v=19; the only version new hashes use. */
    static final int VERSION_13 = 0x13;

    private static final Pattern PHC =
            Pattern.compile(
                    "\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d{1,3}))?\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})"
                            + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    static Argon2Hash parse(String phc) throws InvalidHashException {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            throw new InvalidHashException(
                    "is not an argon2 hash of the form "
                            + "$argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<base64 salt>$<base64 hash>");
        }
        HashFormat format =
                switch (m.group(1)) {
                    case "argon2id" -> HashFormat.ARGON2ID;
                    case "argon2i" -> HashFormat.ARGON2I;
                    default -> HashFormat.ARGON2D;
                };
        int version = m.group(2) == null ? VERSION_10 : Integer.parseInt(m.group(2));
        if (version != VERSION_10 && version != VERSION_13) {
            throw new InvalidHashException("has argon2 version " + version + "; 16 and 19 exist");
        }
        int memory = Integer.parseInt(m.group(3));
        int iterations = Integer.parseInt(m.group(4));
        int parallelism = Integer.parseInt(m.group(5));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new InvalidHashException(
                    "has argon2 parallelism "
                            + parallelism
                            + "; 1 to "
                            + MAX_PARALLELISM
                            + " is supported");
        }
        if (iterations < 1) {
            throw new InvalidHashException("has argon2 iterations 0");
        }
        if (memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            throw new InvalidHashException(
                    "has argon2 memory "
                            + memory
                            + " KiB; 8 x parallelism to "
                            + MAX_MEMORY_KIB
                            + " KiB is supported");
        }
        if ((long) memory * iterations > MAX_VERIFY_MEMORY_PASSES_KIB) {
            throw new InvalidHashException(
                    "has argon2 memory x iterations "
                            + (long) memory * iterations
                            + " KiB; at most "
                            + MAX_VERIFY_MEMORY_PASSES_KIB
                            + " KiB is supported");
        }
        byte[] salt = decode(m.group(6), "salt");
        byte[] hash = decode(m.group(7), "hash");
        if (salt.length < 8 || salt.length > 64) {
            throw new InvalidHashException(
                    "has a " + salt.length + "-byte argon2 salt; 8 to 64 bytes is supported");
        }
        if (hash.length < 4 || hash.length > 128) {
            throw new InvalidHashException(
                    "has a " + hash.length + "-byte argon2 hash; 4 to 128 bytes is supported");
        }
        return new Argon2Hash(format, version, memory, iterations, parallelism, salt, hash);
    }

    private static byte[] decode(String base64, String what) throws InvalidHashException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidHashException("has an argon2 " + what + " that is not valid base64");
        }
    }

    Argon2Hash withHash(byte[] newHash) {
        return new Argon2Hash(format, version, memoryKiB, iterations, parallelism, salt, newHash);
    }

    /** The PHC string; the version is always written, as the reference encoder does. */
    String encode() {
        return "$"
                + format.name().toLowerCase(Locale.ROOT)
                + "$v="
                + version
                + "$m="
                + memoryKiB
                + ",t="
                + iterations
                + ",p="
                + parallelism
                + "$"
                + ENCODER.encodeToString(salt)
                + "$"
                + ENCODER.encodeToString(hash);
    }
}
