package dev.sluice.identity;

import java.security.SecureRandom;

/**
 * Identities of admins and users: a number chosen at random when the account is created and never
 * changed. Tokens and API keys name the identity, not only the name, so deleting an account and
 * creating another with the same name does not hand the newcomer the old account's tokens or keys
 * (names are reused; identities are not).
 *
 * <p>53 random bits: unique in practice (a collision needs ~10^8 accounts) and exact in every JSON
 * client, JavaScript's numbers included (SFTPGo's {@code id} fields are integers too).
 */
public final class Identities {

    /**
     * Accounts stored before identities existed read as this; a re-created namesake never has it.
     */
    public static final long NONE = 0;

    private static final long MASK = (1L << 53) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identities() {}

    /** A fresh identity, never {@link #NONE}. */
    public static long next() {
        long id;
        do {
            id = RANDOM.nextLong() & MASK;
        } while (id == NONE);
        return id;
    }
}
