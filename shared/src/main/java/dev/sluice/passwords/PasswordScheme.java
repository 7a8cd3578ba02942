package dev.sluice.passwords;

/**
 * One family of stored hash formats. Implementations parse strictly and refuse costs beyond fixed
 * limits before allocating anything, so an imported hash such as {@code $2y$31$...} or an argon2
 * hash asking for 4 GiB cannot tie up a login handler.
 */
sealed interface PasswordScheme
        permits Argon2Scheme,
                BcryptScheme,
                CryptScheme,
                DigestScheme,
                Pbkdf2Scheme,
                YescryptScheme {

    /** Checks syntax and cost limits without hashing anything. */
    void check(String storedHash) throws InvalidHashException;

    /**
     * Whether {@code password} (UTF-8) matches {@code storedHash}, compared in constant time.
     *
     * @throws InvalidHashException when {@link #check} would fail
     */
    boolean matches(byte[] password, String storedHash) throws InvalidHashException;
}
