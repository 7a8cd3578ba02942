package dev.sluice.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts user-supplied secrets at rest with AES-256-GCM under a master key.
 *
 * <p>The master key lives in Secrets Manager (or the local mode's secrets file), never in DynamoDB,
 * so a table export alone reveals no S3 credentials. Each ciphertext is bound to a context (for
 * example the owning user and field) as GCM additional data, so a ciphertext pasted into another
 * user's record does not decrypt.
 */
public final class SecretCipher implements SecretSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param masterKey 32 random bytes
     * @param keyId a name for this key, stored with each ciphertext so keys can be rotated
     */
    public SecretCipher(byte[] masterKey, String keyId) {
        if (masterKey == null || masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256)");
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    /** The name of this key, stored with each ciphertext it seals. */
    public String keyId() {
        return keyId;
    }

    /** Encrypts a Plain secret; anything already encrypted is returned unchanged. */
    @Override
    public Secret encrypt(Secret secret, String context) {
        if (!secret.isPlain()) {
            return secret;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.payload().getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return new Secret(
                    SecretStatus.AES_256_GCM,
                    Base64.getEncoder().encodeToString(out),
                    keyId,
                    context,
                    1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    /** Decrypts an AES-256-GCM secret sealed under {@code context}; fails loudly on tampering. */
    @Override
    public String decrypt(Secret secret, String context) {
        if (secret.isPlain()) {
            return secret.payload();
        }
        if (!secret.isEncrypted()) {
            throw new IllegalArgumentException(
                    "cannot decrypt a secret with status " + secret.status().json());
        }
        if (!keyId.equals(secret.key())) {
            throw new IllegalArgumentException(
                    "secret was encrypted with master key \""
                            + secret.key()
                            + "\" but this service holds \""
                            + keyId
                            + "\"");
        }
        try {
            byte[] in = Base64.getDecoder().decode(secret.payload());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "secret does not decrypt under this key and context", e);
        }
    }
}
