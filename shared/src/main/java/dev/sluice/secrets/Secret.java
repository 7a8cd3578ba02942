package dev.sluice.secrets;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A secret a user supplies (an S3 secret key), in SFTPGo's JSON shape.
 *
 * <p>Clients send {@code {"status":"Plain","payload":"..."}} to set a value and {@code
 * {"status":"Redacted"}} (what the API returns) to keep the stored one. At rest the payload is
 * encrypted ({@link SecretCipher}); it never leaves the API in any form.
 *
 * @param status Plain, AES-256-GCM, Redacted, or another SFTPGo status (refused on input)
 * @param payload the value: plain text for Plain, ciphertext for AES-256-GCM
 * @param key for AES-256-GCM, the id of the master key that encrypted it
 * @param additionalData for AES-256-GCM, the context the ciphertext is bound to
 * @param mode SFTPGo's "1 means encrypted using a master key"
 */
public record Secret(
        SecretStatus status, String payload, String key, String additionalData, int mode) {

    public static Secret plain(String value) {
        return new Secret(SecretStatus.PLAIN, value, null, null, 0);
    }

    public static Secret redacted() {
        return new Secret(SecretStatus.REDACTED, null, null, null, 0);
    }

    @JsonIgnore
    public boolean isPlain() {
        return status == SecretStatus.PLAIN;
    }

    @JsonIgnore
    public boolean isEncrypted() {
        return status == SecretStatus.AES_256_GCM;
    }

    /** What the API shows: that a value exists, never the value or its ciphertext. */
    public Secret hidden() {
        return redacted();
    }

    @Override
    public String toString() {
        // Never let a payload reach a log line through string concatenation.
        return "Secret[" + status + "]";
    }
}
