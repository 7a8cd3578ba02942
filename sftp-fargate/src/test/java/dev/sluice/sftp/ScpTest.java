package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.quota.QuotaUsage;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.PatternsFilter;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy SCP protocol ({@code scp -O}, OpenSSH's client, and raw exec channels where a client
 * must misbehave): the same rules as SFTP, and an object only for a file that arrived whole.
 */
@ExtendWith(AwsFixture.class)
class ScpTest {

    static final String PASSWORD = "scp-password-123";
    static final int MIB = 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
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

    private record Login(String name, SftpSystem.SshKey key) {
        String prefix() {
            return "users/" + name + "/";
        }
    }

    private Login newUser(java.util.function.UnaryOperator<User.Builder> tweak) {
        String name = system.newName("scp");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                tweak.apply(
                                User.builder()
                                        .username(name)
                                        .password(PASSWORD)
                                        .publicKeys(List.of(key.publicLine())))
                        .build());
        return new Login(name, key);
    }

    private Login newUser() {
        return newUser(b -> b);
    }

    /** OpenSSH {@code scp} with the user's key; {@code args} as on its command line. */
    private static OpenSsh.Result scp(Login login, String... args) {
        return OpenSsh.run(scpCommand(login, args), "", null);
    }

    private static List<String> scpCommand(Login login, String... args) {
        OpenSsh.assumeInstalled("scp");
        List<String> cmd = new ArrayList<>(List.of("scp", "-q", "-o", "BatchMode=yes"));
        cmd.addAll(OpenSsh.common(system.port()));
        cmd.addAll(
                List.of(
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "PasswordAuthentication=no",
                        "-i",
                        login.key().privateKey().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String remote(Login login, String path) {
        return login.name() + "@127.0.0.1:" + path;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private QuotaUsage usage(Login login) {
        User u = system.user(login.name());
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    /** Nothing of an upload is left: no object, no multipart upload, no quota reservation. */
    private void assertNothingLeft(Login login, String key) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while ((system.openMultipartUploads(login.prefix()) > 0
                        || system.server.uploads().openCount() > 0
                        || system.server.quotaLeases().liveCount() > 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(system.object(login.prefix() + key)).as(key).isEmpty();
        assertThat(system.openMultipartUploads(login.prefix())).isZero();
        assertThat(system.server.uploads().openCount()).isZero();
        assertThat(system.server.quotaLeases().liveCount())
                .as("the reservation was given back")
                .isZero();
    }

    // ------------------------------------------------------------------ happy paths

    @Test
    void legacyScpUploadsAndDownloadsAFile(@TempDir Path dir) throws IOException {
        Login u = newUser();
        byte[] data = random(7 * MIB + 321, 1); // more than one 5 MiB part
        Path local = dir.resolve("big.bin");
        Files.write(local, data);

        OpenSsh.Result up = scp(u, "-O", local.toString(), remote(u, "/big.bin"));
        assertThat(up.ok()).as(up.output()).isTrue();
        assertThat(system.object(u.prefix() + "big.bin"))
                .hasValueSatisfying(b -> assertThat(Arrays.equals(b, data)).isTrue());
        assertThat(usage(u)).isEqualTo(new QuotaUsage(data.length, 1, 0));

        Path back = dir.resolve("back.bin");
        OpenSsh.Result down = scp(u, "-O", remote(u, "/big.bin"), back.toString());
        assertThat(down.ok()).as(down.output()).isTrue();
        assertThat(Arrays.equals(Files.readAllBytes(back), data)).isTrue();

        // Into a directory, by its name; an existing file is replaced.
        Files.writeString(local, "second\n");
        OpenSsh.Result again = scp(u, "-O", local.toString(), remote(u, "/"));
        assertThat(again.ok()).as(again.output()).isTrue();
        assertThat(system.object(u.prefix() + "big.bin"))
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .contains("second\n");
        assertThat(usage(u)).isEqualTo(new QuotaUsage(7, 1, 0));
    }

    @Test
    void recursiveBothWaysWithTimesKept(@TempDir Path dir) throws IOException {
        Login u = newUser();
        Path tree = Files.createDirectories(dir.resolve("tree/sub/deeper"));
        Files.writeString(dir.resolve("tree/a.txt"), "a\n");
        Files.write(dir.resolve("tree/sub/b.bin"), random(6 * MIB, 2));
        Files.writeString(tree.resolve("c.txt"), "c\n");
        Files.createDirectories(dir.resolve("tree/empty"));
        java.nio.file.attribute.FileTime kept =
                java.nio.file.attribute.FileTime.from(
                        java.time.Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(dir.resolve("tree/a.txt"), kept);

        OpenSsh.Result up =
                scp(u, "-O", "-r", "-p", dir.resolve("tree").toString(), remote(u, "/"));
        assertThat(up.ok()).as(up.output()).isTrue();
        String p = u.prefix() + "tree/";
        assertThat(system.keys(p))
                .contains(
                        p + "a.txt",
                        p + "sub/b.bin",
                        p + "sub/deeper/c.txt",
                        p + "empty/",
                        p + "sub/");

        Path back = dir.resolve("back");
        OpenSsh.Result down = scp(u, "-O", "-r", "-p", remote(u, "/tree"), back.toString());
        assertThat(down.ok()).as(down.output()).isTrue();
        assertThat(Files.readString(back.resolve("a.txt"))).isEqualTo("a\n");
        // -p both ways: the time went up with the file and came back with it.
        assertThat(Files.getLastModifiedTime(back.resolve("a.txt"))).isEqualTo(kept);
        assertThat(Files.readAllBytes(back.resolve("sub/b.bin")))
                .isEqualTo(Files.readAllBytes(dir.resolve("tree/sub/b.bin")));
        assertThat(Files.readString(back.resolve("sub/deeper/c.txt"))).isEqualTo("c\n");
        assertThat(back.resolve("empty")).isDirectory();

        // A remote wildcard is matched on the server's tree.
        Path globbed = Files.createDirectories(dir.resolve("globbed"));
        OpenSsh.Result glob = scp(u, "-O", remote(u, "/tree/sub/deeper/*.txt"), globbed.toString());
        assertThat(glob.ok()).as(glob.output()).isTrue();
        assertThat(Files.readString(globbed.resolve("c.txt"))).isEqualTo("c\n");
    }

    @Test
    void modernScpUsesSftpAndStillWorks(@TempDir Path dir) throws IOException {
        Login u = newUser();
        Path local = dir.resolve("m.txt");
        Files.writeString(local, "modern\n");
        List<String> verbose = scpCommand(u, local.toString(), remote(u, "/m.txt"));
        verbose.remove("-q");
        OpenSsh.Result up = OpenSsh.run(verbose, "", null);
        assertThat(up.ok()).as(up.output()).isTrue();
        System.out.println("modern scp upload printed: [" + up.output() + "]");
        OpenSsh.Result down = scp(u, remote(u, "/m.txt"), dir.resolve("m2.txt").toString());
        assertThat(down.ok()).as(down.output()).isTrue();
        assertThat(Files.readString(dir.resolve("m2.txt"))).isEqualTo("modern\n");
    }

    // ------------------------------------------------------------------ the user's rules

    @Test
    void permissionsAndFilePatternsHoldAsOverSftp(@TempDir Path dir) throws Exception {
        Login u =
                newUser(
                        b ->
                                b.permissions(
                                                Map.of(
                                                        "/", List.of("*"),
                                                        "/ro", List.of("list", "download"),
                                                        "/nodl", List.of("list", "upload"),
                                                        "/nomkdir", List.of("list", "upload")))
                                        .filters(
                                                new UserFilters(
                                                        null,
                                                        null,
                                                        null,
                                                        null,
                                                        List.of(
                                                                new PatternsFilter(
                                                                        "/",
                                                                        null,
                                                                        List.of("*.exe"))),
                                                        0,
                                                        false)));
        system.putObject(u.prefix() + "ro/", new byte[0]);
        system.putObject(u.prefix() + "nodl/secret.txt", "secret".getBytes());
        system.putObject(u.prefix() + "nomkdir/", new byte[0]);
        Path local = dir.resolve("f.txt");
        Files.writeString(local, "f\n");

        OpenSsh.Result noUpload = scp(u, "-O", local.toString(), remote(u, "/ro/f.txt"));
        assertThat(noUpload.ok()).isFalse();
        assertThat(noUpload.output()).contains("permission denied").contains("upload");
        assertNothingLeft(u, "ro/f.txt");

        Path exe = dir.resolve("tool.exe");
        Files.writeString(exe, "MZ");
        OpenSsh.Result pattern = scp(u, "-O", exe.toString(), remote(u, "/tool.exe"));
        assertThat(pattern.ok()).isFalse();
        assertThat(pattern.output()).contains("file_patterns");
        assertNothingLeft(u, "tool.exe");

        OpenSsh.Result noDownload =
                scp(u, "-O", remote(u, "/nodl/secret.txt"), dir.resolve("s.txt").toString());
        assertThat(noDownload.ok()).isFalse();
        assertThat(noDownload.output()).contains("permission denied").contains("download");
        assertThat(dir.resolve("s.txt")).doesNotExist();

        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.writeString(folder.resolve("x.txt"), "x");
        OpenSsh.Result noMkdir = scp(u, "-O", "-r", folder.toString(), remote(u, "/nomkdir/"));
        assertThat(noMkdir.ok()).isFalse();
        assertThat(noMkdir.output()).contains("create_dirs");
        assertThat(system.keys(u.prefix() + "nomkdir/")).containsExactly(u.prefix() + "nomkdir/");
    }

    @Test
    void quotaAndMaxFileSizeRefuseAndLeaveNothing(@TempDir Path dir) throws Exception {
        Login quota = newUser(b -> b.quotaSize(MIB));
        Path big = dir.resolve("big.bin");
        Files.write(big, random(3 * MIB, 3));
        OpenSsh.Result over = scp(quota, "-O", big.toString(), remote(quota, "/big.bin"));
        assertThat(over.ok()).as(over.output()).isFalse();
        assertThat(over.output()).containsIgnoringCase("quota");
        assertNothingLeft(quota, "big.bin");
        assertThat(usage(quota)).isEqualTo(new QuotaUsage(0, 0, 0));

        Login limited =
                newUser(
                        b ->
                                b.filters(
                                        new UserFilters(
                                                null, null, null, null, List.of(), 1000, false)));
        Path small = dir.resolve("small.bin");
        Files.write(small, random(5000, 4));
        OpenSsh.Result tooLarge = scp(limited, "-O", small.toString(), remote(limited, "/s.bin"));
        assertThat(tooLarge.ok()).as(tooLarge.output()).isFalse();
        assertThat(tooLarge.output()).contains("max_upload_file_size");
        assertNothingLeft(limited, "s.bin");
        Files.write(small, random(1000, 5));
        OpenSsh.Result fits = scp(limited, "-O", small.toString(), remote(limited, "/s.bin"));
        assertThat(fits.ok()).as(fits.output()).isTrue();
    }

    // ------------------------------------------------------------------ hostile clients

    @Test
    void pathsCannotLeaveTheHome(@TempDir Path dir) throws Exception {
        Login other = newUser();
        system.putObject(other.prefix() + "keep.txt", "theirs".getBytes());
        Login u = newUser();
        Path local = dir.resolve("f.txt");
        Files.writeString(local, "mine\n");
        for (String target :
                List.of(
                        "../" + other.name() + "/keep.txt",
                        "../../users/" + other.name() + "/",
                        "/../../" + other.name() + "/x.txt")) {
            scp(u, "-O", local.toString(), remote(u, target));
        }
        assertThat(system.object(other.prefix() + "keep.txt")).map(String::new).contains("theirs");
        assertThat(system.keys(other.prefix())).containsExactly(other.prefix() + "keep.txt");
        // This system has no virtual folders: every object is some user's.
        assertThat(system.keys(""))
                .allMatch(k -> k.startsWith("users/"))
                .noneMatch(k -> k.contains("/../") || k.contains("/./"));
        OpenSsh.Result read =
                scp(
                        u,
                        "-O",
                        remote(u, "../" + other.name() + "/keep.txt"),
                        dir.resolve("k").toString());
        assertThat(read.ok()).isFalse();
        assertThat(dir.resolve("k")).doesNotExist();
    }

    @Test
    void hostileNamesAreRefused(@TempDir Path dir) throws Exception {
        Login u = newUser();
        // OpenSSH sends a newline in a name as "\n" (backslash, n): a backslash is no name here.
        Path newline = dir.resolve("new\nline.txt");
        Files.writeString(newline, "x");
        OpenSsh.Result r = scp(u, "-O", newline.toString(), remote(u, "/"));
        assertThat(r.ok()).as(r.output()).isFalse();

        try (ClientSession s = Mina.password(system.port(), u.name(), PASSWORD)) {
            for (String name :
                    List.of(
                            "..",
                            ".",
                            "a/b",
                            "../escape.txt",
                            "carriage\rreturn",
                            "bell\u0007",
                            "back\\slash",
                            "fullwidth\uff0e\uff0e")) {
                RawScp scp = RawScp.upload(s, "/");
                String answer = scp.send("C0644 1 " + name + "\n");
                assertThat(answer).as(name).startsWith("error:");
                scp.close();
            }
            // Longer than S3 keeps (1024 bytes): refused before any store call, with the limit.
            RawScp tooLong = RawScp.upload(s, "/");
            assertThat(tooLong.send("C0644 1 " + "n".repeat(1100) + "\n"))
                    .startsWith("error:")
                    .contains("name too long")
                    .contains("1024");
            tooLong.close();
            RawScp scp = RawScp.upload(s, "/");
            String answer = scp.send("C0644 1 " + "n".repeat(20_000) + "\n");
            assertThat(answer).startsWith("error:").contains("longer than");
            scp.close();
        }
        // The key-length rule is the tree's, so SFTP refuses the same name before S3 too.
        try (Mina.Sftp sftp = Mina.open(system.port(), u.name(), PASSWORD)) {
            assertThatThrownBy(
                            () -> {
                                try (OutputStream out =
                                        sftp.client().write("/" + "n".repeat(1100))) {
                                    out.write(1);
                                }
                            })
                    .isInstanceOf(IOException.class); // SFTP's status carries no text here
        }
        assertThat(system.keys(u.prefix())).isEmpty();
    }

    @Test
    void aClientThatStopsMidFileLeavesNothing() throws Exception {
        Login u = newUser(b -> b.quotaSize(100L * MIB));
        system.putObject(u.prefix() + "previous.bin", "previous".getBytes());
        try (ClientSession s = Mina.password(system.port(), u.name(), PASSWORD)) {
            // Announces 1 MiB, sends 300 KiB, ends its stream.
            RawScp short1 = RawScp.upload(s, "/");
            assertThat(short1.send("C0644 " + MIB + " short.bin\n")).isEqualTo("ok");
            short1.data(random(300 * 1024, 6));
            short1.endInput();
            assertThat(short1.answer()).startsWith("error:").contains("nothing was stored");
            short1.close();
            assertNothingLeft(u, "short.bin");

            // Sends every byte, then reports its own read error instead of the all-clear.
            RawScp failed = RawScp.upload(s, "/");
            assertThat(failed.send("C0644 10 previous.bin\n")).isEqualTo("ok");
            failed.data(new byte[10]);
            failed.raw("\u0001scp: previous.bin: Input/output error\n");
            assertThat(failed.answer()).startsWith("error:");
            failed.close();
            assertNothingLeft(u, "failed.bin"); // no upload, lease or multipart upload left
            assertThat(system.object(u.prefix() + "previous.bin"))
                    .map(String::new)
                    .contains("previous");

            // Disconnects mid-file: 7 MiB of 20, parts already on their way to S3.
            RawScp cut = RawScp.upload(s, "/");
            assertThat(cut.send("C0644 " + 20 * MIB + " cut.bin\n")).isEqualTo("ok");
            cut.data(random(7 * MIB, 7));
            long deadline = System.currentTimeMillis() + 10_000;
            while (system.openMultipartUploads(u.prefix()) == 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
        assertNothingLeft(u, "cut.bin");
        assertThat(usage(u)).isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void killingOpenSshScpMidFileLeavesNothing(@TempDir Path dir) throws Exception {
        // 1 MiB/s: the client is still sending when it dies (more than the 16 MiB channel window
        // is left; a client that already sent every byte and its all-clear stored a whole file).
        Login u = newUser(b -> b.uploadBandwidth(1024));
        Path big = dir.resolve("slow.bin");
        Files.write(big, random(40 * MIB, 8));
        Process p =
                new ProcessBuilder(scpCommand(u, "-O", big.toString(), remote(u, "/slow.bin")))
                        .redirectErrorStream(true)
                        .start();
        try {
            long deadline = System.currentTimeMillis() + 20_000;
            while (system.openMultipartUploads(u.prefix()) == 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(system.openMultipartUploads(u.prefix())).as("upload started").isOne();
            // Interrupted as Ctrl-C does: scp and its ssh die, the connection drops.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertNothingLeft(u, "slow.bin");
    }

    // ------------------------------------------------------------------ exec

    @Test
    void otherCommandsAreRefusedClearly() throws Exception {
        Login u = newUser();
        try (ClientSession s = Mina.password(system.port(), u.name(), PASSWORD)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec ch = s.createExecChannel("ls -la; rm -rf /")) {
                ch.setOut(out);
                ch.setErr(err);
                ch.open().verify(TIMEOUT);
                ch.waitFor(List.of(ClientChannelEvent.CLOSED), TIMEOUT);
                assertThat(ch.getExitStatus()).isEqualTo(1);
            }
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("only SFTP, scp and the commands md5sum")
                    .doesNotContain("rm -rf");
        }
    }

    @Test
    void scpCanBeTurnedOff(AwsEnvironment aws, @TempDir Path dir) throws IOException {
        try (SftpSystem off = SftpSystem.start(aws, c -> c.withScp(false))) {
            String name = off.newName("noscp");
            SftpSystem.SshKey key = off.newKey(name);
            off.createUser(
                    User.builder()
                            .username(name)
                            .password(PASSWORD)
                            .publicKeys(List.of(key.publicLine()))
                            .build());
            Path local = dir.resolve("f.txt");
            Files.writeString(local, "f");
            List<String> cmd = new ArrayList<>(List.of("scp", "-O", "-o", "BatchMode=yes"));
            cmd.addAll(OpenSsh.common(off.port()));
            cmd.addAll(
                    List.of(
                            "-o",
                            "IdentitiesOnly=yes",
                            "-i",
                            key.privateKey().toString(),
                            local.toString(),
                            name + "@127.0.0.1:/f.txt"));
            OpenSsh.Result r = OpenSsh.run(cmd, "", null);
            assertThat(r.ok()).isFalse();
            assertThat(r.output()).contains("command not supported: only SFTP and the commands");
            assertThat(off.object("users/" + name + "/f.txt")).isEmpty();
            // modern scp (SFTP) is unaffected
            cmd.remove("-O");
            OpenSsh.Result modern = OpenSsh.run(cmd, "", null);
            assertThat(modern.ok()).as(modern.output()).isTrue();
        }
    }

    /** An SCP upload over a raw exec channel, byte by byte as the protocol goes. */
    private static final class RawScp implements AutoCloseable {
        private final ChannelExec channel;
        private final OutputStream toServer;
        private final InputStream fromServer;

        private RawScp(ChannelExec channel) {
            this.channel = channel;
            this.toServer = channel.getInvertedIn();
            this.fromServer = channel.getInvertedOut();
        }

        static RawScp upload(ClientSession s, String dir) throws IOException {
            ChannelExec ch = s.createExecChannel("scp -t " + dir);
            ch.open().verify(TIMEOUT);
            RawScp scp = new RawScp(ch);
            assertThat(scp.answer()).as("ready").isEqualTo("ok");
            return scp;
        }

        /** Sends a command line and returns the server's answer. */
        String send(String line) throws IOException {
            raw(line);
            return answer();
        }

        void raw(String text) throws IOException {
            toServer.write(text.getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        }

        void data(byte[] bytes) throws IOException {
            toServer.write(bytes);
            toServer.flush();
        }

        void endInput() throws IOException {
            toServer.close();
        }

        /** "ok", "warning: ..." or "error: ..."; "closed" when the server hung up. */
        String answer() throws IOException {
            int c = fromServer.read();
            if (c == 0) {
                return "ok";
            }
            if (c == -1) {
                return "closed";
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = fromServer.read(); b != -1 && b != '\n'; b = fromServer.read()) {
                line.write(b);
            }
            return (c == 1 ? "warning: " : "error: ") + line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            channel.close(false).await(TIMEOUT);
        }
    }
}
