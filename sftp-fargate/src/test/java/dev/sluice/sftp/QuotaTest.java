package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.folders.VirtualFolder;
import dev.sluice.quota.QuotaUsage;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
        system.createUser(User.builder().username(name).password(PASSWORD).quotaSize(12L * MIB).build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/keep.bin", random(MIB));
            assertThat(usage(name)).isEqualTo(new QuotaUsage(MIB, 1, 0));
            assertThatThrownBy(() -> put(s.client(), "/big.bin", random(30 * MIB))).isInstanceOf(IOException.class);
            // and overwriting an existing file with too much keeps the old one
            assertThatThrownBy(() -> put(s.client(), "/keep.bin", random(30 * MIB))).isInstanceOf(IOException.class);
        }
        assertThat(system.object("users/" + name + "/big.bin")).isEmpty();
        assertThat(system.object("users/" + name + "/keep.bin")).hasValueSatisfying(b -> assertThat(b).hasSize(MIB));
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
        assertThat(usage(name)).isEqualTo(new QuotaUsage(MIB, 1, 0));
    }

    @Test
    void countersFollowUploadOverwriteRenameAndDelete() throws IOException {
        String name = system.newName("quota");
        system.createUser(User.builder().username(name).password(PASSWORD).quotaSize(100L * MIB).quotaFiles(10).build());
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
            assertThatThrownBy(() -> put(s.client(), "/two", random(10))).isInstanceOf(IOException.class);
        }
        assertThat(system.object("users/" + name + "/two")).isEmpty();
        assertThat(usage(name)).isEqualTo(new QuotaUsage(20, 1, 0));
    }

    @Test
    void virtualFolderHasItsOwnQuota() throws IOException {
        String folder = system.newName("shared");
        system.createFolder(new VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        String name = system.newName("quota");
        system.createUser(User.builder().username(name).password(PASSWORD)
            .virtualFolders(List.of(new VirtualFolderMapping(folder, "/shared/data", 2L * MIB, 0))).build());
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            List<String> root = new java.util.ArrayList<>();
            s.client().readDir("/").forEach(e -> root.add(e.getFilename()));
            assertThat(root).contains("shared");
            put(s.client(), "/shared/data/ok.bin", random(MIB));
            assertThatThrownBy(() -> put(s.client(), "/shared/data/big.bin", random(3 * MIB))).isInstanceOf(IOException.class);
        }
        assertThat(system.object("folders/" + folder + "/ok.bin")).isPresent();
        assertThat(system.object("folders/" + folder + "/big.bin")).isEmpty();
        VirtualFolder f = system.folderStore.find(folder).orElseThrow();
        assertThat(f.usedQuotaSize()).isEqualTo(MIB);
        assertThat(f.usedQuotaFiles()).isEqualTo(1);
        assertThat(usage(name)).as("a folder with its own quota is not counted in the user's").isEqualTo(new QuotaUsage(0, 0, 0));
    }
}
