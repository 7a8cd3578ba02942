package dev.sluice.passwords;

/**
 * The argon2id cost of newly hashed passwords.
 *
 * <p>{@link #DEFAULT} is OWASP's minimum recommendation for argon2id (m = 19 MiB, t = 2, p = 1,
 * Password Storage Cheat Sheet): about 20 MiB and a few tens of milliseconds per login. It is lower
 * than SFTPGo's default (64 MiB, t = 1, p = 2) on purpose, because logins are verified in Lambda
 * functions and Fargate tasks whose memory is sized small and shared by concurrent logins: ten
 * simultaneous logins at 64 MiB each would need 640 MiB of heap on their own. Bouncy Castle's
 * argon2 runs the lanes one after another, so p &gt; 1 would only add time, not parallelism.
 *
 * @param memoryKiB m, memory in KiB (at least 8 × parallelism)
 * @param iterations t, passes over the memory
 * @param parallelism p, lanes
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {

    /** m = 19456 KiB (19 MiB), t = 2, p = 1: OWASP's argon2id minimum. */
    public static final Argon2Settings DEFAULT = new Argon2Settings(19_456, 2, 1);

    public Argon2Settings {
        if (parallelism < 1 || parallelism > Argon2Hash.MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "argon2 parallelism must be 1-" + Argon2Hash.MAX_PARALLELISM);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("argon2 iterations must be at least 1");
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > Argon2Hash.MAX_MEMORY_KIB) {
            throw new IllegalArgumentException(
                    "argon2 memory must be 8 x parallelism to "
                            + Argon2Hash.MAX_MEMORY_KIB
                            + " KiB");
        }
        if ((long) memoryKiB * iterations > Argon2Hash.MAX_MEMORY_PASSES_KIB) {
            // Hashes this gateway writes must stay within what it agrees to verify.
            throw new IllegalArgumentException(
                    "argon2 memory x iterations must be at most "
                            + Argon2Hash.MAX_MEMORY_PASSES_KIB
                            + " KiB");
        }
    }
}
