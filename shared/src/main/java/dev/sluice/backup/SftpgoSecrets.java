package dev.sluice.backup;

import dev.sluice.secrets.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Opens the secrets SFTPGo writes into its dumps, when the dump itself holds what opening them
 * takes.
 *
 * <p>SFTPGo's dumps carry each secret sealed, together with its per-secret key. Two forms can be
 * opened from the dump alone:
 *
 * <ul>
 *   <li>{@code Secretbox} with mode 0: SFTPGo's default {@code local://} KMS without a master key
 *       (internal/kms/local.go). The NaCl secretbox key is HKDF-SHA256 of {@code SHA256(key ‖
 *       additional_data ‖ key)}, salted with {@code key}, with {@code additional_data} as info; the
 *       payload is base64 of the 24-byte nonce and the box (Poly1305 tag, then XSalsa20
 *       ciphertext).
 *   <li>{@code AES-256-GCM} from SFTPGo's {@code builtin://} KMS (internal/kms/builtin.go): the AES
 *       key is {@code SHA256(key ‖ additional_data ‖ key)}, the payload is hex of the 12-byte
 *       nonce, ciphertext and tag, and {@code additional_data} is the GCM associated data.
 * </ul>
 *
 * <p>In both, {@code key} is 64 hex characters (32 bytes). Everything else is refused with a reason
 * the operator can act on: a Secretbox sealed under SFTPGo's master key (mode 1), secrets of the
 * cloud KMSs (GCP, AWS, Vault Transit, Azure Key Vault), redacted or empty secrets, and malformed
 * or tampered ones. The operator's way out is always the same, and SFTPGo accepts it too: put
 * {@code {"status":"Plain","payload":"<the value>"}} in the dump in its place.
 *
 * <p>{@link #open} never throws for bad input. Thread-safe (stateless).
 */
public final class SftpgoSecrets {

    /**
     * A payload longer than this is refused before decoding: SFTPGo's largest secrets (GCS
     * service-account JSON, SFTP private keys) are a few KiB, and its restores are capped at 10 MB.
     */
    static final int MAX_PAYLOAD_CHARS = 1 << 20;

    private static final String PUT_PLAIN =
            "put {\"status\":\"Plain\",\"payload\":\"<the secret>\"} in the dump in its place";

    private static final int KEY_BYTES = 32;
    private static final int SECRETBOX_NONCE_BYTES = 24;
    private static final int POLY1305_TAG_BYTES = 16;
    private static final int GCM_NONCE_BYTES = 12;
    private static final int GCM_TAG_BYTES = 16;

    private SftpgoSecrets() {}

    /** What opening a secret gave: its value, or why it cannot be opened. */
    public sealed interface Opened {

        /**
         * The secret's plain value.
         *
         * @param value the plain text, as SFTPGo would decrypt it
         */
        record Plain(String value) implements Opened {

            /** Never the value: this record may reach a log line. */
            @Override
            public String toString() {
                return "Plain[***]";
            }
        }

        /**
         * The secret cannot be opened from the dump.
         *
         * @param reason why, and what to put in the dump instead; it completes a sentence that
         *     starts with the secret's field name, e.g. "filesystem.s3config.access_secret " +
         *     reason
         */
        record Refused(String reason) implements Opened {}
    }

    /**
     * Opens {@code secret} as SFTPGo would with its default KMS settings: {@link Opened.Plain} with
     * the value, or {@link Opened.Refused} with the reason. A Plain secret gives its payload back
     * as is.
     */
    public static Opened open(Secret secret) {
        if (secret == null || secret.status() == null) {
            return new Opened.Refused("holds no value (an empty secret)");
        }
        return switch (secret.status()) {
            case REDACTED ->
                    new Opened.Refused(
                            "is Redacted: the dump does not hold its value (SFTPGo's API hides"
                                    + " secrets, its dumpdata does not); "
                                    + PUT_PLAIN);
            case GCP, AWS, VAULT_TRANSIT, AZURE_KEY_VAULT ->
                    new Opened.Refused(
                            "is sealed by SFTPGo's "
                                    + secret.status().json()
                                    + " KMS, which only that KMS can open; "
                                    + PUT_PLAIN);
            case PLAIN ->
                    isEmpty(secret.payload())
                            ? new Opened.Refused("holds no value (a Plain secret without payload)")
                            : new Opened.Plain(secret.payload());
            case SECRETBOX -> payloadProblem(secret).orElseGet(() -> openSecretbox(secret));
            case AES_256_GCM -> payloadProblem(secret).orElseGet(() -> openBuiltin(secret));
        };
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    /** A sealed secret needs a payload, and one of a size worth decoding. */
    private static Optional<Opened> payloadProblem(Secret secret) {
        String payload = secret.payload();
        if (isEmpty(payload)) {
            return Optional.of(
                    new Opened.Refused(
                            "has status "
                                    + secret.status().json()
                                    + " but no payload; "
                                    + PUT_PLAIN));
        }
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            return Optional.of(
                    new Opened.Refused(
                            "has a payload of "
                                    + payload.length()
                                    + " characters; at most "
                                    + MAX_PAYLOAD_CHARS
                                    + " are accepted"));
        }
        return Optional.empty();
    }

    private static Opened openSecretbox(Secret secret) {
        if (secret.mode() == 1) {
            return new Opened.Refused(
                    "is a Secretbox sealed with SFTPGo's master key (mode 1, kms.secrets"
                            + ".master_key), which a dump never holds; "
                            + PUT_PLAIN);
        }
        if (secret.mode() != 0) {
            return new Opened.Refused(
                    "is a Secretbox with mode " + secret.mode() + "; SFTPGo writes 0 or 1");
        }
        byte[] key = hexKey(secret.key());
        if (key == null) {
            return malformed("Secretbox", "its key is not 64 hex characters");
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(secret.payload());
        } catch (IllegalArgumentException e) {
            return malformed("Secretbox", "its payload is not base64");
        }
        if (sealed.length < SECRETBOX_NONCE_BYTES + POLY1305_TAG_BYTES) {
            return malformed("Secretbox", "its payload is too short for a nonce and a tag");
        }
        byte[] additionalData = additionalData(secret);
        byte[] boxKey = hkdf(masterMaterial(key, additionalData), key, additionalData);
        try {
            byte[] plain = secretboxOpen(boxKey, sealed);
            return plain == null ? tampered("Secretbox") : text(plain, "Secretbox");
        } finally {
            Arrays.fill(boxKey, (byte) 0);
        }
    }

    private static Opened openBuiltin(Secret secret) {
        byte[] key = hexKey(secret.key());
        byte[] sealed = hex(secret.payload());
        if (key == null || sealed == null || secret.mode() != 0) {
            // Sluice's own AES-256-GCM secrets (a key id, base64, mode 1) also land here: they are
            // never in an SFTPGo dump.
            return malformed(
                    "AES-256-GCM",
                    "it is not in the form of SFTPGo's builtin:// KMS (key: 64 hex characters,"
                            + " payload: hex, no mode)");
        }
        if (sealed.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) {
            return malformed("AES-256-GCM", "its payload is too short for a nonce and a tag");
        }
        byte[] additionalData = additionalData(secret);
        byte[] aesKey = masterMaterial(key, additionalData);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(aesKey, "AES"),
                    new GCMParameterSpec(
                            GCM_TAG_BYTES * 8, Arrays.copyOfRange(sealed, 0, GCM_NONCE_BYTES)));
            if (additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            return text(
                    cipher.doFinal(sealed, GCM_NONCE_BYTES, sealed.length - GCM_NONCE_BYTES),
                    "AES-256-GCM");
        } catch (AEADBadTagException e) {
            return tampered("AES-256-GCM");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /**
     * NaCl's crypto_secretbox_open (XSalsa20-Poly1305), as Go's nacl/secretbox.Open: the first 32
     * keystream bytes are the Poly1305 key, the message is XORed with the keystream from byte 32
     * on, and the tag precedes the ciphertext. Null when the tag does not match.
     */
    private static byte[] secretboxOpen(byte[] key, byte[] sealed) {
        byte[] nonce = Arrays.copyOfRange(sealed, 0, SECRETBOX_NONCE_BYTES);
        int boxStart = SECRETBOX_NONCE_BYTES;
        int cipherStart = boxStart + POLY1305_TAG_BYTES;
        int cipherLength = sealed.length - cipherStart;

        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[KEY_BYTES];
        stream.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, macKey, 0);

        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(sealed, cipherStart, cipherLength);
        byte[] expected = new byte[POLY1305_TAG_BYTES];
        mac.doFinal(expected, 0);
        Arrays.fill(macKey, (byte) 0);
        byte[] tag = Arrays.copyOfRange(sealed, boxStart, cipherStart);
        // Constant time: the tag is checked before anything is decrypted.
        if (!MessageDigest.isEqual(expected, tag)) {
            return null;
        }
        byte[] plain = new byte[cipherLength];
        stream.processBytes(sealed, cipherStart, cipherLength, plain, 0);
        return plain;
    }

    /** SHA256(key ‖ additional_data ‖ key): the key material both SFTPGo providers derive from. */
    private static byte[] masterMaterial(byte[] key, byte[] additionalData) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(key, 0, key.length);
        digest.update(additionalData, 0, additionalData.length);
        digest.update(key, 0, key.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** HKDF-SHA256 as Go's hkdf.New(sha256.New, secret, salt, info), 32 bytes read. */
    private static byte[] hkdf(byte[] secret, byte[] salt, byte[] info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(secret, salt, info));
        byte[] out = new byte[KEY_BYTES];
        generator.generateBytes(out, 0, out.length);
        Arrays.fill(secret, (byte) 0);
        return out;
    }

    private static byte[] additionalData(Secret secret) {
        return Objects.requireNonNullElse(secret.additionalData(), "")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The 32-byte key from its 64 hex characters, or null if it is not that. */
    private static byte[] hexKey(String value) {
        if (value == null || value.length() != KEY_BYTES * 2) {
            return null;
        }
        return hex(value);
    }

    /** Go's hex.DecodeString: an even number of hex digits in either case; null otherwise. */
    private static byte[] hex(String value) {
        if (value == null || value.length() % 2 != 0) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Opened text(byte[] plain, String status) {
        try {
            return new Opened.Plain(
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(plain))
                            .toString());
        } catch (CharacterCodingException e) {
            return malformed(status, "its plain text is not UTF-8");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static Opened malformed(String status, String why) {
        return new Opened.Refused(
                "is not a valid SFTPGo " + status + " secret: " + why + "; " + PUT_PLAIN);
    }

    private static Opened tampered(String status) {
        return new Opened.Refused(
                "does not open: the "
                        + status
                        + " authentication tag does not match, so its payload, key or"
                        + " additional_data was changed after SFTPGo sealed it; "
                        + PUT_PLAIN);
    }
}
