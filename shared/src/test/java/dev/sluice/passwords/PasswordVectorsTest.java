package dev.sluice.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hash in passwords/vectors.tsv was made by a real tool (mkpasswd, htpasswd, openssl, the
 * argon2 CLI, libxcrypt through Python, SFTPGo's own tests); see generate-vectors.sh beside it.
 */
class PasswordVectorsTest {

    private static final PasswordHasher HASHER = new PasswordHasher();

    record Vector(HashFormat format, String password, String hash, int line) {
        @Override
        public String toString() {
            return "line " + line + ": " + format + " " + hash;
        }
    }

    static List<Vector> vectors() {
        List<Vector> vectors = new ArrayList<>();
        try (InputStream in =
                        PasswordVectorsTest.class.getResourceAsStream("/passwords/vectors.tsv");
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 3) {
                    throw new IllegalStateException(
                            "vectors.tsv line " + number + " does not have 3 fields");
                }
                vectors.add(
                        new Vector(HashFormat.valueOf(fields[0]), fields[1], fields[2], number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theRightPasswordVerifies(Vector v) {
        assertThat(HASHER.verify(v.password(), v.hash())).isTrue();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void wrongPasswordsDoNot(Vector v) {
        assertThat(HASHER.verify("x" + v.password(), v.hash())).isFalse();
        if (!v.password().isEmpty()) {
            assertThat(HASHER.verify(v.password().substring(1), v.hash())).isFalse();
            String upper = v.password().toUpperCase(Locale.ROOT);
            if (!upper.equals(v.password())) {
                assertThat(HASHER.verify(upper, v.hash())).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void aChangedHashDoesNotVerify(Vector v) {
        // The fifth character from the end is hash output in every format here, and '0'/'1' are
        // digits of every alphabet in use (hex, base64, crypt's base-64).
        int at = v.hash().length() - 5;
        char other = v.hash().charAt(at) == '0' ? '1' : '0';
        String tampered = v.hash().substring(0, at) + other + v.hash().substring(at + 1);
        assertThat(HASHER.verify(v.password(), tampered)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void isClassifiedImportableAndLegacy(Vector v) {
        assertThat(PasswordHasher.detect(v.hash())).isEqualTo(v.format());
        assertThat(PasswordHasher.problemWith(v.hash())).isEmpty();
        assertThat(PasswordHasher.isSupportedHash(v.hash())).isTrue();
        boolean current = v.hash().startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(HASHER.needsRehash(v.hash())).isEqualTo(!current);
    }

    @Test
    void coverEveryFormatWithAUnicodePasswordAndEnoughYescryptCases() {
        List<Vector> vectors = vectors();
        Set<HashFormat> covered =
                vectors.stream()
                        .map(Vector::format)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(HashFormat.class)));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(HashFormat.supported());
        for (HashFormat format : HashFormat.supported()) {
            assertThat(vectors.stream().filter(v -> v.format() == format))
                    .as(format.name())
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(
                            vectors.stream()
                                    .filter(
                                            v ->
                                                    v.format() == format
                                                            && !v.password()
                                                                    .chars()
                                                                    .allMatch(c -> c < 128)))
                    .as(format + " with a non-ASCII password")
                    .isNotEmpty();
        }
        List<Vector> yescrypt =
                vectors.stream().filter(v -> v.format() == HashFormat.YESCRYPT).toList();
        assertThat(yescrypt).extracting(Vector::password).contains("", "x");
        assertThat(yescrypt)
                .extracting(v -> v.hash().substring(0, 7))
                .contains("$y$j9T$", "$y$j75$", "$y$j7T$", "$y$jBT$");
        assertThat(vectors)
                .extracting(Vector::hash)
                .anyMatch(h -> h.startsWith("$2a$"))
                .anyMatch(h -> h.startsWith("$2b$"))
                .anyMatch(h -> h.startsWith("$2y$"));
    }

    @Test
    void bcryptLikeOpenBsdCountsOnlyTheFirst72Bytes() {
        Vector longBcrypt =
                vectors().stream()
                        .filter(v -> v.format() == HashFormat.BCRYPT && v.password().length() > 72)
                        .findFirst()
                        .orElseThrow();
        assertThat(
                        HASHER.verify(
                                longBcrypt.password().substring(0, 72) + "anything else",
                                longBcrypt.hash()))
                .isTrue();
        assertThat(HASHER.verify(longBcrypt.password().substring(0, 71), longBcrypt.hash()))
                .isFalse();
    }
}
