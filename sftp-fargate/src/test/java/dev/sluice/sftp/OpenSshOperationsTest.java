package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every SFTP operation through the real OpenSSH client, checked against what lands in S3. */
@ExtendWith(AwsFixture.class)
class OpenSshOperationsTest {

    static SftpSystem system;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private record Login(String name, SftpSystem.SshKey key) {}

    private Login newUser() {
        String name = system.newName("ops");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password("a-long-password-1")
                        .publicKeys(List.of(key.publicLine()))
                        .build());
        return new Login(name, key);
    }

    private OpenSsh.Result sftp(Login login, String commands) {
        return OpenSsh.withKey(system.port(), login.key().privateKey(), login.name(), commands);
    }

    @Test
    void putGetListRenameRemoveMkdirRmdir(@TempDir Path dir) throws Exception {
        Login u = newUser();
        Path local = dir.resolve("hello.txt");
        Files.writeString(local, "hello, s3\n");
        OpenSsh.Result r =
                sftp(
                        u,
                        String.join(
                                "\n",
                                "put " + local + " /hello.txt",
                                "mkdir /docs",
                                "put " + local + " /docs/a.txt",
                                "rename /docs/a.txt /docs/b.txt",
                                "ls -l /",
                                "ls -l /docs",
                                "get /docs/b.txt " + dir.resolve("back.txt"),
                                "chmod 600 /hello.txt",
                                "rm /hello.txt",
                                "mkdir /empty",
                                "rmdir /empty",
                                "pwd",
                                ""));
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(r.output()).contains("b.txt").contains("docs");
        assertThat(Files.readString(dir.resolve("back.txt"))).isEqualTo("hello, s3\n");
        assertThat(system.object("users/" + u.name() + "/docs/b.txt"))
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .contains("hello, s3\n");
        assertThat(system.object("users/" + u.name() + "/docs/a.txt")).isEmpty();
        assertThat(system.object("users/" + u.name() + "/hello.txt")).isEmpty();
        assertThat(system.keys("users/" + u.name() + "/"))
                .containsExactlyInAnyOrder(
                        "users/" + u.name() + "/docs/", "users/" + u.name() + "/docs/b.txt");
    }

    @Test
    void largeDirectoryIsListedWholeAcrossS3Pages() {
        Login u = newUser();
        int count = 1105; // more than one ListObjectsV2 page (1000)
        java.util.stream.IntStream.range(0, count)
                .parallel()
                .forEach(
                        i ->
                                system.putObject(
                                        "users/" + u.name() + "/many/f" + String.format("%04d", i),
                                        new byte[] {(byte) i}));
        system.putObject("users/" + u.name() + "/many/sub/x", new byte[1]);
        OpenSsh.Result r = sftp(u, "ls -1 /many\n");
        assertThat(r.ok()).as(r.output()).isTrue();
        List<String> names =
                r.output().lines().map(String::strip).filter(l -> l.startsWith("/many/")).toList();
        assertThat(names).hasSize(count + 1).contains("/many/f0000", "/many/f1104", "/many/sub");
    }

    @Test
    void resumeWithReputAndVirtualFolders(@TempDir Path dir) throws Exception {
        String folder = system.newName("team");
        system.createFolder(
                new dev.sluice.folders.VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        String name = system.newName("ops");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password("a-long-password-1")
                        .publicKeys(List.of(key.publicLine()))
                        .virtualFolders(
                                List.of(
                                        new dev.sluice.users.VirtualFolderMapping(
                                                folder, "/team/share", 0, 0)))
                        .build());
        Login u = new Login(name, key);
        byte[] whole = new byte[7 * 1024 * 1024 + 123];
        new java.util.Random(9).nextBytes(whole);
        Path full = dir.resolve("full.bin");
        Files.write(full, whole);
        system.putObject(
                "users/" + name + "/part.bin",
                java.util.Arrays.copyOf(whole, 6 * 1024 * 1024)); // an earlier, cut upload
        OpenSsh.Result r =
                sftp(
                        u,
                        String.join(
                                "\n",
                                "reput " + full + " /part.bin",
                                "ls /team",
                                "put " + full + " /team/share/in-folder.bin",
                                "rename /team/share/in-folder.bin /moved.bin",
                                "-rmdir /team/share",
                                ""));
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(r.output()).contains("share");
        assertThat(system.object("users/" + name + "/part.bin"))
                .hasValueSatisfying(b -> assertThat(java.util.Arrays.equals(b, whole)).isTrue());
        assertThat(system.object("users/" + name + "/moved.bin"))
                .hasValueSatisfying(b -> assertThat(b).hasSize(whole.length));
        assertThat(system.object("folders/" + folder + "/in-folder.bin")).isEmpty();
        assertThat(system.folderStore.find(folder).orElseThrow().usedQuotaFiles()).isZero();
        // part.bin was written to S3 directly (counters drift until a scan); moved.bin moved from
        // the folder to the user
        assertThat(system.user(name).usedQuotaFiles()).isEqualTo(1);
    }
}
