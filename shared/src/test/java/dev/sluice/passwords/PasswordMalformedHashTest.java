package dev.sluice.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hashes that must verify nothing, quickly, without exceptions and without allocating what their
 * parameters ask for, and that {@link PasswordHasher#problemWith} explains.
 */
class PasswordMalformedHashTest {

    private static final PasswordHasher HASHER = new PasswordHasher();

    // Well-formed hashes of "password" (from vectors.tsv) that the cases below break one way each.
    private static final String BCRYPT_TAIL =
            "ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9tK";
    private static final String ARGON2_TAIL =
            "$c29tZXNhbHRzYWx0$gN06/9uzm7OTeFC/ezjkVyAFMrZGuV8JLhmc+YjSZ8k";
    private static final String YESCRYPT_TAIL =
            "$i9Y6X12bSyEdrzdpZenV01$CSKd9fW3bP80h8XhE4lgFmYJdbLVu9iTdZzRy2wODh1";
    private static final String KEY_32 = "R5J62hsSq+pYw00hLLPKBbcGXmq7fj5+/M0IFoYtZbo=";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // bcrypt
                Arguments.of(HashFormat.BCRYPT, "$2y$99$" + BCRYPT_TAIL, "cost 99"),
                Arguments.of(HashFormat.BCRYPT, "$2y$31$" + BCRYPT_TAIL, "cost 31"),
                Arguments.of(HashFormat.BCRYPT, "$2y$17$" + BCRYPT_TAIL, "cost 17"),
                Arguments.of(HashFormat.BCRYPT, "$2y$03$" + BCRYPT_TAIL, "cost 3"),
                Arguments.of(
                        HashFormat.BCRYPT,
                        "$2a$14$" + BCRYPT_TAIL.substring(1),
                        "not a bcrypt hash"),
                Arguments.of(
                        HashFormat.BCRYPT,
                        "$2a$14$" + BCRYPT_TAIL.replace('.', '!'),
                        "not a bcrypt hash"),
                Arguments.of(HashFormat.BCRYPT, "$2b$", "not a bcrypt hash"),
                // argon2
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=4194304,t=3,p=1" + ARGON2_TAIL,
                        "memory 4194304"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=999999999,t=1,p=1" + ARGON2_TAIL,
                        "memory 999999999"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=9999999999,t=1,p=1" + ARGON2_TAIL,
                        "not an argon2 hash"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=65536,t=100000,p=1" + ARGON2_TAIL,
                        "memory x iterations"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=65536,t=3,p=255" + ARGON2_TAIL,
                        "parallelism 255"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=65536,t=0,p=1" + ARGON2_TAIL,
                        "iterations 0"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=18$m=65536,t=3,p=1" + ARGON2_TAIL,
                        "version 18"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHRzYWx0$",
                        "not an argon2 hash"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$gN06/9uzm7OTeFC",
                        "4-byte argon2 salt"),
                Arguments.of(
                        HashFormat.ARGON2ID,
                        "$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHRzYWx0$Z",
                        "not valid base64"),
                Arguments.of(
                        HashFormat.ARGON2I,
                        "$argon2i$m=65536,t=3,p=1$c29t*XNhbHRzYWx0$gN06",
                        "not an argon2 hash"),
                // yescrypt
                Arguments.of(HashFormat.YESCRYPT, "$y$jFT" + YESCRYPT_TAIL, "N = 262144, r = 32"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$jzzzzzzT" + YESCRYPT_TAIL,
                        "impossible yescrypt parameters"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$j9zzzzzz" + YESCRYPT_TAIL,
                        "impossible yescrypt parameters"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9rz" + YESCRYPT_TAIL, "r = 560"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9T.Z" + YESCRYPT_TAIL, "p = 39"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9T/Z" + YESCRYPT_TAIL, "t = 38"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9T5." + YESCRYPT_TAIL, "ROM"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9T2.." + YESCRYPT_TAIL, "hash upgrades"),
                Arguments.of(HashFormat.YESCRYPT, "$y$k99T" + YESCRYPT_TAIL, "pwxform flavor"),
                Arguments.of(HashFormat.YESCRYPT, "$y$.9T/." + YESCRYPT_TAIL, "classic-scrypt"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9T", "malformed yescrypt parameters"),
                Arguments.of(HashFormat.YESCRYPT, "$y$j9T$", "no yescrypt salt"),
                Arguments.of(
                        HashFormat.YESCRYPT, "$y$j9T$i9Y6X12bSyEdrzdpZenV01", "no yescrypt salt"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$j9T$i9Y6X12bSyEdrzdpZenV01$CSKd9fW3bP80h8XhE4lgFmY",
                        "43-character"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$j9T$i9Y6X1!bSyEdrzdpZenV01$CSKd9fW3bP80h8XhE4lgFmYJdbLVu9iTdZzRy2wODh1",
                        "outside ./0-9A-Za-z"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$j9T$i9Y6X12bSyEdrzdpZenV0$CSKd9fW3bP80h8XhE4lgFmYJdbLVu9iTdZzRy2wODh1",
                        "impossible length"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$j9T$" + "a".repeat(88) + "$CSKd9fW3bP80h8XhE4lgFmYJdbLVu9iTdZzRy2wODh1",
                        "longer than 64 bytes"),
                Arguments.of(
                        HashFormat.YESCRYPT,
                        "$y$j9T$zz$CSKd9fW3bP80h8XhE4lgFmYJdbLVu9iTdZzRy2wODh1",
                        "stray trailing bits"),
                // PBKDF2
                Arguments.of(
                        HashFormat.PBKDF2_SHA256, "$pbkdf2-sha256$1000$salt$", "0-byte PBKDF2 key"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA256,
                        "$pbkdf2-sha256$many$salt$" + KEY_32,
                        "not a number"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA256,
                        "$pbkdf2-sha256$0$salt$" + KEY_32,
                        "iterations 0"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA256,
                        "$pbkdf2-sha256$-5$salt$" + KEY_32,
                        "not a number"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA256,
                        "$pbkdf2-sha256$9999999999$salt$" + KEY_32,
                        "iterations 9999999999"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA512,
                        "$pbkdf2-sha512$1000000$salt$" + "QUFB".repeat(64),
                        "iterations 1000000"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA256,
                        "$pbkdf2-sha256$1000$salt$" + KEY_32.replace("=", ""),
                        "padded"),
                Arguments.of(
                        HashFormat.PBKDF2_SHA256,
                        "$pbkdf2-sha256$1000$salt$" + KEY_32 + "$",
                        "of the form"),
                Arguments.of(HashFormat.PBKDF2_SHA1, "$pbkdf2-sha1$1000$salt", "of the form"),
                Arguments.of(
                        HashFormat.PBKDF2_B64SALT_SHA256,
                        "$pbkdf2-b64salt-sha256$1000$not base64!$" + KEY_32,
                        "salt"),
                // crypt(3)
                Arguments.of(
                        HashFormat.SHA512_CRYPT,
                        "$6$rounds=999999999$HuYM/dfStaCs/uH7$" + "a".repeat(86),
                        "rounds=999999999"),
                Arguments.of(
                        HashFormat.SHA256_CRYPT,
                        "$5$rounds=1000001$RUg1B8Mn5Sw7X7z3$" + "a".repeat(43),
                        "rounds=1000001"),
                Arguments.of(
                        HashFormat.SHA512_CRYPT,
                        "$6$rounds=x$HuYM/dfStaCs/uH7$" + "a".repeat(86),
                        "well-formed"),
                Arguments.of(
                        HashFormat.SHA512_CRYPT,
                        "$6$HuYM/dfStaCs/uH7$" + "a".repeat(85),
                        "well-formed"),
                Arguments.of(
                        HashFormat.SHA256_CRYPT,
                        "$5$salt with spaces$" + "a".repeat(43),
                        "well-formed"),
                Arguments.of(
                        HashFormat.MD5_CRYPT,
                        "$1$saltsaltsalt$VODr/nyhGWgZaY8sJ4x05.",
                        "well-formed"),
                Arguments.of(HashFormat.APR1_CRYPT, "$apr1$OBWLeSme$", "well-formed"),
                // digests
                Arguments.of(HashFormat.MD5_DIGEST, "{MD5}xyz", "32 hex digits"),
                Arguments.of(
                        HashFormat.SHA256_DIGEST, "{SHA256}" + "0".repeat(63), "64 hex digits"),
                Arguments.of(
                        HashFormat.SHA512_DIGEST, "{SHA512}" + "g".repeat(128), "128 hex digits"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    @Timeout(5)
    void verifiesNothingCheaplyAndSaysWhy(HashFormat format, String hash, String problem) {
        assertThat(PasswordHasher.detect(hash)).isEqualTo(format);
        long before = allocatedBytes();
        boolean matched = HASHER.verify("password", hash);
        long allocated = allocatedBytes() - before;
        assertThat(matched).isFalse();
        assertThat(allocated).as("bytes allocated by verify").isLessThan(4L << 20);
        assertThat(PasswordHasher.problemWith(hash))
                .hasValueSatisfying(p -> assertThat(p).contains(problem));
        assertThat(PasswordHasher.isSupportedHash(hash)).isFalse();
        assertThat(HASHER.needsRehash(hash)).isTrue();
    }

    @Test
    void anEmptyPbkdf2KeyMatchesNothing() {
        // SFTPGo derives a 0-byte key here and so would accept any password.
        assertThat(HASHER.verify("", "$pbkdf2-sha256$1$salt$")).isFalse();
        assertThat(HASHER.verify("anything", "$pbkdf2-sha1$1000$salt$")).isFalse();
    }

    @Test
    void unsupportedFormatsAreUnknownAndSaySo() {
        for (String hash :
                new String[] {
                    "",
                    "plain text password",
                    "$7$CU..../....mqrzGIeAF9g/fUU/zc10F.$5iGZk",
                    "$gy$j9T$salt$hash",
                    "$2x$05$" + BCRYPT_TAIL,
                    "$2$05$" + BCRYPT_TAIL,
                    "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
                    "{SSHA}abcdef",
                    "$sha1$40000$salt$hash",
                    "$pbkdf2-sha384$1000$salt$" + KEY_32,
                    "$pbkdf2$1000$salt$key",
                    "$md5$rounds=1000$salt$hash",
                    "_J9..CCCCXBrJUJV154M",
                    "$argon2$v=19$m=1,t=1,p=1$a$b",
                    "$Y$j9T$x$y",
                    "$6",
                    "$y",
                    "$argon2id"
                }) {
            assertThat(PasswordHasher.detect(hash)).as(hash).isEqualTo(HashFormat.UNKNOWN);
            assertThat(HASHER.verify("password", hash)).as(hash).isFalse();
            assertThat(PasswordHasher.isSupportedHash(hash)).as(hash).isFalse();
            assertThat(PasswordHasher.problemWith(hash))
                    .as(hash)
                    .hasValueSatisfying(
                            p ->
                                    assertThat(p)
                                            .startsWith(
                                                    "is not in a supported format; supported are argon2id, argon2i, argon2d, bcrypt, yescrypt"));
        }
        assertThat(PasswordHasher.detect(null)).isEqualTo(HashFormat.UNKNOWN);
        assertThat(PasswordHasher.isSupportedHash(null)).isFalse();
        assertThat(HASHER.verify("password", null)).isFalse();
    }

    @Test
    void detectClassifiesEachPrefix() {
        String[][] cases = {
            {"$argon2id$v=19$...", "ARGON2ID"},
            {"$argon2i$v=19$...", "ARGON2I"},
            {"$argon2d$v=19$...", "ARGON2D"},
            {"$2a$10$...", "BCRYPT"},
            {"$2b$10$...", "BCRYPT"},
            {"$2y$10$...", "BCRYPT"},
            {"$y$j9T$...", "YESCRYPT"},
            {"$6$salt$...", "SHA512_CRYPT"},
            {"$5$rounds=5000$...", "SHA256_CRYPT"},
            {"$1$salt$...", "MD5_CRYPT"},
            {"$apr1$salt$...", "APR1_CRYPT"},
            {"$pbkdf2-sha1$...", "PBKDF2_SHA1"},
            {"$pbkdf2-sha256$...", "PBKDF2_SHA256"},
            {"$pbkdf2-sha512$...", "PBKDF2_SHA512"},
            {"$pbkdf2-b64salt-sha256$...", "PBKDF2_B64SALT_SHA256"},
            {"{MD5}...", "MD5_DIGEST"},
            {"{SHA256}...", "SHA256_DIGEST"},
            {"{SHA512}...", "SHA512_DIGEST"},
        };
        for (String[] c : cases) {
            assertThat(PasswordHasher.detect(c[0])).as(c[0]).isEqualTo(HashFormat.valueOf(c[1]));
        }
        assertThat(HashFormat.supported())
                .hasSize(HashFormat.values().length - 1)
                .doesNotContain(HashFormat.UNKNOWN);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }
}
