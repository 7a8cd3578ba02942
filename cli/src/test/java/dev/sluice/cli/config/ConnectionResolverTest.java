package dev.sluice.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.CliEnvironment;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.http.Credentials;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionResolverTest {

    @TempDir Path home;

    private Connection resolve(Map<String, String> variables, ConnectionOptions options) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("HOME", home.toString());
        CliEnvironment environment =
                new CliEnvironment(
                        env,
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        InputStream.nullInputStream(),
                        question -> Optional.empty(),
                        false);
        return new ConnectionResolver(environment).resolve(options);
    }

    private static ConnectionOptions options(String apiKey, String user, String password) {
        return new ConnectionOptions(
                Optional.empty(),
                Optional.ofNullable(apiKey),
                Optional.ofNullable(user),
                Optional.ofNullable(password),
                Optional.empty(),
                false,
                Optional.empty());
    }

    private void profile(String text) throws Exception {
        Path file = ProfileFile.location(home);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheProfile() throws Exception {
        profile("[default]\nurl = http://profile:1\napi_key = from-profile\n");
        Connection fromProfile = resolve(Map.of(), options(null, null, null));
        assertThat(fromProfile.baseUrl().toString()).isEqualTo("http://profile:1");
        assertThat(fromProfile.credentials()).isEqualTo(new Credentials.ApiKey("from-profile"));

        Connection fromEnv =
                resolve(
                        Map.of(
                                "SLUICE_URL",
                                "http://env:2",
                                "SLUICE_USER",
                                "ops",
                                "SLUICE_PASSWORD",
                                "env pw"),
                        options(null, null, null));
        assertThat(fromEnv.baseUrl().toString()).isEqualTo("http://env:2");
        assertThat(fromEnv.credentials()).isEqualTo(new Credentials.Basic("ops", "env pw"));

        Connection fromCli =
                resolve(Map.of("SLUICE_API_KEY", "env-key"), options(null, "admin", "cli pw"));
        assertThat(fromCli.credentials())
                .as("a key in the environment never mixes with a user on the command line")
                .isEqualTo(new Credentials.Basic("admin", "cli pw"));
    }

    @Test
    void aPasswordAloneGoesWithTheUserNamedBelowIt() {
        Connection connection =
                resolve(Map.of("SLUICE_USER", "admin"), options(null, null, "cli pw"));
        assertThat(connection.credentials()).isEqualTo(new Credentials.Basic("admin", "cli pw"));
    }

    @Test
    void withoutAnythingTheLocalModeIsCalledWithoutCredentials() {
        Connection connection = resolve(Map.of(), options(null, null, null));
        assertThat(connection.baseUrl().toString()).isEqualTo(ConnectionResolver.DEFAULT_URL);
        assertThat(connection.credentials()).isEqualTo(new Credentials.None());
    }

    @Test
    void aUserWithoutAPasswordAndNoTerminalIsAnAuthenticationFailure() {
        assertThatThrownBy(() -> resolve(Map.of("SLUICE_USER", "admin"), options(null, null, null)))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("--password-file")
                .extracting(e -> ((CliFailure) e).exitCode())
                .isEqualTo(4);
    }

    @Test
    void badInputIsAUsageError() {
        assertThatThrownBy(() -> resolve(Map.of(), options(null, null, "pw")))
                .hasMessageContaining("without a user");
        for (String url : new String[] {"ftp://host", "not a url", "http://"}) {
            assertThatThrownBy(() -> resolve(Map.of("SLUICE_URL", url), options(null, null, null)))
                    .isInstanceOf(CliFailure.class)
                    .extracting(e -> ((CliFailure) e).exitCode())
                    .isEqualTo(2);
        }
        assertThatThrownBy(
                        () -> resolve(Map.of("SLUICE_PROFILE", "nope"), options(null, null, null)))
                .hasMessageContaining("no profile \"nope\"");
    }
}
