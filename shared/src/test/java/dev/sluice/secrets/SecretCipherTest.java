package dev.sluice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final SecretCipher cipher = new SecretCipher(key(), "k1");

    @Test
    void roundTripsAndNeverStoresThePlainText() {
        Secret sealed = cipher.encrypt(Secret.plain("wJalrXUtnFEMI/K7MDENG"), "user:alice");
        assertThat(sealed.status()).isEqualTo(SecretStatus.AES_256_GCM);
        assertThat(sealed.payload()).doesNotContain("wJalrXUtnFEMI");
        assertThat(sealed.key()).isEqualTo("k1");
        assertThat(cipher.decrypt(sealed, "user:alice")).isEqualTo("wJalrXUtnFEMI/K7MDENG");
        assertThat(cipher.encrypt(Secret.plain("same"), "c").payload())
                .isNotEqualTo(cipher.encrypt(Secret.plain("same"), "c").payload());
    }

    @Test
    void refusesAnotherContextAnotherKeyOrATamperedCiphertext() {
        Secret sealed = cipher.encrypt(Secret.plain("v"), "user:alice");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "user:mallory"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretCipher(key(), "k1").decrypt(sealed, "user:alice"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretCipher(key(), "k2").decrypt(sealed, "user:alice"))
                .hasMessageContaining("master key \"k1\"");
        byte[] raw = Base64.getDecoder().decode(sealed.payload());
        raw[raw.length - 1] ^= 1;
        Secret tampered =
                new Secret(
                        sealed.status(),
                        Base64.getEncoder().encodeToString(raw),
                        "k1",
                        "user:alice",
                        1);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "user:alice"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redactedAndToStringRevealNothing() {
        Secret plain = Secret.plain("hunter2");
        assertThat(plain.toString()).doesNotContain("hunter2");
        assertThat(plain.hidden().payload()).isNull();
        assertThatThrownBy(() -> new SecretCipher(new byte[16], "k"))
                .hasMessageContaining("32 bytes");
    }
}
