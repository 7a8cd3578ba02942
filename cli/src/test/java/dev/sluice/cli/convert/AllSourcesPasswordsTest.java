package dev.sluice.cli.convert;

import static dev.sluice.cli.convert.ConvertFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.passwords.PasswordHasher;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every converted user logs in with its old password: the dump's hash verifies in Sluice. */
class AllSourcesPasswordsTest {

    private static final PasswordHasher HASHER = new PasswordHasher();

    private static Map<String, AccountSource> sources() {
        return Map.of(
                "unix-passwd", new UnixPasswdSource(path("unix/passwd"), path("unix/shadow")),
                "pure-ftpd", new PureFtpdSource(path("pure-ftpd/pureftpd.passwd")),
                "proftpd", new ProftpdSource(path("proftpd/ftpd.passwd")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix-passwd", "pure-ftpd", "proftpd"})
    void eachConvertedHashVerifiesTheOldPasswordAndNoOther(String source) throws IOException {
        Conversion c = sources().get(source).convert(ConvertOptions.defaults());
        assertThat(c.users()).isNotEmpty();
        for (JsonNode account : ConvertFixtures.expected(source)) {
            if (!account.path("outcome").asText().equals("converted")) {
                continue;
            }
            String name = account.path("username").asText();
            String hash = ConvertFixtures.converted(c, name).orElseThrow().user().password();
            String password = account.path("password").asText();
            assertThat(HASHER.verify(password, hash)).as(name + " with its old password").isTrue();
            assertThat(HASHER.verify(password + "x", hash)).as(name + " with another").isFalse();
        }
    }
}
