package dev.sluice.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One entry, one well-formed key of a supported type and size, stored in one canonical form. */
class AuthorizedKeyTest {

    static String ed() {
        return UserValidatorTest.key("ed").strip();
    }

    static String line(String type, byte[]... fields) {
        return type + " " + Base64.getEncoder().encodeToString(blob(type, fields));
    }

    static byte[] blob(String type, byte[]... fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            byte[] name = type.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(name.length);
            out.write(name);
            for (byte[] f : fields) {
                out.writeInt(f.length);
                out.write(f);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String problem(String line) {
        return switch (AuthorizedKey.parse(line)) {
            case AuthorizedKey.Invalid invalid -> invalid.problem();
            case AuthorizedKey.Valid valid -> null;
        };
    }

    @Test
    void aSecondLineOrAnotherKeyInTheSameEntryIsRefused() {
        String ed = ed();
        String rsa = UserValidatorTest.key("rsa").strip();
        assertThat(problem(ed + "\n" + rsa)).contains("one key on one line");
        assertThat(problem(ed + "\r\n" + rsa)).contains("one key on one line");
        assertThat(problem(ed + " comment\u0000hidden")).contains("control characters");
        assertThat(problem(ed + " comment\u001b[2J")).contains("control characters");
        assertThat(problem("command=\"/bin/sh\" " + ed)).contains("options");
        assertThat(problem("no-pty,from=\"*\" " + ed)).contains("options");
        // A trailing newline (as `cat key.pub` gives) is not a second line.
        assertThat(problem(ed + "\n")).isNull();
    }

    @Test
    void theBlobIsReadWholeAndItsSizesChecked() {
        byte[] ed32 = new byte[32];
        assertThat(problem(line("ssh-ed25519", ed32))).isNull();
        assertThat(problem(line("ssh-ed25519", new byte[31]))).contains("32 bytes");
        assertThat(problem(line("ssh-ed25519", ed32, new byte[4]))).contains("bytes after the key");
        assertThat(problem(line("ssh-ed25519"))).contains("truncated or malformed");
        assertThat(
                        problem(
                                "ssh-ed25519 "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        Arrays.copyOf(
                                                                blob("ssh-ed25519", ed32), 30))))
                .contains("truncated or malformed");

        byte[] p256 = new byte[65];
        p256[0] = 4;
        assertThat(
                        problem(
                                line(
                                        "ecdsa-sha2-nistp256",
                                        "nistp256".getBytes(StandardCharsets.US_ASCII),
                                        p256)))
                .isNull();
        assertThat(
                        problem(
                                line(
                                        "ecdsa-sha2-nistp256",
                                        "nistp384".getBytes(StandardCharsets.US_ASCII),
                                        p256)))
                .contains("names curve \"nistp384\"");
        assertThat(
                        problem(
                                line(
                                        "ecdsa-sha2-nistp384",
                                        "nistp384".getBytes(StandardCharsets.US_ASCII),
                                        p256)))
                .contains("not an uncompressed nistp384 point");
        byte[] compressed = new byte[33];
        compressed[0] = 2;
        assertThat(
                        problem(
                                line(
                                        "ecdsa-sha2-nistp256",
                                        "nistp256".getBytes(StandardCharsets.US_ASCII),
                                        compressed)))
                .contains("not an uncompressed");
        assertThat(
                        problem(
                                line(
                                        "sk-ssh-ed25519@openssh.com",
                                        ed32,
                                        "ssh:".getBytes(StandardCharsets.US_ASCII))))
                .isNull();
        assertThat(
                        problem(
                                line(
                                        "sk-ecdsa-sha2-nistp256@openssh.com",
                                        "nistp256".getBytes(StandardCharsets.US_ASCII),
                                        p256,
                                        "ssh:".getBytes(StandardCharsets.US_ASCII))))
                .isNull();

        byte[] e = BigInteger.valueOf(65537).toByteArray();
        byte[] n2048 = BigInteger.ONE.shiftLeft(2047).setBit(0).toByteArray();
        byte[] n20000 = BigInteger.ONE.shiftLeft(19999).setBit(0).toByteArray();
        assertThat(problem(line("ssh-rsa", e, n2048))).isNull();
        assertThat(problem(line("ssh-rsa", e, n20000))).contains("at most 16384");
        assertThat(problem(line("ssh-rsa", BigInteger.valueOf(4).toByteArray(), n2048)))
                .contains("not a valid public key");
        assertThat(problem(line("ssh-rsa", e, n2048, new byte[1]))).contains("bytes after the key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ssh-dss", "ssh-foo", "x=1"})
    void hostileTypesAreNamedButNotEchoedWhole(String type) {
        assertThat(problem(type + " AAAA")).isNotNull();
        String longType = "x".repeat(5000);
        assertThat(problem(longType + " AAAA")).hasSizeLessThan(300);
    }

    @Test
    void theStoredFormIsCanonical() {
        String ed = ed();
        String[] parts = ed.split(" ", 3);
        String messy = "  " + parts[0] + " \t " + parts[1] + "   my laptop  \n";
        var valid = (AuthorizedKey.Valid) AuthorizedKey.parse(messy);
        assertThat(valid.key().toString()).isEqualTo(parts[0] + " " + parts[1] + " my laptop");
        User user =
                new UserValidator("installation-bucket")
                        .validate(
                                User.builder()
                                        .username("u")
                                        .password("long-enough-password")
                                        .publicKeys(List.of(messy))
                                        .build());
        assertThat(user.publicKeys()).containsExactly(parts[0] + " " + parts[1] + " my laptop");
    }
}
