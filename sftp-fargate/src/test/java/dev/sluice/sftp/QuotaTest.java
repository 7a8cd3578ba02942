package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dynamo.Tables;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.quota.QuotaLeases;
import dev.sluice.quota.QuotaUsage;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Quotas hold during uploads, and counters follow uploads, overwrites and deletes. */
@ExtendWith(AwsFixture.class)
class QuotaTest {

    static final String PASSWORD = "quota-password-123";
    static final int MIB = 1024 * 1024;
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

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static void put(SftpClient sftp, String path, byte[] data) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(data);
        }
    }

    private QuotaUsage usage(String user) {
        User u = system.user(user);
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    @Test
    void uploadPassingTheQuotaFailsAndLeavesNothing() throws IOException {
        String name = system.newName("quota");
        system.createUser(
                User.builder().username(name).password(PASSWORD).quotaSize(12L * MIB).build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/keep.bin", random(MIB));
            assertThat(usage(name)).isEqualTo(new QuotaUsage(MIB, 1, 0));
            assertThatThrownBy(() -> put(s.client(), "/big.bin", random(30 * MIB)))
                    .isInstanceOf(IOException.class);
            // and overwriting an existing file with too much keeps the old one
            assertThatThrownBy(() -> put(s.client(), "/keep.bin", random(30 * MIB)))
                    .isInstanceOf(IOException.class);
        }
        assertThat(system.object("users/" + name + "/big.bin")).isEmpty();
        assertThat(system.object("users/" + name + "/keep.bin"))
                .hasValueSatisfying(b -> assertThat(b).hasSize(MIB));
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
        assertThat(usage(name)).isEqualTo(new QuotaUsage(MIB, 1, 0));
    }

    @Test
    void countersFollowUploadOverwriteRenameAndDelete() throws IOException {
        String name = system.newName("quota");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .quotaSize(100L * MIB)
                        .quotaFiles(10)
                        .build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/a.bin", random(3 * MIB));
            put(s.client(), "/b.bin", random(10 * MIB));
            assertThat(usage(name)).isEqualTo(new QuotaUsage(13L * MIB, 2, 0));
            put(s.client(), "/a.bin", random(MIB));
            assertThat(usage(name)).isEqualTo(new QuotaUsage(11L * MIB, 2, 0));
            s.client().rename("/a.bin", "/c.bin");
            assertThat(usage(name)).isEqualTo(new QuotaUsage(11L * MIB, 2, 0));
            s.client().remove("/b.bin");
            assertThat(usage(name)).isEqualTo(new QuotaUsage(MIB, 1, 0));
        }
    }

    @Test
    void fileCountQuota() throws IOException {
        String name = system.newName("quota");
        system.createUser(User.builder().username(name).password(PASSWORD).quotaFiles(1).build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/one", random(10));
            put(s.client(), "/one", random(20)); // overwrite: still one file
            assertThatThrownBy(() -> put(s.client(), "/two", random(10)))
                    .isInstanceOf(IOException.class);
        }
        assertThat(system.object("users/" + name + "/two")).isEmpty();
        assertThat(usage(name)).isEqualTo(new QuotaUsage(20, 1, 0));
    }

    @Test
    void virtualFolderHasItsOwnQuota() throws IOException {
        String folder = system.newName("shared");
        system.createFolder(new VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        String name = system.newName("quota");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .virtualFolders(
                                List.of(
                                        new VirtualFolderMapping(
                                                folder, "/shared/data", 2L * MIB, 0)))
                        .build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            List<String> root = new java.util.ArrayList<>();
            s.client().readDir("/").forEach(e -> root.add(e.getFilename()));
            assertThat(root).contains("shared");
            put(s.client(), "/shared/data/ok.bin", random(MIB));
            assertThatThrownBy(() -> put(s.client(), "/shared/data/big.bin", random(3 * MIB)))
                    .isInstanceOf(IOException.class);
        }
        assertThat(system.object("folders/" + folder + "/ok.bin")).isPresent();
        assertThat(system.object("folders/" + folder + "/big.bin")).isEmpty();
        VirtualFolder f = system.folderStore.find(folder).orElseThrow();
        assertThat(f.usedQuotaSize()).isEqualTo(MIB);
        assertThat(f.usedQuotaFiles()).isEqualTo(1);
        assertThat(usage(name))
                .as("a folder with its own quota is not counted in the user's")
                .isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void aRenameIntoAFolderWithItsOwnQuotaMovesTheUsageUnderALease() throws IOException {
        String folder = system.newName("moved");
        system.createFolder(new VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        String name = system.newName("quota");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .virtualFolders(
                                List.of(new VirtualFolderMapping(folder, "/box", 3L * MIB, 0)))
                        .build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/a.bin", random(2 * MIB));
            put(s.client(), "/b.bin", random(2 * MIB));
            s.client().rename("/a.bin", "/box/a.bin");
            // The folder has 1 MiB left: the second move is refused and changes nothing.
            assertThatThrownBy(() -> s.client().rename("/b.bin", "/box/b.bin"))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_QUOTA_EXCEEDED));
        }
        VirtualFolder f = system.folderStore.find(folder).orElseThrow();
        assertThat(new QuotaUsage(f.usedQuotaSize(), f.usedQuotaFiles(), 0))
                .isEqualTo(new QuotaUsage(2L * MIB, 1, 0));
        assertThat(usage(name)).isEqualTo(new QuotaUsage(2L * MIB, 1, 0));
        assertThat(system.object("users/" + name + "/b.bin")).isPresent();
        assertThat(system.object("folders/" + folder + "/b.bin")).isEmpty();
        assertThat(system.server.quotaLeases().liveCount()).isZero();
    }

    @Test
    void uploadsLeaveNoLeaseBehindAndMarkTheirObjects() throws IOException {
        String name = system.newName("quota");
        system.createUser(
                User.builder().username(name).password(PASSWORD).quotaSize(100L * MIB).build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/small.bin", random(1000));
            put(s.client(), "/parts.bin", random(7 * MIB));
            assertThatThrownBy(() -> put(s.client(), "/big.bin", random(120 * MIB)))
                    .isInstanceOf(IOException.class);
        }
        assertThat(usage(name)).isEqualTo(new QuotaUsage(1000 + 7L * MIB, 2, 0));
        assertThat(system.server.quotaLeases().liveCount()).isZero();
        assertThat(
                        system
                                .aws
                                .dynamoDb()
                                .scanPaginator(
                                        b ->
                                                b.tableName(system.tables.of(Tables.QUOTA_LEASES))
                                                        .consistentRead(true))
                                .items()
                                .stream()
                                .filter(i -> i.get("session").s().startsWith(name + " "))
                                .toList())
                .isEmpty();
        assertThat(system.userStore.usage().entry(name, "x")).isEmpty();
        // A reaper that meets a completed upload's lease (its owner died before settling) knows the
        // object by this.
        for (String key : List.of("users/" + name + "/small.bin", "users/" + name + "/parts.bin")) {
            assertThat(system.s3().headObject(b -> b.bucket(system.bucket).key(key)).metadata())
                    .hasEntrySatisfying(
                            QuotaLeases.OBJECT_MARKER,
                            id -> assertThat(id).matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void aCorruptedCounterNeitherBlocksALoginNorLetsTheCounterPassItsRange() throws IOException {
        String name = system.newName("quota");
        system.createUser(
                User.builder().username(name).password(PASSWORD).quotaSize(10L * MIB).build());
        String unlimited = system.newName("quota");
        system.createUser(User.builder().username(unlimited).password(PASSWORD).build());
        for (String user : List.of(name, unlimited)) {
            // Written to the table directly: past int64, and negative.
            system.aws
                    .dynamoDb()
                    .updateItem(
                            b ->
                                    b.tableName(system.tables.of(Tables.USERS))
                                            .key(Map.of("username", AttributeValue.fromS(user)))
                                            .updateExpression(
                                                    "SET used_quota_size = :big, used_quota_files = :neg")
                                            .expressionAttributeValues(
                                                    Map.of(
                                                            ":big",
                                                            AttributeValue.fromN("1E+30"),
                                                            ":neg",
                                                            AttributeValue.fromN("-3"))));
        }
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            s.client().readDir("/").forEach(e -> {});
            // The counter reads as its maximum: a quota'd user has no room left.
            assertThatThrownBy(() -> put(s.client(), "/a.bin", random(10)))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_QUOTA_EXCEEDED));
        }
        assertThat(usage(name)).isEqualTo(new QuotaUsage(Long.MAX_VALUE, 0, 0));
        try (Mina.Sftp s = Mina.open(system.port(), unlimited, PASSWORD)) {
            put(s.client(), "/a.bin", random(10));
        }
        // A reset (a quota scan, or PUT .../usage) repairs it.
        system.userStore.usage().set(name, 0, 0, 1);
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/a.bin", random(10));
        }
        assertThat(usage(name)).isEqualTo(new QuotaUsage(10, 1, 0));
    }

    @Test
    void manySmallFilesOfAUserWithoutLimitsAreCountedExactlyOnceSettled() throws Exception {
        String name = system.newName("quota");
        system.createUser(User.builder().username(name).password(PASSWORD).build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            s.client().mkdir("/d");
            for (int i = 0; i < 40; i++) {
                put(s.client(), "/d/f" + i, random(1000 + i));
            }
            for (int i = 0; i < 5; i++) {
                put(s.client(), "/d/f" + i, random(10)); // overwrites: no new file
            }
            for (int i = 30; i < 40; i++) {
                s.client().remove("/d/f" + i);
            }
        }
        // Settled off the SFTP thread (no limit waits on it): wait for it, then exact.
        assertThat(system.server.settlements().drain(Duration.ofSeconds(60))).isTrue();
        long bytes = 5 * 10;
        for (int i = 5; i < 30; i++) {
            bytes += 1000 + i;
        }
        assertThat(usage(name)).isEqualTo(new QuotaUsage(bytes, 30, 0));
        assertThat(system.server.quotaLeases().liveCount()).isZero();
    }

    @Test
    void manySmallFilesOfALimitedUserStopAtTheLimitWithTheCountersExactAtOnce() throws IOException {
        String name = system.newName("quota");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .quotaSize(100L * MIB)
                        .quotaFiles(20)
                        .build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            for (int i = 0; i < 20; i++) {
                put(s.client(), "/f" + i, random(100));
                // No drain: a limited user's counters are settled before the client hears OK.
                assertThat(usage(name)).isEqualTo(new QuotaUsage(100L * (i + 1), i + 1, 0));
            }
            assertThatThrownBy(() -> put(s.client(), "/f20", random(100)))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_QUOTA_EXCEEDED));
            s.client().remove("/f0");
            // The room a delete frees is there at once.
            put(s.client(), "/f20", random(100));
        }
        assertThat(system.object("users/" + name + "/f20")).isPresent();
        assertThat(usage(name)).isEqualTo(new QuotaUsage(2000, 20, 0));
    }
}
