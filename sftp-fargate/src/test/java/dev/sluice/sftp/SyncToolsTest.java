package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync tools users run against an SFTP server: a second rclone {@code sync} or lftp {@code
 * mirror -R} of an unchanged tree transfers nothing (the clients' mtimes are kept), and rclone's
 * {@code check} and {@code md5sum} get their hashes over SSH exec.
 */
@ExtendWith(AwsFixture.class)
class SyncToolsTest {

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

    /** A tree of files with old, distinct mtimes, one above the 8 MiB part size. */
    static Map<String, byte[]> makeTree(Path src) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        files.put("a.txt", "alpha\n".getBytes());
        files.put("sub/b.bin", TimesAndHashesTest.random(70_000, 5));
        files.put("sub/deeper/c.bin", TimesAndHashesTest.random(9 * 1024 * 1024 + 7, 6));
        files.put("empty.txt", new byte[0]);
        long t = Instant.parse("2015-06-07T08:09:10Z").getEpochSecond();
        for (var e : files.entrySet()) {
            Path p = src.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(t += 3600)));
        }
        return files;
    }

    private Map<String, String> rcloneEnv(TimesAndHashesTest.Login u, Path dir) throws Exception {
        Path config = dir.resolve("rclone.conf");
        Files.writeString(config, "");
        Map<String, String> env = new HashMap<>();
        env.put("RCLONE_CONFIG", config.toString());
        env.put("RCLONE_CONFIG_SLUICE_TYPE", "sftp");
        env.put("RCLONE_CONFIG_SLUICE_HOST", "127.0.0.1");
        env.put("RCLONE_CONFIG_SLUICE_PORT", Integer.toString(system.port()));
        env.put("RCLONE_CONFIG_SLUICE_USER", u.name());
        env.put("RCLONE_CONFIG_SLUICE_KEY_FILE", u.key().privateKey().toString());
        return env;
    }

    private Ssh.Result rclone(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("rclone"));
        cmd.addAll(List.of(args));
        return Ssh.run(cmd, env, null);
    }

    @Test
    void rcloneSyncTwiceTransfersNothingTheSecondTimeAndCheckMatchesEveryHash(@TempDir Path dir)
            throws Exception {
        OpenSsh.assumeInstalled("rclone");
        var u = TimesAndHashesTest.newUser(system, Map.of("/", List.of("*")));
        Path src = dir.resolve("src");
        Map<String, byte[]> files = makeTree(src);
        Map<String, String> env = rcloneEnv(u, dir);

        Ssh.Result first = rclone(env, "sync", src.toString(), "sluice:/dst", "-v", "--stats=0");
        assertThat(first.ok()).as(first.toString()).isTrue();
        assertThat(first.err()).contains("Copied (new)");
        for (var e : files.entrySet()) {
            assertThat(system.object("users/" + u.name() + "/dst/" + e.getKey()))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
        }

        Ssh.Result second = rclone(env, "sync", src.toString(), "sluice:/dst", "-v", "--stats=0");
        assertThat(second.ok()).as(second.toString()).isTrue();
        assertThat(second.err())
                .as(second.toString())
                .doesNotContain("Copied")
                .doesNotContain("Updated modification time")
                .contains("There was nothing to transfer");

        Ssh.Result check = rclone(env, "check", src.toString(), "sluice:/dst", "-v");
        assertThat(check.ok()).as(check.toString()).isTrue();
        assertThat(check.err())
                .as(check.toString())
                .contains(files.size() + " matching files")
                .doesNotContain("hashes could not be checked");

        Ssh.Result md5 = rclone(env, "md5sum", "sluice:/dst");
        assertThat(md5.ok()).as(md5.toString()).isTrue();
        for (var e : files.entrySet()) {
            assertThat(md5.out())
                    .contains(TimesAndHashesTest.hex("MD5", e.getValue()) + "  " + e.getKey());
        }
    }

    @Test
    void lftpMirrorTwiceTransfersNothingTheSecondTime(@TempDir Path dir) throws Exception {
        OpenSsh.assumeInstalled("lftp", "ssh");
        var u = TimesAndHashesTest.newUser(system, Map.of("/", List.of("*")));
        Path src = dir.resolve("src");
        Map<String, byte[]> files = makeTree(src);
        String connect =
                "ssh -a -x -p "
                        + system.port()
                        + " -i "
                        + u.key().privateKey()
                        + " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no"
                        + " -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";
        String script =
                "set sftp:connect-program \""
                        + connect
                        + "\"; set net:max-retries 1; set cmd:fail-exit yes;"
                        + " mirror -R --verbose=1 "
                        + src
                        + " /dst; bye";
        List<String> cmd =
                List.of(
                        "lftp",
                        "-u",
                        u.name() + ",",
                        "-e",
                        script,
                        "sftp://127.0.0.1:" + system.port());
        Map<String, String> env = Map.of("HOME", dir.toString());
        Ssh.Result first = Ssh.run(cmd, env, null);
        assertThat(first.ok()).as(first.toString()).isTrue();
        assertThat(first.out()).contains("Transferring file");
        for (var e : files.entrySet()) {
            assertThat(system.object("users/" + u.name() + "/dst/" + e.getKey()))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
        }
        Ssh.Result second = Ssh.run(cmd, env, null);
        assertThat(second.ok()).as(second.toString()).isTrue();
        assertThat(second.out()).as(second.toString()).doesNotContain("Transferring file");
    }
}
