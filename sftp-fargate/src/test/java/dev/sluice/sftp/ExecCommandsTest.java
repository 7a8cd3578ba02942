package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.PatternsFilter;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SFTPGo's SSH commands over exec: hashes equal to coreutils' output on the same bytes, from the
 * metadata or by reading objects stored elsewhere, under the download rules; everything else, and
 * every hostile argument, refused cleanly with nothing run.
 */
@ExtendWith(AwsFixture.class)
class ExecCommandsTest {

    static SftpSystem system;
    static String name;
    static SftpSystem.SshKey key;
    static final byte[] DATA = TimesAndHashesTest.random(300_000, 9);
    static final byte[] FOREIGN = TimesAndHashesTest.random(5_000_000, 10);
    static final String HOSTILE = "a; rm -rf ~ `id` $(id) 'q' \"dq\"";

    @BeforeAll
    static void start(AwsEnvironment aws, @TempDir Path dir) throws Exception {
        system = SftpSystem.start(aws);
        name = system.newName("exec");
        key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password("a-long-password-1")
                        .publicKeys(List.of(key.publicLine()))
                        .permissions(Map.of("/", List.of("*"), "/nodl", List.of("list", "upload")))
                        .filters(
                                new UserFilters(
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of(new PatternsFilter("/", null, List.of("*.secret"))),
                                        0,
                                        false))
                        .build());
        Path local = dir.resolve("data.bin");
        Files.write(local, DATA);
        OpenSsh.Result put =
                OpenSsh.withKey(
                        system.port(),
                        key.privateKey(),
                        name,
                        "put "
                                + local
                                + " /data.bin\nmkdir /nodl\nput "
                                + local
                                + " /nodl/f.bin\n");
        assertThat(put.ok()).as(put.output()).isTrue();
        system.putObject("users/" + name + "/foreign.bin", FOREIGN);
        system.putObject("users/" + name + "/" + HOSTILE, DATA);
        system.putObject("users/" + name + "/x.secret", DATA);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private Ssh.Result exec(String command) {
        return Ssh.exec(system.port(), key.privateKey(), name, command);
    }

    /** What coreutils prints for {@code command file} on the same bytes, in a directory. */
    private static String coreutils(String command, byte[] data, Path dir) throws Exception {
        Files.write(dir.resolve("data.bin"), data);
        Ssh.Result r = Ssh.run(List.of(command, "data.bin"), Map.of(), dir);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.out();
    }

