package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.PatternsFilter;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names that a person or a Windows client sees as another name (trailing dots and spaces, invisible
 * characters) cannot be used to slip past a file-name filter or a directory's permissions: the one
 * path normaliser refuses them for every operation, so no filter ever sees them.
 */
@ExtendWith(AwsFixture.class)
class LookalikeNamesTest {

    static final String PASSWORD = "lookalike-password";

    /** Ways to write a name that looks like {@code base} but is not equal to it. */
    static final List<String> DISGUISES =
            List.of(
                    ".",
                    " ",
                    "\u200b",
                    "\u200d",
                    "\u2060",
                    "\ufeff",
                    "\u00ad",
                    "\ufe0f",
                    "\u202e",
                    "\u2066",
                    "\u180e",
                    "\u061c",
                    "\udb40\udc20",
                    ". ",
                    " .");

    static SftpSystem system;
    static String name;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
        name = system.newName("lookalike");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .permissions(Map.of("/", List.of("*"), "/ro", List.of("list", "download")))
                        .filters(
                                new UserFilters(
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of(
                                                new PatternsFilter("/", null, List.of("*.exe")),
                                                new PatternsFilter("/img", List.of("*.jpg"), null)),
                                        0,
                                        false))
                        .build());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static void put(SftpClient sftp, String path) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write("payload".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void deniedPatternsAllowedPatternsAndPermissionsCannotBeEvaded() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            SftpClient sftp = s.client();
            sftp.mkdir("/img");
            sftp.mkdir("/ro");
            // The rules hold for the plain names (so the test below would see an evasion).
            assertThatThrownBy(() -> put(sftp, "/a.exe")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> put(sftp, "/img/a.png")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> put(sftp, "/ro/a.txt")).isInstanceOf(IOException.class);
            put(sftp, "/ok.txt");
            put(sftp, "/img/ok.jpg");

            List<String> targets = new ArrayList<>();
            for (String d : DISGUISES) {
                targets.add("/a.exe" + d); // denied_patterns *.exe at /
                targets.add("/img/a.jpg" + d); // allowed_patterns *.jpg at /img: not a .jpg
                if (!d.isBlank() && !d.strip().equals(".")) {
                    targets.add("/img/a" + d + ".jpg"); // an invisible character inside a name
                }
                targets.add("/ro" + d + "/a.txt"); // a directory that looks like read-only /ro
            }
            for (String target : targets) {
                assertThat(catchThrowable(() -> put(sftp, target)))
                        .as("upload %s", escape(target))
                        .isInstanceOf(IOException.class);
                assertThat(catchThrowable(() -> sftp.mkdir(target)))
                        .as("mkdir %s", escape(target))
                        .isInstanceOf(IOException.class);
                assertThat(catchThrowable(() -> sftp.rename("/ok.txt", target)))
                        .as("rename to %s", escape(target))
                        .isInstanceOf(IOException.class);
            }
            List<String> root = names(sftp, "/");
            List<String> img = names(sftp, "/img");
            assertThat(root).containsExactlyInAnyOrder("img", "ro", "ok.txt");
            assertThat(img).containsExactly("ok.jpg");
        }
    }

    private static List<String> names(SftpClient sftp, String dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(dir)) {
            if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                out.add(e.getFilename());
            }
        }
        return out;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints()
                .forEach(
                        cp ->
                                out.append(
                                        cp < 0x21 || cp > 0x7e
                                                ? String.format("\\u%04x", cp)
                                                : Character.toString(cp)));
        return out.toString();
    }
}
