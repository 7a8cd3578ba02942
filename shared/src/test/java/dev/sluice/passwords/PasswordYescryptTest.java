package dev.sluice.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

/**
 * The yescrypt port beyond the tool-made vectors: its classic-scrypt mode (flags 0) against RFC
 * 7914 and Bouncy Castle's independent scrypt, and its speed at Debian's default cost.
 */
class PasswordYescryptTest {

    @Test
    void flagsZeroIsClassicScryptAsInRfc7914() {
        // RFC 7914 section 12, scrypt("password", "NaCl", N = 1024, r = 8, p = 16): its first 32
        // bytes.
        byte[] derived =
                Yescrypt.derive(
                        bytes("password"), bytes("NaCl"), new Yescrypt.Params(0, 10, 8, 16, 0));
        assertThat(HexFormat.of().formatHex(derived))
                .isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    }

    @Test
    void flagsZeroMatchesBouncyCastleScrypt() {
        int[][] cases = {{4, 1, 1}, {8, 2, 3}, {11, 32, 1}, {6, 5, 2}};
        for (int[] c : cases) {
            byte[] salt = bytes("salt-" + c[0]);
            for (String password : new String[] {"", "pw", "Pässwörd-密码-🔑"}) {
                byte[] ours =
                        Yescrypt.derive(
                                bytes(password), salt, new Yescrypt.Params(0, c[0], c[1], c[2], 0));
                byte[] theirs = SCrypt.generate(bytes(password), salt, 1 << c[0], c[1], c[2], 32);
                assertThat(ours)
                        .as("N=2^%d r=%d p=%d %s", c[0], c[1], c[2], password)
                        .isEqualTo(theirs);
            }
        }
    }

    @Test
    void theYescryptModesDifferFromScryptAndFromEachOther() {
        byte[] salt = bytes("salt");
        byte[] scrypt = Yescrypt.derive(bytes("pw"), salt, new Yescrypt.Params(0, 10, 8, 1, 0));
        byte[] worm =
                Yescrypt.derive(
                        bytes("pw"),
                        salt,
                        new Yescrypt.Params(Yescrypt.YESCRYPT_WORM, 10, 8, 1, 0));
        byte[] rw =
                Yescrypt.derive(
                        bytes("pw"),
                        salt,
                        new Yescrypt.Params(Yescrypt.YESCRYPT_DEFAULTS, 10, 8, 1, 0));
        byte[] rwT1 =
                Yescrypt.derive(
                        bytes("pw"),
                        salt,
                        new Yescrypt.Params(Yescrypt.YESCRYPT_DEFAULTS, 10, 8, 1, 1));
        assertThat(worm).isNotEqualTo(scrypt);
        assertThat(rw).isNotEqualTo(scrypt).isNotEqualTo(worm);
        assertThat(rwT1).isNotEqualTo(rw);
        assertThat(
                        Yescrypt.derive(
                                bytes("pw"),
                                salt,
                                new Yescrypt.Params(Yescrypt.YESCRYPT_DEFAULTS, 10, 8, 1, 0)))
                .isEqualTo(rw);
    }

    @Test
    void debianDefaultCostVerifiesWellUnderASecond() {
        // mkpasswd -m yescrypt, N = 4096, r = 32: 16 MiB.
        String hash = "$y$j9T$F5pmJ6tbsUA9PB7Q3Nd0b/$OMPVPJOs3essVNQ2bHdVYyq.GqXDBZscHo77Tsb1wp0";
        PasswordHasher hasher = new PasswordHasher();
        for (int i = 0; i < 3; i++) {
            assertThat(hasher.verify("", hash)).isTrue();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThat(hasher.verify("wrong", hash)).isFalse();
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("yescrypt j9T verification: %d ms%n", best / 1_000_000);
        // Generous for a loaded CI machine; typically around 0.1 s.
        assertThat(best / 1_000_000).isLessThan(1000);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
