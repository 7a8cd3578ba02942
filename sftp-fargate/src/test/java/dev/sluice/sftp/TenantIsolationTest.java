package dev.sluice.sftp;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over SFTP, a tenant sees only its own files: users named after the bucket's top-level areas
 * ({@code folders}, {@code users}, {@code sluice}) reach no other user's home and no virtual
 * folder, and a mapping stored around validation that would reach others is not mounted.
 */
@ExtendWith(AwsFixture.class)
class TenantIsolationTest {

    private static final String PASSWORD = "tenant-password";
    private static SftpSystem system;

    @BeforeAll
    static void start(AwsEnvironment aws) throws IOException {
        system = SftpSystem.start(aws);
        system.createFolder(new VirtualFolder("shared", null, null, 0, 0, 0, null, null));
        system.createUser(
                User.builder()
                        .username("alice")
                        .password(PASSWORD)
                        .virtualFolders(
                                List.of(new VirtualFolderMapping("shared", "/shared", 0, 0)))
                        .build());
        system.createUser(User.builder().username("bob").password(PASSWORD).build());
        for (String name : List.of("folders", "users", "sluice")) {
            system.createUser(User.builder().username(name).password(PASSWORD).build());
        }
        try (Mina.Sftp s = Mina.open(system.port(), "alice", PASSWORD)) {
            write(s.client(), "/secret.txt", "alice's secret");
            write(s.client(), "/shared/team.txt", "team file");
        }
        try (Mina.Sftp s = Mina.open(system.port(), "bob", PASSWORD)) {
            write(s.client(), "/bob.txt", "bob's file");
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static void write(SftpClient sftp, String path, String text) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every name below {@code dir}, recursively. */
    private static List<String> tree(SftpClient sftp, String dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(dir)) {
            if (e.getFilename().equals(".") || e.getFilename().equals("..")) {
                continue;
            }
            String path = dir.equals("/") ? "/" + e.getFilename() : dir + "/" + e.getFilename();
            out.add(path);
            if (e.getAttributes().isDirectory()) {
                out.addAll(tree(sftp, path));
            }
        }
        return out;
    }

    @Test
    void theLayoutKeepsHomesAndFoldersApart() {
        assertThat(system.keys(""))
                .contains("users/alice/secret.txt", "users/bob/bob.txt", "folders/shared/team.txt")
                .allMatch(k -> k.startsWith("users/") || k.startsWith("folders/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"folders", "users", "sluice"})
    void aUserNamedAfterAnAreaSeesOnlyItsOwnHome(String name) throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            assertThat(tree(s.client(), "/")).isEmpty();
            for (String path :
                    List.of(
                            "/shared/team.txt",
                            "/team.txt",
                            "/alice/secret.txt",
                            "/users/alice/secret.txt",
                            "/folders/shared/team.txt",
                            "/../alice/secret.txt",
                            "/../../folders/shared/team.txt",
                            "/bob/bob.txt",
                            "/../bob/bob.txt")) {
                assertThatThrownBy(() -> read(s.client(), path))
                        .as(path)
                        .isInstanceOf(IOException.class);
            }
            // Writing to where another tenant's file would be lands in its own home, changing
            // nothing of theirs.
            write(s.client(), "/team.txt", "overwritten?");
            s.client().mkdir("/shared");
            write(s.client(), "/shared/team.txt", "overwritten?");
            assertThat(tree(s.client(), "/"))
                    .containsExactlyInAnyOrder("/team.txt", "/shared", "/shared/team.txt");
        }
        assertThat(system.object("folders/shared/team.txt")).map(String::new).contains("team file");
        assertThat(system.object("users/alice/secret.txt"))
                .map(String::new)
                .contains("alice's secret");
        assertThat(system.object("users/" + name + "/shared/team.txt"))
                .map(String::new)
                .contains("overwritten?");
    }

    @Test
    void theFolderIsSharedOnlyWithThoseItIsMountedFor() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), "alice", PASSWORD)) {
            assertThat(read(s.client(), "/shared/team.txt")).isEqualTo("team file");
        }
        try (Mina.Sftp s = Mina.open(system.port(), "bob", PASSWORD)) {
            assertThat(tree(s.client(), "/")).containsExactly("/bob.txt");
        }
    }

    private static FilesystemConfig onInstallationBucket(String prefix) {
        return new FilesystemConfig(
                FilesystemConfig.S3,
                new S3Config(system.bucket, null, null, null, null, null, 0, 0, false, prefix));
    }

    @Test
    void savingAMappingIntoAnotherTenantsAreaIsRefused() {
        User intruder =
                User.builder()
                        .username("intruder")
                        .password(PASSWORD)
                        .filesystem(onInstallationBucket("folders/"))
                        .build();
        assertThat(errorsOf(() -> system.createUser(intruder)))
                .singleElement()
                .asString()
                .startsWith(
                        "filesystem.s3config.key_prefix: user intruder: on the installation's bucket");
        VirtualFolder wide =
                new VirtualFolder(
                        "wide", null, null, 0, 0, 0, null, onInstallationBucket("users/"));
        assertThat(errorsOf(() -> system.createFolder(wide)))
                .singleElement()
                .asString()
                .startsWith(
                        "filesystem.s3config.key_prefix: folder wide: on the installation's bucket");
        assertThat(system.userStore.find("intruder")).isEmpty();
        // Inside its own area, provider 1 on the installation's bucket is fine (e.g. for a storage
        // class).
        system.createUser(
                User.builder()
                        .username("carol")
                        .password(PASSWORD)
                        .filesystem(onInstallationBucket("users/carol/"))
                        .build());
    }

    /**
     * Records written around validation (an older version, a hand-edited table): the login
     * re-checks them.
     */
    @Test
    void aStoredMappingIntoOtherTenantsIsNotMounted() throws IOException {
        system.folderStore.create(
                new VirtualFolder(
                        "everyone", null, null, 0, 0, 0, null, onInstallationBucket("users/")));
        system.userStore.create(
                User.builder()
                        .username("mallory")
                        .password(new dev.sluice.passwords.PasswordHasher().hash(PASSWORD))
                        .virtualFolders(
                                List.of(
                                        new VirtualFolderMapping("everyone", "/everyone", 0, 0),
                                        new VirtualFolderMapping("shared", "/s", 0, 0)))
                        .build());
        try (Mina.Sftp s = Mina.open(system.port(), "mallory", PASSWORD)) {
            // The legitimate folder is mounted; the one reaching every home is not.
            assertThat(tree(s.client(), "/")).containsExactlyInAnyOrder("/s", "/s/team.txt");
            assertThatThrownBy(() -> read(s.client(), "/everyone/alice/secret.txt"))
                    .isInstanceOf(IOException.class);
        }

        system.userStore.create(
                User.builder()
                        .username("eve")
                        .password(new dev.sluice.passwords.PasswordHasher().hash(PASSWORD))
                        .filesystem(onInstallationBucket(""))
                        .build());
        // The home would be the whole bucket: no file system for this session, so no SFTP at all.
        assertThatThrownBy(() -> Mina.open(system.port(), "eve", PASSWORD).close())
                .isInstanceOf(IOException.class);
        assertThat(system.object("users/alice/secret.txt"))
                .map(String::new)
                .contains("alice's secret");
    }

    @Test
    void anotherBucketIsTheOperatorsChoice() {
        // Not policed: documented in docs/storage.md ("Files on S3").
        User external =
                User.builder()
                        .username("ext")
                        .password(PASSWORD)
                        .filesystem(
                                new FilesystemConfig(
                                        FilesystemConfig.S3,
                                        new S3Config(
                                                "customer-bucket",
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                0,
                                                0,
                                                false,
                                                "")))
                        .build();
        assertThat(system.createUser(external).filesystem().s3config().bucket())
                .isEqualTo("customer-bucket");
    }
}
