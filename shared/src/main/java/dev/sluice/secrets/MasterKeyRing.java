package dev.sluice.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The master key as the versions of its secret in Secrets Manager, so that it can be rotated.
 *
 * <p>A secret is sealed under the master secret's current version and records that version's id
 * ({@code sm:<VersionId>}); it is opened with the key of exactly that version, read by id (versions
 * never change, and Secrets Manager keeps them after a rotation). So putting a new value into the
 * master key secret changes the key that seals from then on, and every secret sealed before still
 * opens. Secrets sealed before versions were recorded (key id {@code v1}) open under the current or
 * the previous value ({@code AWSPREVIOUS}).
 *
 * <p>Readers learn a new current version within the cache's max age; until then they go on sealing
 * under the one they hold, which stays readable like any other.
 */
public final class MasterKeyRing implements SecretSealer {

    /** Key ids of secrets sealed under a recorded version: this prefix and the VersionId. */
    public static final String VERSION_PREFIX = "sm:";

    private final SecretCache cache;
    private final String secretId;
    private final Map<String, SecretCipher> byVersion = new ConcurrentHashMap<>();

    public MasterKeyRing(SecretCache cache, String secretId) {
        this.cache = cache;
        this.secretId = secretId;
    }

    /**
     * Reads the current value now: a missing or unreadable master key fails at start, not at the
     * first user.
     */
    public MasterKeyRing verify() {
        cache.current(secretId);
        return this;
    }

    @Override
    public Secret encrypt(Secret secret, String context) {
        if (!secret.isPlain()) {
            return secret;
        }
        return sealing(cache.current(secretId)).encrypt(secret, context);
    }

    @Override
    public String decrypt(Secret secret, String context) {
        if (secret.isPlain()) {
            return secret.payload();
        }
        if (!secret.isEncrypted()) {
            throw new IllegalArgumentException(
                    "cannot decrypt a secret with status " + secret.status().json());
        }
        String key = String.valueOf(secret.key());
        if (key.startsWith(VERSION_PREFIX)) {
            String versionId = key.substring(VERSION_PREFIX.length());
            SecretCache.Value version;
            try {
                version = cache.version(secretId, versionId);
            } catch (ResourceNotFoundException
                    | InvalidParameterException
                    | InvalidRequestException e) {
                throw new IllegalArgumentException(
                        "the secret was sealed under version "
                                + versionId
                                + " of the master key"
                                + " secret, which Secrets Manager no longer has: restore that version, or set the S3 secret again");
            }
            return cipher(version).decrypt(secret, context);
        }
        if (MasterKeys.KEY_ID_V1.equals(key)) {
            return legacy(secret, context);
        }
        throw new IllegalArgumentException(
                "the secret was sealed under master key \""
                        + key
                        + "\", which this installation"
                        + " does not know");
    }

    /**
     * Sealed under an older version: opened and sealed under the current one, so that the next
     * rotation cannot strand it (Secrets Manager keeps only the current and previous versions for
     * sure; versions without a label may be deleted).
     */
    @Override
    public Optional<Secret> resealed(Secret secret, String context) {
        if (!secret.isEncrypted()) {
            return Optional.empty();
        }
        SecretCache.Value current = cache.current(secretId);
        String currentKey =
                current.versionId() == null
                        ? MasterKeys.KEY_ID_V1
                        : VERSION_PREFIX + current.versionId();
        if (currentKey.equals(secret.key())) {
            return Optional.empty();
        }
        return Optional.of(
                sealing(current).encrypt(Secret.plain(decrypt(secret, context)), context));
    }

    /**
     * A secret sealed before versions were recorded: the current value, else the one before the
     * last rotation.
     */
    private String legacy(Secret secret, String context) {
        try {
            return MasterKeys.cipher(cache.current(secretId).text()).decrypt(secret, context);
        } catch (IllegalArgumentException notCurrent) {
            Optional<SecretCache.Value> previous = cache.previous(secretId);
            if (previous.isEmpty()) {
                throw notCurrent;
            }
            try {
                return MasterKeys.cipher(previous.get().text()).decrypt(secret, context);
            } catch (IllegalArgumentException notPrevious) {
                throw new IllegalArgumentException(
                        "the secret was sealed before master key versions were recorded and opens"
                                + " under neither the current nor the previous value of the master key secret: restore the value it was"
                                + " sealed under, or set the S3 secret again",
                        notPrevious);
            }
        }
    }

    private SecretCipher sealing(SecretCache.Value current) {
        // Without a version id (a store that keeps none) there is nothing to record: seal as v1.
        return current.versionId() == null ? MasterKeys.cipher(current.text()) : cipher(current);
    }

    private SecretCipher cipher(SecretCache.Value version) {
        return byVersion.computeIfAbsent(
                version.versionId(),
                id ->
                        new SecretCipher(
                                MasterKeys.derive(MasterKeys.LABEL_V1, version.text()),
                                VERSION_PREFIX + id));
    }
}
