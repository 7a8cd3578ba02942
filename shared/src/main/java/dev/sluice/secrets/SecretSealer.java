package dev.sluice.secrets;

import java.util.Optional;

/**
 * Seals user-supplied secrets at rest and opens them again: {@link SecretCipher} under one key,
 * {@link MasterKeyRing} under the master key secret's versions in Secrets Manager.
 */
public interface SecretSealer {

    /**
     * Encrypts a Plain secret bound to {@code context}; anything already encrypted is returned
     * unchanged.
     */
    Secret encrypt(Secret secret, String context);

    /**
     * Opens a secret sealed under {@code context}; an {@link IllegalArgumentException} says why it
     * does not open.
     */
    String decrypt(Secret secret, String context);

    /**
     * The secret sealed again under the key that seals now, when it was sealed under another one
     * (before a rotation); empty when there is nothing to do.
     */
    default Optional<Secret> resealed(Secret secret, String context) {
        return Optional.empty();
    }
}
