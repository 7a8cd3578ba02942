package dev.sluice.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives the AES-256 key of {@link SecretCipher} from the master secret's text in Secrets Manager.
 * The REST API (which seals user and folder S3 secrets) and the SFTP server (which opens them) must
 * derive the same key, so both call this.
 */
public final class MasterKeys {

    /**
     * The label of the key derivation. Ciphertexts sealed by {@link MasterKeyRing} store the master
     * key secret's version as their key id ({@code sm:<VersionId>}); older ones store "v1".
     */
    public static final String LABEL_V1 = "sluice secret master key v1";

    public static final String KEY_ID_V1 = "v1";

    private MasterKeys() {}

    /** SHA-256 over {@code label + "\0" + secretText}: 32 bytes. */
    public static byte[] derive(String label, String secretText) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((label + "\0").getBytes(StandardCharsets.UTF_8));
            return sha.digest(secretText.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cipher for one value of the master secret (key id "v1"); services use {@link
     * MasterKeyRing}.
     */
    public static SecretCipher cipher(String secretText) {
        return new SecretCipher(derive(LABEL_V1, secretText), KEY_ID_V1);
    }

    /** The sealing context of a user's S3 secret. */
    public static String userS3SecretContext(String username) {
        return "users/" + username + "/s3config.access_secret";
    }

    /** The sealing context of a folder's S3 secret. */
    public static String folderS3SecretContext(String folder) {
        return "folders/" + folder + "/s3config.access_secret";
    }
}
