package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** No spelling of a path reaches another user's files or anything outside the session's root. */
@ExtendWith(AwsFixture.class)
class TraversalTest {

    static final String PASSWORD = "traversal-password";
    static SftpSystem system;
    static String alice;
    static String bob;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
        alice = system.newName("alice");
        bob = system.newName("bob");
        system.createUser(User.builder().username(alice).password(PASSWORD).build());
        system.createUser(User.builder().username(bob).password(PASSWORD).build());
        system.putObject(
                "users/" + bob + "/secret.txt", "bob's secret".getBytes(StandardCharsets.UTF_8));
        system.putObject("outside.txt", "bucket root".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), alice, PASSWORD)) {
            assertThat(s.client().canonicalPath("/..")).isEqualTo("/");
            assertThat(s.client().canonicalPath("../../..")).isEqualTo("/");
            assertThat(s.client().canonicalPath("/a/./b//c/../d")).isEqualTo("/a/b/d");
            for (String p :
                    List.of(
                            "/../" + bob + "/secret.txt",
                            "../" + bob + "/secret.txt",
                            "/..//..//" + bob + "/secret.txt",
                            "/./../" + bob + "/./secret.txt",
                            "//../" + bob + "/secret.txt",
                            "/../outside.txt",
                            "../../outside.txt")) {
                assertThatThrownBy(() -> read(s.client(), p)).as(p).isInstanceOf(IOException.class);
            }
            try (OutputStream out = s.client().write("/../../escape.txt")) {
                out.write("x".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(system.object("users/" + alice + "/escape.txt"))
                .as("clamped into alice's home")
                .isPresent();
        assertThat(system.object("escape.txt")).isEmpty();
        assertThat(system.object("users/" + bob + "/escape.txt")).isEmpty();
    }

    @Test
    void encodedAndUnicodeTricksAreNamesOrRefused() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), alice, PASSWORD)) {
            for (String p :
                    List.of(
                            "/%2e%2e/" + bob + "/secret.txt",
                            "/..%2f" + bob + "/secret.txt",
                            "/%2e%2e%2f%2e%2e%2foutside.txt",
                            "/\uff0e\uff0e/" + bob + "/secret.txt",
                            "/\u2024\u2024/" + bob + "/secret.txt",
                            "/..\\" + bob + "\\secret.txt",
                            "/\u0000/../" + bob + "/secret.txt",
                            "/..\uff0f" + bob + "/secret.txt")) {
                assertThatThrownBy(() -> read(s.client(), p)).as(p).isInstanceOf(IOException.class);
            }
            // A percent-encoded name is just a name inside alice's home.
            try (OutputStream out = s.client().write("/%2e%2e")) {
                out.write("y".getBytes(StandardCharsets.UTF_8));
            }
            // Fullwidth dots would become ".." under NFKC: refused, never stored.
            assertThatThrownBy(() -> s.client().write("/\uff0e\uff0e").close())
                    .isInstanceOf(IOException.class);
        }
        assertThat(system.object("users/" + alice + "/%2e%2e")).isPresent();
        assertThat(system.keys(""))
                .allMatch(
                        k ->
                                k.startsWith("users/" + alice + "/")
                                        || k.startsWith("users/" + bob + "/")
                                        || k.equals("outside.txt"));
    }

    @Test
    void openSshCdUpAndGetAboveRoot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String key = alice + "-key";
        SftpSystem.SshKey k = system.newKey(key);
        system.userStore.update(
                alice, u -> u.toBuilder().publicKeys(List.of(k.publicLine())).build());
        OpenSsh.Result r =
                OpenSsh.withKey(
                        system.port(),
                        k.privateKey(),
                        alice,
                        "cd ..\npwd\n-get ../"
                                + bob
                                + "/secret.txt "
                                + dir.resolve("stolen")
                                + "\n-get /../../outside.txt "
                                + dir.resolve("stolen2")
                                + "\n");
        assertThat(r.output()).contains("Remote working directory: /");
        assertThat(dir.resolve("stolen")).doesNotExist();
        assertThat(dir.resolve("stolen2")).doesNotExist();
    }
}
