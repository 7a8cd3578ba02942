package dev.sluice.sftp.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sftp.Mina;
import dev.sluice.sftp.SftpSystem;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client matrix: every {@link Client} runs the same scenario against one server (upload and
 * download with equal SHA-256, mkdir, rename, delete, listing names and sizes, resume of a
 * download, the client's own sync), each case as a fresh user. A case a client cannot do is skipped
 * with the reason {@link Client} gives; a client that is not installed is skipped here and fails
 * under CI=true. docs/compatibility.md ("Clients tested") lists the same clients.
 */
@ExtendWith(AwsFixture.class)
class ClientMatrixTest {

    static final String PASSWORD = "matrix-password-1";
    static final Instant OLD = Instant.parse("2020-01-02T03:04:05Z");
    static SftpSystem system;
    static Boolean mtimesKept;
    private ClientDriver current;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
    }

    @AfterEach
    void closeDriver() {
        if (current != null) {
            current.close();
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** A fresh user for one case, and the client's driver logged in as it. */
    private record Case(String home, ClientDriver driver) {}

    private Case login(Client client, Path work) throws IOException {
        client.assumeInstalled();
        Files.createDirectories(work);
        String name = system.newName("mx");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .publicKeys(List.of(key.publicLine()))
                        .build());
        Account account = new Account(system.port(), name, PASSWORD, key.privateKey(), work);
        current = client.driver(account);
        return new Case("users/" + name + "/", current);
    }

    private static void assumeCan(Client client, Feature feature) {
        Assumptions.assumeTrue(client.has(feature), () -> client + ": " + client.whyNot(feature));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void uploadsAndDownloadsEveryByte(Client client, @TempDir Path dir) throws IOException {
        Case c = login(client, dir);
        // A few MiB and an odd tail: several SFTP requests, the last one short.
        byte[] data = random(client.ordinal(), 3 * 1024 * 1024 + 12_345);
        Path local = dir.resolve("data.bin");
        Files.write(local, data);

        c.driver().upload(local, "/data.bin");
        assertThat(system.object(c.home() + "data.bin"))
                .as("the object in S3")
                .hasValueSatisfying(o -> assertThat(sha256(o)).isEqualTo(sha256(data)));

        Path back = dir.resolve("back.bin");
        c.driver().download("/data.bin", back);
        assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(data));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void makesRenamesDeletesAndLists(Client client, @TempDir Path dir) throws IOException {
        assumeCan(client, Feature.FILES);
        Case c = login(client, dir);
        ClientDriver d = c.driver();
        Path seven =
                Files.write(dir.resolve("seven.txt"), "7 bytes".getBytes(StandardCharsets.UTF_8));
        Path thousand = Files.write(dir.resolve("thousand.bin"), random(1, 1000));

        d.mkdir("/docs");
        d.upload(seven, "/docs/a.txt");
        d.upload(thousand, "/docs/b.bin");
        d.mkdir("/docs/sub");
        Map<String, ClientDriver.Entry> docs = d.list("/docs");
        assertThat(files(docs)).isEqualTo(Map.of("a.txt", 7L, "b.bin", 1000L));
        assertThat(directories(docs)).containsExactly("sub");
        Map<String, ClientDriver.Entry> root = d.list("/");
        assertThat(files(root)).isEmpty();
        assertThat(directories(root)).containsExactly("docs");

        d.rename("/docs/a.txt", "/docs/c.txt");
        d.delete("/docs/b.bin");
        d.rmdir("/docs/sub");
        docs = d.list("/docs");
        assertThat(files(docs)).isEqualTo(Map.of("c.txt", 7L));
        assertThat(directories(docs)).isEmpty();
        assertThat(system.keys(c.home()))
                .containsExactlyInAnyOrder(c.home() + "docs/", c.home() + "docs/c.txt");
        assertThat(system.object(c.home() + "docs/c.txt"))
                .hasValue("7 bytes".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void resumesAnInterruptedDownload(Client client, @TempDir Path dir) throws IOException {
        assumeCan(client, Feature.RESUME);
        Case c = login(client, dir);
        byte[] data = random(client.ordinal() + 100, 3 * 1024 * 1024);
        system.putObject(c.home() + "big.bin", data);
        // What an interrupted download leaves: the first MiB. Its first byte is changed so the
        // result shows the client kept the local part rather than fetching everything again.
        byte[] part = Arrays.copyOf(data, 1024 * 1024);
        part[0] = (byte) ~part[0];
        Path partial = Files.write(dir.resolve("big.bin"), part);

        c.driver().resumeDownload("/big.bin", partial);

        byte[] got = Files.readAllBytes(partial);
        assertThat(got).hasSize(data.length);
        assertThat(got[0]).as("the kept local part").isEqualTo(part[0]);
        assertThat(sha256(Arrays.copyOfRange(got, 1, got.length)))
                .isEqualTo(sha256(Arrays.copyOfRange(data, 1, data.length)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void syncsAFolder(Client client, @TempDir Path dir) throws IOException {
        assumeCan(client, Feature.SYNC);
        Case c = login(client, dir.resolve("work"));
        Map<String, byte[]> tree = tree(dir.resolve("tree"));

        ClientDriver.SyncRun first = c.driver().sync(dir.resolve("tree"), "/mirror");

        assertThat(first.filesTransferred()).as(first.output()).isEqualTo(tree.size());
        for (Map.Entry<String, byte[]> f : tree.entrySet()) {
            assertThat(system.object(c.home() + "mirror/" + f.getKey()))
                    .as(f.getKey())
                    .hasValueSatisfying(o -> assertThat(o).isEqualTo(f.getValue()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void aSecondSyncTransfersNothing(Client client, @TempDir Path dir) throws IOException {
        assumeCan(client, Feature.SYNC);
        Assumptions.assumeTrue(
                !client.secondSyncNeedsKeptMtimes() || serverKeepsMtimes(),
                "the server does not keep a client's modification time yet (a set-times is"
                        + " accepted and ignored), so sync tools that compare times copy every"
                        + " file again; this case runs for "
                        + client
                        + " once it does");
        Case c = login(client, dir.resolve("work"));
        tree(dir.resolve("tree"));

        ClientDriver.SyncRun first = c.driver().sync(dir.resolve("tree"), "/mirror");
        assertThat(first.filesTransferred()).as(first.output()).isPositive();
        ClientDriver.SyncRun second = c.driver().sync(dir.resolve("tree"), "/mirror");
        assertThat(second.filesTransferred()).as(second.output()).isZero();
    }

    /**
     * Whether a set-times from a client sticks: MINA's client uploads a file, sets its mtime to
     * {@link #OLD} and reads it back. Asked once per run.
     */
    private static synchronized boolean serverKeepsMtimes() throws IOException {
        if (mtimesKept == null) {
            String name = system.newName("mtime");
            system.createUser(User.builder().username(name).password(PASSWORD).build());
            try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
                try (OutputStream out = s.client().write("/probe.txt")) {
                    out.write("probe".getBytes(StandardCharsets.UTF_8));
                }
                s.client()
                        .setStat(
                                "/probe.txt",
                                new SftpClient.Attributes().modifyTime(FileTime.from(OLD)));
                FileTime seen = s.client().stat("/probe.txt").getModifyTime();
                mtimesKept = seen != null && seen.toInstant().equals(OLD);
            }
        }
        return mtimesKept;
    }

    /**
     * Three files in two levels under {@code root}, all last modified at {@link #OLD} (a fresh file
     * would look as new as its upload and hide a dropped mtime). Relative path to content.
     */
    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> files =
                Map.of(
                        "a.bin", random(7, 100_000),
                        "sub/b.txt", "bee\n".getBytes(StandardCharsets.UTF_8),
                        "sub/deeper/c.bin", random(8, 5000));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
            Files.setLastModifiedTime(p, FileTime.from(OLD));
        }
        return files;
    }

    private static Map<String, Long> files(Map<String, ClientDriver.Entry> listing) {
        return listing.entrySet().stream()
                .filter(e -> !e.getValue().directory())
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey,
                                e -> e.getValue().size(),
                                (a, b) -> a,
                                TreeMap::new));
    }

    private static Set<String> directories(Map<String, ClientDriver.Entry> listing) {
        return listing.entrySet().stream()
                .filter(e -> e.getValue().directory())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