    @Test
    void hashesEqualCoreutilsOutputFromMetadataAndByStreaming(@TempDir Path dir) throws Exception {
        OpenSsh.assumeInstalled("md5sum", "sha1sum", "sha256sum", "sha512sum");
        for (String command : List.of("md5sum", "sha1sum", "sha256sum", "sha512sum")) {
            Ssh.Result r = exec(command + " data.bin");
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.out()).isEqualTo(coreutils(command, DATA, dir));

            Ssh.Result foreign = exec(command + " /foreign.bin");
            assertThat(foreign.ok()).as(foreign.toString()).isTrue();
            assertThat(foreign.out())
                    .isEqualTo(
                            coreutils(command, FOREIGN, dir).replace("data.bin", "/foreign.bin"));
        }
    }

    @Test
    void standardInputIsBoundedAndChannelsPerSessionAreCapped() throws Exception {
        try (org.apache.sshd.client.session.ClientSession session =
                Mina.password(system.port(), name, "a-long-password-1")) {
            // md5sum without a file hashes standard input: an endless stream is cut at 1 MiB.
            var out = new java.io.ByteArrayOutputStream();
            var err = new java.io.ByteArrayOutputStream();
            try (var ch = session.createExecChannel("md5sum")) {
                ch.setOut(out);
                ch.setErr(err);
                ch.open().verify(java.time.Duration.ofSeconds(20));
                byte[] chunk = new byte[64 * 1024];
                try (var in = ch.getInvertedIn()) {
                    for (int i = 0; i < 40; i++) { // 2.5 MiB
                        in.write(chunk);
                    }
                } catch (java.io.IOException closedByServer) {
                    // the server may close the channel before the last chunk
                }
                ch.waitFor(
                        List.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED),
                        java.time.Duration.ofSeconds(20));
                assertThat(ch.getExitStatus()).isEqualTo(1);
            }
            assertThat(out.size()).isZero();
            assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("standard input is limited to 1048576 bytes");
        }
        try (org.apache.sshd.client.session.ClientSession session =
                Mina.password(system.port(), name, "a-long-password-1")) {
            // Channels held open at once are capped (10 per session): the eleventh is refused.
            List<org.apache.sshd.client.channel.ChannelExec> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    var ch = session.createExecChannel("md5sum");
                    ch.open().verify(java.time.Duration.ofSeconds(20));
                    held.add(ch);
                }
                var eleventh = session.createExecChannel("md5sum");
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> eleventh.open().verify(java.time.Duration.ofSeconds(20)))
                        .isInstanceOf(Exception.class);
            } finally {
                for (var ch : held) {
                    ch.close(true);
                }
            }
        }
    }

    @Test
    void rclonesProbeAndQuotingWork() throws Exception {
        Ssh.Result probe = exec("md5sum");
        assertThat(probe.out()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e  -\n");
        assertThat(exec("sha1sum").out())
                .isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709  -\n");
        String md5 = TimesAndHashesTest.hex("MD5", DATA);
        // rclone escapes with backslashes; others quote.
        String escaped = HOSTILE.replaceAll("([^A-Za-z0-9_.,:/@-])", "\\\\$1");
        Ssh.Result r = exec("md5sum /" + escaped);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.out()).isEqualTo(md5 + "  /" + HOSTILE + "\n");
        Ssh.Result quoted = exec("md5sum '/" + HOSTILE.replace("'", "'\\''") + "'");
        assertThat(quoted.out()).as(quoted.toString()).isEqualTo(md5 + "  /" + HOSTILE + "\n");
        assertThat(exec("pwd").out()).isEqualTo("/\n");
        assertThat(exec("cd /").exitCode()).isZero();
    }

    @Test
    void hostileRequestsFailCleanlyAndRunNothing(@TempDir Path dir) {
        Path canary = dir.resolve("canary");
        Ssh.Result chained = exec("md5sum \"/data.bin\"; touch " + canary);
        assertThat(chained.exitCode()).isEqualTo(1);
        assertThat(chained.err()).contains("one file path");
        Ssh.Result sub = exec("md5sum $(touch " + canary + ")");
        assertThat(sub.exitCode()).isEqualTo(1);
        assertThat(canary).doesNotExist();

        assertRefused("md5sum /../../../etc/passwd", "No such file");
        assertRefused("md5sum /nodl/f.bin", "Permission denied");
        assertRefused("sha256sum /x.secret", "Permission denied");
        assertRefused("md5sum /", "is a directory");
        assertRefused("md5sum /nodl", "is a directory");
        assertRefused("md5sum /missing", "No such file");
        assertRefused("md5sum /" + "a".repeat(5000), "");
        assertRefused("md5sum /" + "a".repeat(20_000), "cannot read this command");
        assertRefused("md5sum 'open", "cannot read this command");
        assertRefused("md5sum /a\\\\b", "not an acceptable path");
        Ssh.Result shell = exec("ls -la");
        assertThat(shell.exitCode()).isEqualTo(1);
        assertThat(shell.err()).contains("md5sum, sha1sum, sha256sum");
        assertThat(shell.out()).isEmpty();
    }

    private void assertRefused(String command, String message) {
        Ssh.Result r = exec(command);
        assertThat(r.exitCode()).as(command + "\n" + r).isEqualTo(1);
        assertThat(r.out()).as(command).isEmpty();
        assertThat(r.err()).as(command).contains(message);
    }
}
