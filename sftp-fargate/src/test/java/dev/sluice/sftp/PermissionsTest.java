package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.PatternsFilter;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each permission refused where it is not granted (most specific directory wins), and file
 * patterns.
 */
@ExtendWith(AwsFixture.class)
class PermissionsTest {

    static final String PASSWORD = "permissions-password";
    static SftpSystem system;
    static String name;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
        name = system.newName("perm");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .permissions(
                                Map.of(
                                        "/", List.of("list", "download"),
                                        "/up", List.of("list", "upload"),
                                        "/full", List.of("*"),
                                        "/full/locked", List.of("list"),
                                        "/nolist", List.of("upload", "download"),
                                        "/ren",
                                                List.of(
                                                        "list",
                                                        "upload",
                                                        "rename_files",
                                                        "delete_files")))
                        .filters(
                                new UserFilters(
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of(
                                                new PatternsFilter("/full", null, List.of("*.exe")),
                                                new PatternsFilter(
                                                        "/full/img",
                                                        List.of("*.jpg", "*.png"),
                                                        List.of("secret*"))),
                                        1000,
                                        false))
                        .build());
        for (String dir :
                List.of("up/", "full/", "full/locked/", "nolist/", "ren/", "full/img/", "ro/")) {
            system.putObject("users/" + name + "/" + dir, new byte[0]);
        }
        system.putObject(
                "users/" + name + "/ro/readme.txt", "read me".getBytes(StandardCharsets.UTF_8));
        system.putObject(
                "users/" + name + "/up/existing.txt", "old".getBytes(StandardCharsets.UTF_8));
        system.putObject("users/" + name + "/nolist/f.txt", "f".getBytes(StandardCharsets.UTF_8));
        system.putObject(
                "users/" + name + "/full/img/secret.jpg", "s".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static void put(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SftpException.class,
                        e ->
                                assertThat(e.getStatus())
                                        .as(e.getMessage())
                                        .isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED));
    }

    @Test
    void readOnlyRootRefusesEveryChange() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            assertThat(get(s.client(), "/ro/readme.txt")).isEqualTo("read me");
            assertDenied(() -> put(s.client(), "/ro/new.txt", "x")); // upload
            assertDenied(() -> s.client().mkdir("/newdir")); // create_dirs
            assertDenied(() -> s.client().remove("/ro/readme.txt")); // delete_files
            assertDenied(() -> s.client().rmdir("/ro")); // delete_dirs
            assertDenied(() -> s.client().rename("/ro/readme.txt", "/ro/x")); // rename_files
            assertDenied(() -> s.client().rename("/ro", "/ro2")); // rename_dirs
        }
        assertThat(system.object("users/" + name + "/ro/readme.txt")).isPresent();
        assertThat(system.object("users/" + name + "/ro/new.txt")).isEmpty();
    }

    @Test
    void uploadWithoutOverwriteOrDownload() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/up/new.txt", "new");
            assertDenied(() -> put(s.client(), "/up/existing.txt", "clobber")); // overwrite
            assertDenied(() -> get(s.client(), "/up/new.txt")); // download
        }
        assertThat(system.object("users/" + name + "/up/existing.txt"))
                .map(String::new)
                .contains("old");
        assertThat(system.object("users/" + name + "/up/new.txt")).map(String::new).contains("new");
    }

    @Test
    void mostSpecificDirectoryWins() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            s.client().mkdir("/full/sub");
            put(s.client(), "/full/sub/a.txt", "a"); // inherits "/full" (*)
            assertDenied(
                    () ->
                            put(
                                    s.client(),
                                    "/full/locked/a.txt",
                                    "a")); // "/full/locked" wins over "/full"
            assertDenied(() -> s.client().openDir("/nolist")); // list
            assertThat(get(s.client(), "/nolist/f.txt")).isEqualTo("f");
        }
    }

    @Test
    void renameAndDeleteFilesNeedTheirPermissions() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/ren/a.txt", "a");
            s.client().rename("/ren/a.txt", "/ren/b.txt");
            assertDenied(() -> s.client().rename("/ren/b.txt", "/up/b.txt")); // no rename in /up
            assertDenied(() -> s.client().mkdir("/ren/d")); // no create_dirs
            s.client().remove("/ren/b.txt");
        }
        assertThat(system.object("users/" + name + "/ren/b.txt")).isEmpty();
    }

    @Test
    void filePatternsAndMaxUploadSize() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            assertDenied(() -> put(s.client(), "/full/tool.EXE", "x")); // denied pattern, any case
            put(s.client(), "/full/img/a.jpg", "jpg");
            assertDenied(
                    () -> put(s.client(), "/full/img/a.gif", "gif")); // not in allowed patterns
            assertDenied(
                    () -> put(s.client(), "/full/img/secret2.png", "x")); // denied beats allowed
            List<String> listed = new java.util.ArrayList<>();
            s.client().readDir("/full/img").forEach(e -> listed.add(e.getFilename()));
            assertThat(listed)
                    .contains("a.jpg")
                    .doesNotContain("secret.jpg"); // hidden, like SFTPGo
            assertThatThrownBy(() -> put(s.client(), "/full/big.bin", "x".repeat(1500)))
                    .isInstanceOf(IOException.class); // max_upload_file_size 1000
        }
        assertThat(system.object("users/" + name + "/full/big.bin")).isEmpty();
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
    }

    @Test
    void setStatIsAcceptedAndIgnoredByDefault() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            SftpClient.Attributes attrs = new SftpClient.Attributes();
            attrs.setPermissions(0600);
            s.client().setStat("/ro/readme.txt", attrs);
            attrs = new SftpClient.Attributes();
            attrs.setModifyTime(java.nio.file.attribute.FileTime.fromMillis(0));
            s.client().setStat("/ro/readme.txt", attrs);
            assertThat(s.client().stat("/ro/readme.txt").getPermissions() & 0777).isEqualTo(0644);
        }
    }
}
