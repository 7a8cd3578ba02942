package dev.sluice.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void newHashesAreArgon2idPhcStringsWithTheDocumentedCost() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash)
                .matches(
                        "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.detect(hash)).isEqualTo(HashFormat.ARGON2ID);
        assertThat(PasswordHasher.problemWith(hash)).isEmpty();
        String[] fields = hash.split("\\$");
        assertThat(Base64.getDecoder().decode(fields[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(fields[5])).hasSize(32);
    }

    @Test
    void newHashesVerifyAndOnlyWithTheirPassword() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(
                        hasher.verify(
                                CharBuffer.wrap("correct horse battery staple".toCharArray()),
                                hash))
                .isTrue();
        assertThat(hasher.verify("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void unicodeAndEmptyPasswordsAreHashedAsUtf8() {
        String unicode = "Pässwörd-密码-🔑";
        String hash = hasher.hash(unicode);
        assertThat(hasher.verify(unicode, hash)).isTrue();
        // The decomposed spelling of ä is other bytes, hence another password (no normalisation, as
        // in SFTPGo).
        assertThat(hasher.verify("Pa\u0308sswörd-密码-🔑", hash)).isFalse();
        String empty = hasher.hash("");
        assertThat(hasher.verify("", empty)).isTrue();
        assertThat(hasher.verify(" ", empty)).isFalse();
    }

    @Test
    void everyHashIsFreshlySalted() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
        assertThat(hasher.verify("same password", first)).isTrue();
        assertThat(hasher.verify("same password", second)).isTrue();
    }

    @Test
    void needsRehashIsFalseOnlyForTheCurrentArgon2idParameters() {
        assertThat(hasher.needsRehash(hasher.hash("pw"))).isFalse();

        PasswordHasher cheaper = new PasswordHasher(new Argon2Settings(8192, 1, 1));
        String cheap = cheaper.hash("pw");
        assertThat(cheap).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
        assertThat(cheaper.needsRehash(cheap)).isFalse();
        assertThat(hasher.needsRehash(cheap)).isTrue();
        assertThat(cheaper.needsRehash(hasher.hash("pw"))).isTrue();
        // Either hasher verifies the other's hashes: the parameters travel in the string.
        assertThat(hasher.verify("pw", cheap)).isTrue();

        String current = hasher.hash("pw");
        assertThat(hasher.needsRehash(current.replace("t=2", "t=3"))).isTrue();
        assertThat(hasher.needsRehash(current.replace("p=1", "p=2"))).isTrue();
        assertThat(hasher.needsRehash(current.replace("v=19", "v=16"))).isTrue();
        assertThat(hasher.needsRehash(current.replace("$argon2id$", "$argon2i$"))).isTrue();
        assertThat(
                        hasher.needsRehash(
                                "$2y$05$NZmaCCHLVkASWtdAWMsUh.j32DArgK7IxNUozn/UCY945C96ci/Ni"))
                .isTrue();
        assertThat(hasher.needsRehash("$argon2id$v=19$m=19456,t=2,p=1$truncated")).isTrue();
        assertThat(hasher.needsRehash(null)).isTrue();
        assertThat(hasher.needsRehash("plain text")).isTrue();
    }

    @Test
    void aLoginUpgradesALegacyHash() {
        String legacy = "$apr1$OBWLeSme$WoJbB736e7kKxMBIAqilb1";
        assertThat(hasher.verify("password", legacy)).isTrue();
        assertThat(hasher.needsRehash(legacy)).isTrue();
        String upgraded = hasher.hash("password");
        assertThat(hasher.verify("password", upgraded)).isTrue();
        assertThat(hasher.needsRehash(upgraded)).isFalse();
    }

    @Test
    void overLongPasswordsAreRefused() throws Exception {
        // 1024 four-byte characters (2048 UTF-16 units) fill the limit exactly.
        String limit = "🔑".repeat(PasswordHasher.MAX_PASSWORD_BYTES / 4);
        String hash = hasher.hash(limit);
        assertThat(hasher.verify(limit, hash)).isTrue();
        assertThatThrownBy(() -> hasher.hash(limit + "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4096 bytes");
        // A hash the over-long password would match is still no match.
        String sha256OfOverLong =
                "{SHA256}"
                        + HexFormat.of()
                                .formatHex(
                                        MessageDigest.getInstance("SHA-256")
                                                .digest(
                                                        (limit + "x")
                                                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(hasher.verify(limit + "x", sha256OfOverLong)).isFalse();
        String shorter = limit.substring(2) + "x";
        assertThat(
                        hasher.verify(
                                shorter,
                                "{SHA256}"
                                        + HexFormat.of()
                                                .formatHex(
                                                        MessageDigest.getInstance("SHA-256")
                                                                .digest(
                                                                        shorter.getBytes(
                                                                                StandardCharsets
                                                                                        .UTF_8)))))
                .isTrue();
    }

    @Test
    void nullsAreNoMatch() {
        String hash = hasher.hash("pw");
        assertThat(hasher.verify(null, hash)).isFalse();
        assertThat(hasher.verify("pw", null)).isFalse();
        assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void settingsOutsideWhatVerifyAcceptsAreRefused() {
        assertThatThrownBy(() -> new Argon2Settings(4, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Settings(65536, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Settings(65536, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Settings(512 * 1024, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Settings(262144, 3, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Argon2Settings(262144, 2, 1).memoryKiB()).isEqualTo(262144);
        assertThat(new Argon2Settings(65536, 3, 4).parallelism()).isEqualTo(4);
    }
}
