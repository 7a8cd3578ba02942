package dev.sluice.backup;

import static dev.sluice.backup.SftpgoFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.backup.SftpgoSecrets.Opened;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import dev.sluice.json.Json;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretCipher;
import dev.sluice.secrets.SecretStatus;
import dev.sluice.users.UserService;
import dev.sluice.validation.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SftpgoSecrets} against secrets sealed by Go code that replicates SFTPGo's KMS providers
 * (backup/sftpgo/generate.go: secret-vectors.json and the secrets inside the dumps).
 */
class SftpgoSecretsTest {

    record Vector(String name, String plain, boolean opens, Secret secret) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() {
        List<Vector> out = new ArrayList<>();
        for (JsonNode v : SftpgoFixtures.json("secret-vectors.json").get("vectors")) {
            out.add(
                    new Vector(
                            v.get("name").asText(),
                            v.get("plain").asText(),
                            v.get("opens").asBoolean(),
                            secret(v.get("secret"))));
        }
        return out;
    }

    /** As a restore reads it: through Sluice's JSON configuration, into {@link Secret}. */
    private static Secret secret(JsonNode node) {
        try {
            return Json.mapper().treeToValue(node, Secret.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("does not parse as a Secret: " + node, e);
        }
    }

    private static Vector vector(String name) {
        return vectors().stream().filter(v -> v.name().startsWith(name)).findFirst().orElseThrow();
    }

    private static String refusal(Secret secret) {
        Opened opened = SftpgoSecrets.open(secret);
        assertThat(opened).isInstanceOf(Opened.Refused.class);
        return ((Opened.Refused) opened).reason();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void opensWhatSftpgoSealsWithoutAMasterKey(Vector vector) {
        if (vector.opens()) {
            assertThat(SftpgoSecrets.open(vector.secret()))
                    .isEqualTo(new Opened.Plain(vector.plain()));
        } else {
            assertThat(refusal(vector.secret())).contains("master key");
        }
    }

    @Test
    void theVectorsCoverBothProvidersAndMode1() {
        assertThat(vectors())
                .extracting(v -> v.secret().status() + "/" + v.secret().mode() + "/" + v.opens())
                .contains("SECRETBOX/0/true", "SECRETBOX/1/false", "AES_256_GCM/0/true");
    }

    static Stream<JsonNode> dumpSecrets() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode dump : SftpgoFixtures.expectedDumps()) {
            JsonNode data = SftpgoFixtures.json(dump.get("file").asText());
            for (JsonNode s : dump.get("secrets")) {
                out.add(
                        Json.mapper()
                                .createObjectNode()
                                .put("where", dump.get("file").asText() + " " + s.get("path"))
                                .put("plain", s.get("plain").asText())
                                .put("opens", s.get("opens_from_dump").asBoolean())
                                .set("secret", at(data, s.get("path").asText())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("dumpSecrets")
    void opensTheSecretsInTheDumps(JsonNode entry) {
        Opened opened = SftpgoSecrets.open(secret(entry.get("secret")));
        if (entry.get("opens").asBoolean()) {
            assertThat(opened).isEqualTo(new Opened.Plain(entry.get("plain").asText()));
        } else {
            assertThat(opened).isInstanceOf(Opened.Refused.class);
        }
    }

    @Test
    void refusesMode1TellingTheOperatorWhatToPutInstead() {
        Secret sealed = vector("secretbox, mode 1").secret();
        assertThat(sealed.mode()).isEqualTo(1);
        assertThat(refusal(sealed))
                .contains("master key")
                .contains("mode 1")
                .contains("{\"status\":\"Plain\",\"payload\":");
        // Even with mode forced to 0 the master-key secret does not open: the keys differ.
        assertThat(refusal(withMode(sealed, 0))).contains("does not open");
        assertThat(refusal(withMode(vector("secretbox, user").secret(), 2))).contains("mode 2");
    }

    @Test
    void refusesATamperedSecretboxPayloadNonceOrTag() {
        Secret good = vector("secretbox, user").secret();
        byte[] raw = Base64.getDecoder().decode(good.payload());
        for (int index : new int[] {0, 24, 24 + 16, raw.length - 1}) {
            byte[] changed = raw.clone();
            changed[index] ^= 0x01;
            Secret tampered = withPayload(good, Base64.getEncoder().encodeToString(changed));
            assertThat(refusal(tampered)).as("byte " + index).contains("does not open");
        }
        byte[] truncated = Arrays.copyOf(raw, raw.length - 1);
        assertThat(refusal(withPayload(good, Base64.getEncoder().encodeToString(truncated))))
                .contains("does not open");
    }

    @Test
    void refusesATamperedBuiltinPayload() {
        Secret good = vector("AES-256-GCM builtin, user").secret();
        byte[] raw = HexFormat.of().parseHex(good.payload());
        for (int index : new int[] {0, 12, raw.length - 1}) {
            byte[] changed = raw.clone();
            changed[index] ^= 0x01;
            assertThat(refusal(withPayload(good, HexFormat.of().formatHex(changed))))
                    .as("byte " + index)
                    .contains("does not open");
        }
    }

    @Test
    void refusesAnotherAdditionalDataOrKey() {
        for (Secret good :
                List.of(
                        vector("secretbox, user").secret(),
                        vector("AES-256-GCM builtin, user").secret())) {
            // A secret moved to another user (SFTPGo binds it to the owner's name).
            assertThat(refusal(withAdditionalData(good, "mallory"))).contains("does not open");
            assertThat(refusal(withAdditionalData(good, null))).contains("does not open");
            String otherKey = HexFormat.of().formatHex(new byte[32]);
            assertThat(refusal(withKey(good, otherKey))).contains("does not open");
        }
        assertThat(refusal(withAdditionalData(vector("secretbox, no additional").secret(), "x")))
                .contains("does not open");
    }

    @Test
    void acceptsUpperCaseHexAsGoDoes() {
        Vector builtin = vector("AES-256-GCM builtin, user");
        Secret upper =
                new Secret(
                        builtin.secret().status(),
                        builtin.secret().payload().toUpperCase(Locale.ROOT),
                        builtin.secret().key().toUpperCase(Locale.ROOT),
                        builtin.secret().additionalData(),
                        0);
        assertThat(SftpgoSecrets.open(upper)).isEqualTo(new Opened.Plain(builtin.plain()));
    }

    @Test
    void refusesMalformedSecretsWithAReasonNeverAnException() {
        Secret box = vector("secretbox, user").secret();
        Secret gcm = vector("AES-256-GCM builtin, user").secret();
        assertThat(refusal(withKey(box, box.key().substring(1)))).contains("64 hex characters");
        assertThat(refusal(withKey(box, "zz" + box.key().substring(2))))
                .contains("64 hex characters");
        assertThat(refusal(withKey(box, null))).contains("64 hex characters");
        assertThat(refusal(withPayload(box, "not base64!"))).contains("not base64");
        assertThat(refusal(withPayload(box, "AAAA"))).contains("too short");
        assertThat(refusal(withPayload(gcm, gcm.payload().substring(1))))
                .contains("builtin:// KMS");
        assertThat(refusal(withPayload(gcm, "00112233"))).contains("too short");
        assertThat(refusal(withKey(gcm, "k1"))).contains("builtin:// KMS");
        assertThat(refusal(withPayload(box, null))).contains("no payload");
        assertThat(refusal(withPayload(box, "A".repeat(SftpgoSecrets.MAX_PAYLOAD_CHARS + 1))))
                .contains("at most");
        assertThat(refusal(null)).contains("no value");
        assertThat(refusal(new Secret(null, "x", null, null, 0))).contains("no value");
        for (Vector v : vectors()) {
            String payload = v.secret().payload();
            for (int cut = 0; cut < payload.length(); cut += 7) {
                Opened opened =
                        SftpgoSecrets.open(withPayload(v.secret(), payload.substring(0, cut)));
                assertThat(opened)
                        .as(v.name() + " cut at " + cut)
                        .isInstanceOf(Opened.Refused.class);
            }
            String key = v.secret().key();
            char last = key.charAt(key.length() - 1) == '0' ? '1' : '0';
            assertThat(SftpgoSecrets.open(withKey(v.secret(), key.substring(0, 63) + last)))
                    .isInstanceOf(Opened.Refused.class);
        }
    }

    @Test
    void refusesSluicesOwnAesGcmSecrets() {
        // Same status name, another form: a key id and base64; never in an SFTPGo dump.
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Secret ours = new SecretCipher(master, "k1").encrypt(Secret.plain("v"), "alice");
        assertThat(ours.status()).isEqualTo(SecretStatus.AES_256_GCM);
        assertThat(refusal(ours)).contains("builtin:// KMS");
    }

    @Test
    void refusesPlainTextThatIsNotUtf8() throws GeneralSecurityException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Secret sealed = sealBuiltin(new byte[] {(byte) 0xff, (byte) 0xfe}, key, "alice");
        assertThat(refusal(sealed)).contains("not UTF-8");
        // The same Java sealing with text opens: the form is SFTPGo's builtin.go.
        Secret text = sealBuiltin("päss".getBytes(StandardCharsets.UTF_8), key, "alice");
        assertThat(SftpgoSecrets.open(text)).isEqualTo(new Opened.Plain("päss"));
    }

    @ParameterizedTest
    @EnumSource(
            value = SecretStatus.class,
            names = {"GCP", "AWS", "VAULT_TRANSIT", "AZURE_KEY_VAULT"})
    void refusesCloudKmsSecretsNamingTheKms(SecretStatus status) {
        Secret cloud = new Secret(status, "c2VhbGVk", "key", "alice", 0);
        assertThat(refusal(cloud))
                .contains(status.json() + " KMS")
                .contains("{\"status\":\"Plain\",\"payload\":");
    }

    @Test
    void plainIsGivenBackAndRedactedRefused() {
        assertThat(SftpgoSecrets.open(Secret.plain("hunter2")))
                .isEqualTo(new Opened.Plain("hunter2"));
        assertThat(refusal(new Secret(SecretStatus.REDACTED, "x", null, null, 0)))
                .contains("Redacted");
        assertThat(refusal(Secret.redacted())).contains("Redacted");
        assertThat(refusal(Secret.plain(""))).contains("no value");
    }

    @Test
    void theOpenedValueNeverReachesToString() {
        Opened opened = SftpgoSecrets.open(vector("secretbox, user").secret());
        assertThat(opened.toString()).doesNotContain(vector("secretbox, user").plain());
    }

    @Test
    void theRestApiStillRefusesSecretsSftpgoSealed() {
        // They parse (a restore must read them) but a client may not store them as they are.
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        SecretCipher cipher = new SecretCipher(master, "k1");
        for (Vector v : vectors()) {
            FilesystemConfig fs =
                    new FilesystemConfig(
                            FilesystemConfig.S3, S3Config.empty().withAccessSecret(v.secret()));
            assertThatThrownBy(() -> UserService.sealSecret(fs, null, cipher, "alice"))
                    .as(v.name())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("must be Plain");
        }
    }

    /** SFTPGo's builtin.go Encrypt, in Java, for plain texts Go's fixtures cannot hold. */
    private static Secret sealBuiltin(byte[] plain, byte[] key, String additionalData)
            throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(key);
        sha.update(additionalData.getBytes(StandardCharsets.UTF_8));
        sha.update(key);
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(sha.digest(), "AES"),
                new GCMParameterSpec(128, nonce));
        cipher.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plain);
        byte[] payload = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, payload, 0, nonce.length);
        System.arraycopy(sealed, 0, payload, nonce.length, sealed.length);
        return new Secret(
                SecretStatus.AES_256_GCM,
                HexFormat.of().formatHex(payload),
                HexFormat.of().formatHex(key),
                additionalData,
                0);
    }

    private static Secret withMode(Secret s, int mode) {
        return new Secret(s.status(), s.payload(), s.key(), s.additionalData(), mode);
    }

    private static Secret withPayload(Secret s, String payload) {
        return new Secret(s.status(), payload, s.key(), s.additionalData(), s.mode());
    }

    private static Secret withKey(Secret s, String key) {
        return new Secret(s.status(), s.payload(), key, s.additionalData(), s.mode());
    }

    private static Secret withAdditionalData(Secret s, String additionalData) {
        return new Secret(s.status(), s.payload(), s.key(), additionalData, s.mode());
    }
}
