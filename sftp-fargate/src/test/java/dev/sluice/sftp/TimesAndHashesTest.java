package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.SetStatMode;
import dev.sluice.sftp.fs.ObjectMeta;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients' modification times kept in object metadata (put -p, set-times on small and multipart
 * objects, listings through the cache and through HEADs in another task) and the hashes computed
 * while uploading, as rclone's S3 backend would read them.
 */
@ExtendWith(AwsFixture.class)
class TimesAndHashesTest {

    static final String PASSWORD = "a-long-password-1";
    static final Instant CLIENT_TIME = Instant.parse("2001-02-03T04:05:06Z");
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

    record Login(String name, SftpSystem.SshKey key) {}

    static Login newUser(SftpSystem system, Map<String, List<String>> permissions) {
        String name = system.newName("times");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .permissions(permissions)
                        .publicKeys(List.of(key.publicLine()))
                        .build());
        return new Login(name, key);
    }

    private Login newUser() {
        return newUser(system, Map.of("/", List.of("*")));
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private Map<String, String> metadata(String key) {
        return system.s3().headObject(b -> b.bucket(system.bucket).key(key)).metadata();
    }

    @Test
    void putDashPKeepsTheClientsTimeAndStoresTheHashes(@TempDir Path dir) throws Exception {
        Login u = newUser();
        byte[] data = random(100_000, 1);
        Path local = dir.resolve("kept.bin");
        Files.write(local, data);
        Files.setLastModifiedTime(local, FileTime.from(CLIENT_TIME));
        OpenSsh.Result r =
                OpenSsh.withKey(
                        system.port(),
                        u.key().privateKey(),
                        u.name(),
                        "put -p " + local + " /kept.bin\nls -l /kept.bin\n");
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(r.output()).contains("2001");

        Map<String, String> md = metadata("users/" + u.name() + "/kept.bin");
        assertThat(md.get("mtime")).isEqualTo("981173106");
        assertThat(md.get("md5chksum"))
                .isEqualTo(
                        Base64.getEncoder()
                                .encodeToString(MessageDigest.getInstance("MD5").digest(data)));
        assertThat(md.get("sha256")).isEqualTo(hex("SHA-256", data));
        assertThat(md.get("sha1")).isEqualTo(hex("SHA-1", data));
        assertThat(md).as("the quota lease marker stays").hasSizeGreaterThan(4);

        try (Mina.Sftp s = Mina.open(system.port(), u.name(), PASSWORD)) {
            assertThat(s.client().stat("/kept.bin").getModifyTime().toInstant())
                    .isEqualTo(CLIENT_TIME);
        }
    }

    @Test
    void setTimesAfterUploadOnSmallAndMultipartObjectsShowsInStatListingsAndAnotherTask(
            @TempDir Path dir) throws Exception {
        Login u = newUser();
        byte[] small = random(5_000, 2);
        byte[] large = random(20 * 1024 * 1024 + 123, 3);
        Files.write(dir.resolve("small.bin"), small);
        Files.write(dir.resolve("large.bin"), large);
        OpenSsh.Result r =
                OpenSsh.withKey(
                        system.port(),
                        u.key().privateKey(),
                        u.name(),
                        "put "
                                + dir.resolve("small.bin")
                                + " /small.bin\nput "
                                + dir.resolve("large.bin")
                                + " /large.bin\n");
        assertThat(r.ok()).as(r.output()).isTrue();
        String largeKey = "users/" + u.name() + "/large.bin";
        Map<String, String> md = metadata(largeKey);
        assertThat(md.get("sha256")).as("multipart hashes").isEqualTo(hex("SHA-256", large));
        assertThat(ObjectMeta.parse(md).md5()).contains(hex("MD5", large));
        assertThat(system.object(largeKey)).hasValueSatisfying(b -> assertThat(b).isEqualTo(large));

        Instant smallTime = Instant.parse("2010-01-01T00:00:01Z");
        Instant largeTime = Instant.parse("2011-01-01T00:00:02Z");
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), PASSWORD)) {
            s.client()
                    .setStat(
                            "/small.bin",
                            new SftpClient.Attributes().modifyTime(FileTime.from(smallTime)));
            s.client()
                    .setStat(
                            "/large.bin",
                            new SftpClient.Attributes().modifyTime(FileTime.from(largeTime)));
            assertThat(s.client().stat("/small.bin").getModifyTime().toInstant())
                    .isEqualTo(smallTime);
            assertThat(s.client().stat("/large.bin").getModifyTime().toInstant())
                    .isEqualTo(largeTime);
            assertThat(listedTimes(s.client()))
                    .containsEntry("small.bin", smallTime)
                    .containsEntry("large.bin", largeTime);
        }
        assertThat(metadata(largeKey).get("sha256"))
                .as("the other metadata stays")
                .isEqualTo(hex("SHA-256", large));
        assertThat(system.object(largeKey)).hasValueSatisfying(b -> assertThat(b).isEqualTo(large));

        // Another task has no cache: its listing HEADs the objects.
        try (SluiceSftpServer other = system.startTask("other-task");
                var session = Mina.password(other.port(), u.name(), PASSWORD);
                var client = Mina.sftp(session)) {
            assertThat(listedTimes(client))
                    .containsEntry("small.bin", smallTime)
                    .containsEntry("large.bin", largeTime);
        }
    }

    static Map<String, Instant> listedTimes(SftpClient client) throws java.io.IOException {
        Map<String, Instant> out = new java.util.HashMap<>();
        for (SftpClient.DirEntry e : client.readDir("/")) {
            out.put(e.getFilename(), e.getAttributes().getModifyTime().toInstant());
        }
        return out;
    }

    @Test
    void objectsWithoutMetadataShowS3sTimeAndHostileMetadataIsIgnored() throws Exception {
        Login u = newUser();
        String key = "users/" + u.name() + "/hostile.bin";
        system.s3()
                .putObject(
                        b ->
                                b.bucket(system.bucket)
                                        .key(key)
                                        .metadata(
                                                Map.of(
                                                        "mtime", "1e99",
                                                        "md5chksum", "not base64!",
                                                        "sha256", "zz")),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1}));
        Instant s3Time =
                system.s3().headObject(b -> b.bucket(system.bucket).key(key)).lastModified();
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), PASSWORD)) {
            assertThat(s.client().stat("/hostile.bin").getModifyTime().toInstant())
                    .isEqualTo(s3Time);
            assertThat(listedTimes(s.client())).containsEntry("hostile.bin", s3Time);
        }
    }

    @Test
    void withoutChtimesSetTimesIsIgnoredOrRefusedAsTheSettingSays(AwsEnvironment aws)
            throws Exception {
        Map<String, List<String>> noChtimes =
                Map.of("/", List.of("list", "download", "upload", "overwrite"));
        Login u = newUser(system, noChtimes);
        system.putObject("users/" + u.name() + "/f.txt", new byte[] {1, 2});
        Instant s3Time =
                system.s3()
                        .headObject(
                                b -> b.bucket(system.bucket).key("users/" + u.name() + "/f.txt"))
                        .lastModified();
        var attrs = new SftpClient.Attributes().modifyTime(FileTime.from(CLIENT_TIME));
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), PASSWORD)) {
            s.client().setStat("/f.txt", attrs); // ignored by default
            assertThat(s.client().stat("/f.txt").getModifyTime().toInstant()).isEqualTo(s3Time);
        }
        try (SftpSystem refusing =
                SftpSystem.start(aws, c -> c.withSetStatMode(SetStatMode.REFUSE))) {
            Login r = newUser(refusing, noChtimes);
            refusing.putObject("users/" + r.name() + "/f.txt", new byte[] {1, 2});
            Login allowed = newUser(refusing, Map.of("/", List.of("*")));
            refusing.putObject("users/" + allowed.name() + "/f.txt", new byte[] {1, 2});
            try (Mina.Sftp s = Mina.open(refusing.port(), r.name(), PASSWORD)) {
                assertThatThrownBy(() -> s.client().setStat("/f.txt", attrs))
                        .isInstanceOfSatisfying(
                                SftpException.class,
                                e ->
                                        assertThat(e.getStatus())
                                                .isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED));
                assertThatThrownBy(
                                () ->
                                        s.client()
                                                .setStat(
                                                        "/f.txt",
                                                        new SftpClient.Attributes().perms(0600)))
                        .as("chmod keeps its meaning")
                        .isInstanceOf(SftpException.class);
            }
            try (Mina.Sftp s = Mina.open(refusing.port(), allowed.name(), PASSWORD)) {
                s.client().setStat("/f.txt", attrs);
                assertThat(s.client().stat("/f.txt").getModifyTime().toInstant())
                        .isEqualTo(CLIENT_TIME);
            }
        }
    }

    @Test
    void setTimesOnDirectoriesIsAcceptedAndOnMissingFilesRefused() throws Exception {
        Login u = newUser();
        var attrs = new SftpClient.Attributes().modifyTime(FileTime.from(CLIENT_TIME));
        try (Mina.Sftp s = Mina.open(system.port(), u.name(), PASSWORD)) {
            s.client().mkdir("/d");
            s.client().setStat("/d", attrs);
            assertThatThrownBy(() -> s.client().setStat("/missing", attrs))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE));
        }
    }
}
