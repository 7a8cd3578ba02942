package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.common.extensions.Supported2Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real clients see besides the files: status codes their protocol version defines, owner names
 * and times in listings, {@code df} from the quota, and only extensions the server answers.
 */
@ExtendWith(AwsFixture.class)
class ClientVisibleBehaviourTest {

    static final long MIB = 1024 * 1024;
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

    private Login newUser(long quotaSize) {
        String name = system.newName("seen");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password("a-long-password-1")
                        .quotaSize(quotaSize)
                        .publicKeys(List.of(key.publicLine()))
                        .build());
        return new Login(name, key);
    }

    private OpenSsh.Result sftp(Login login, String... commands) {
        return OpenSsh.withKey(
                system.port(),
                login.key().privateKey(),
                login.name(),
                String.join("\n", commands) + "\n");
    }

    @Test
    void rmdirOfANonEmptyOrMissingDirectoryPrintsAReadableError(@TempDir Path dir)
            throws Exception {
        Login u = newUser(0);
        Path local = dir.resolve("a.txt");
        Files.writeString(local, "a\n");
        OpenSsh.Result r =
                sftp(
                        u,
                        "mkdir /full",
                        "put " + local + " /full/a.txt",
                        "-rmdir /full",
                        "-rmdir /missing",
                        "-rmdir /full/a.txt",
                        "-mkdir /full");
        assertThat(r.output()).doesNotContainIgnoringCase("unknown status");
        assertThat(r.output())
                .contains("remote rmdir \"/full\": Failure")
                .contains("remote rmdir \"/missing\": No such file")
                .contains("remote rmdir \"/full/a.txt\": No such file")
                .contains("remote mkdir \"/full\": Failure");
        assertThat(system.object("users/" + u.name() + "/full/a.txt")).isPresent();
    }

    @Test
    void aClientOfANewerVersionStillGetsThePreciseCode() throws Exception {
        Login u = newUser(0);
        system.putObject("users/" + u.name() + "/full/a.txt", new byte[1]);
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), "a-long-password-1")) {
            assertThat(s.client().getVersion()).as("MINA's client negotiates v6").isEqualTo(6);
            assertThatThrownBy(() -> s.client().rmdir("/full"))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_DIR_NOT_EMPTY));
        }
    }

    @Test
    void listingsShowTheUserAsOwnerAndMkdirDirectoriesWithTodaysDate() {
        Login u = newUser(0);
        OpenSsh.Result r = sftp(u, "mkdir /made", "cd /made", "ls -la", "cd /", "ls -la");
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(r.output()).doesNotContain("Lambda").doesNotContain("$$").doesNotContain("@");
        String today =
                ZonedDateTime.now(ZoneId.systemDefault())
                        .format(DateTimeFormatter.ofPattern("MMM ", Locale.US));
        List<String> entries =
                r.output().lines().filter(l -> l.startsWith("d") || l.startsWith("-")).toList();
        assertThat(entries).isNotEmpty();
        for (String line : entries) {
            assertThat(line).as(line).contains(" " + u.name() + " ").doesNotContain("1970");
        }
        assertThat(entries)
                .anySatisfy(l -> assertThat(l).endsWith(" made").contains(today))
                .anySatisfy(l -> assertThat(l).endsWith(" ."))
                .anySatisfy(l -> assertThat(l).endsWith(" .."));
    }

    @Test
    void dfPrintsTheQuota(@TempDir Path dir) throws Exception {
        Login u = newUser(10 * MIB);
        Path local = dir.resolve("one-mib.bin");
        Files.write(local, new byte[(int) MIB]);
        OpenSsh.Result r = sftp(u, "put " + local + " /one.bin", "df /", "df -h /");
        assertThat(r.ok()).as(r.output()).isTrue();
        // df: 1 KiB blocks, size used avail; df -h: scaled
        assertThat(r.output()).containsPattern("\\s10240\\s+1024\\s+9216\\s");
        assertThat(r.output()).contains("10.0M").contains("9.0M");
    }

    @Test
    void dfOfAnUnlimitedUserShowsALargeSizeAndOfAMissingPathFails() {
        Login u = newUser(0);
        OpenSsh.Result r = sftp(u, "df -h /");
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(r.output()).contains("1.0P");
        // OpenSSH's df prints nothing for a refused statvfs; the batch stops there.
        OpenSsh.Result missing = sftp(u, "df /nowhere", "pwd");
        assertThat(missing.ok()).as(missing.output()).isFalse();
        assertThat(missing.output()).doesNotContain("Remote working directory");
    }

    @Test
    void onlyAnsweredExtensionsAreAdvertised() throws Exception {
        Login u = newUser(0);
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), "a-long-password-1")) {
            Map<String, byte[]> extensions = s.client().getServerExtensions();
            assertThat(extensions)
                    .containsKeys("statvfs@openssh.com", "posix-rename@openssh.com")
                    .doesNotContainKeys("hardlink@openssh.com", "copy-file", "space-available");
            byte[] supported2 = extensions.get("supported2");
            if (supported2 != null) {
                assertThat(Supported2Parser.INSTANCE.parse(supported2).extensionNames)
                        .doesNotContain("copy-file", "copy-data", "space-available", "md5-hash");
            }
            assertThatThrownBy(() -> s.client().link("/a", "/b", false))
                    .as("hardlink stays refused: it is not advertised")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void statvfsThroughMinaAnswersFromTheQuota() throws Exception {
        Login u = newUser(8 * MIB);
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), "a-long-password-1")) {
            var statvfs =
                    s.client()
                            .getExtension(
                                    org.apache.sshd.sftp.client.extensions.openssh
                                            .OpenSSHStatPathExtension.class);
            var info = statvfs.stat("/");
            assertThat(info.f_frsize * info.f_blocks).isEqualTo(8 * MIB);
            assertThat(info.f_frsize * info.f_bavail).isEqualTo(8 * MIB);
            assertThatThrownBy(() -> statvfs.stat("/nowhere"))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
