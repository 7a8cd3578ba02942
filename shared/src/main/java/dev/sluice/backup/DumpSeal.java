package dev.sluice.backup;

import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretCache;
import dev.sluice.secrets.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Seals the secrets a dump carries (password hashes, S3 secret keys) so that only an installation
 * holding the same master key secret value can restore them.
 *
 * <p>The key is derived from the master key's <em>text</em> under its own label, not from a Secrets
 * Manager version id, so a second installation given the same value (the documented way to move a
 * dump between installations) opens it, whatever its version ids. A sealed value names the key by a
 * fingerprint ({@code dump:<16 hex>}, a hash of the derived key, not of the secret), so a restore
 * tries the current and the previous master key value and says which one is missing.
 *
 * <p>A sealed password hash is the string {@code $sluice-sealed$<fingerprint>$<base64>}; a sealed
 * S3 secret is SFTPGo's secret object with status {@code AES-256-GCM} and key {@code
 * dump:<fingerprint>}. Each is bound to its owner ({@link #passwordContext}, {@link
 * MasterKeys#userS3SecretContext}), so a ciphertext moved to another account does not open.
 */
public final class DumpSeal {

    /** The prefix of a sealed password hash in a dump. */
    public static final String SEALED_PASSWORD_PREFIX = "$sluice-sealed$";

    /** The prefix of the key id of a secret sealed for a dump. */
    public static final String KEY_PREFIX = "dump:";

    private static final String LABEL = "sluice dump key v1";

    private final SecretCache cache;
    private final String masterKeySecretId;

    public DumpSeal(SecretCache cache, String masterKeySecretId) {
        this.cache = cache;
        this.masterKeySecretId = masterKeySecretId;
    }

    /** The sealing context of an account's password hash in a dump. */
    public static String passwordContext(String kind, String name) {
        return "dumpdata/" + kind + "/" + name + "/password";
    }

    /** Whether {@code password} is a hash sealed by {@link #sealPassword}. */
    public static boolean isSealedPassword(String password) {
        return password != null && password.startsWith(SEALED_PASSWORD_PREFIX);
    }

    /** Whether {@code secret} was sealed for a dump (by any installation). */
    public static boolean isSealedForDump(Secret secret) {
        return secret != null
                && secret.isEncrypted()
                && secret.key() != null
                && secret.key().startsWith(KEY_PREFIX);
    }

    /** {@code hash} sealed under the current master key for {@code context}. */
    public String sealPassword(String hash, String context) {
        Secret sealed = current().encrypt(Secret.plain(hash), context);
        return SEALED_PASSWORD_PREFIX
                + sealed.key().substring(KEY_PREFIX.length())
                + "$"
                + sealed.payload();
    }

    /**
     * The hash inside a sealed password.
     *
     * @throws IllegalArgumentException saying why it does not open (malformed, another master key,
     *     another account)
     */
    public String openPassword(String sealed, String context) {
        String rest = sealed.substring(SEALED_PASSWORD_PREFIX.length());
        int dollar = rest.indexOf('$');
        if (dollar <= 0) {
            throw new IllegalArgumentException("the sealed password is malformed");
        }
        Secret secret =
                new Secret(
                        dev.sluice.secrets.SecretStatus.AES_256_GCM,
                        rest.substring(dollar + 1),
                        KEY_PREFIX + rest.substring(0, dollar),
                        context,
                        1);
        return open(secret, context);
    }

    /** {@code plain} sealed for a dump under the current master key. */
    public Secret sealSecret(String plain, String context) {
        return current().encrypt(Secret.plain(plain), context);
    }

    /**
     * The value of a secret sealed for a dump.
     *
     * @throws IllegalArgumentException saying why it does not open
     */
    public String open(Secret secret, String context) {
        for (SecretCipher cipher : candidates()) {
            if (cipher.keyId().equals(secret.key())) {
                try {
                    return cipher.decrypt(secret, context);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "it does not open for this account (was it copied from another one?)",
                            e);
                }
            }
        }
        throw new IllegalArgumentException(
                "it was sealed under another master key ("
                        + secret.key()
                        + "); restore into an installation holding the master key value of the one"
                        + " that dumped it, or dump with secrets=plain");
    }

    private SecretCipher current() {
        return cipher(cache.current(masterKeySecretId).text());
    }

    private List<SecretCipher> candidates() {
        List<SecretCipher> out = new ArrayList<>();
        out.add(current());
        Optional<SecretCache.Value> previous = cache.previous(masterKeySecretId);
        previous.ifPresent(p -> out.add(cipher(p.text())));
        return out;
    }

    private static SecretCipher cipher(String masterText) {
        byte[] key = MasterKeys.derive(LABEL, masterText);
        return new SecretCipher(key, KEY_PREFIX + fingerprint(key));
    }

    private static String fingerprint(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("fingerprint\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
