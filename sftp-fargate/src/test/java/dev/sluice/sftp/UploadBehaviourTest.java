package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Uploads are atomic: whole or nothing, whatever the client does. */
@ExtendWith(AwsFixture.class)
class UploadBehaviourTest {

    static final String PASSWORD = "upload-password-1";
    static final int MIB = 1024 * 1024;
    static SftpSystem system;
    static String name;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
        name = system.newName("up");
        system.createUser(User.builder().username(name).password(PASSWORD).build());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void put(SftpClient sftp, String path, byte[] data) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(data);
        }
    }

    @Test
    void twoClientsUploadingTheSamePathLeaveOneWholeObject() throws Exception {
        byte[] a = random(20 * MIB, 1);
        byte[] b = random(20 * MIB, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (byte[] data : List.of(a, b)) {
                done.add(
                        pool.submit(
                                (Callable<Void>)
                                        () -> {
                                            try (Mina.Sftp s =
                                                    Mina.open(system.port(), name, PASSWORD)) {
                                                put(s.client(), "/same.bin", data);
                                            }
                                            return null;
                                        }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] stored = system.object("users/" + name + "/same.bin").orElseThrow();
        assertThat(Arrays.equals(stored, a) || Arrays.equals(stored, b))
                .as("one whole upload, never a mix")
                .isTrue();
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
    }

    @Test
    void interruptedUploadLeavesNoObjectAndNoMultipartUpload() throws Exception {
        system.putObject("users/" + name + "/previous.bin", "previous".getBytes());
        Mina.Sftp s = Mina.open(system.port(), name, PASSWORD);
        for (String path : List.of("/cut.bin", "/previous.bin")) {
            SftpClient.CloseableHandle h =
                    s.client()
                            .open(
                                    path,
                                    EnumSet.of(
                                            SftpClient.OpenMode.Write,
                                            SftpClient.OpenMode.Create,
                                            SftpClient.OpenMode.Truncate));
            byte[] chunk = random(32 * 1024, 3);
            for (long off = 0; off < 20L * MIB; off += chunk.length) {
                s.client().write(h, off, chunk);
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (system.openMultipartUploads("users/" + name + "/") < 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(system.openMultipartUploads("users/" + name + "/"))
                .as("parts were on their way to S3")
                .isEqualTo(2);
        s.session().close(true); // the connection drops; the handles were never closed
        deadline = System.currentTimeMillis() + 10_000;
        while (system.openMultipartUploads("users/" + name + "/") > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
        assertThat(system.object("users/" + name + "/cut.bin")).isEmpty();
        assertThat(system.object("users/" + name + "/previous.bin"))
                .map(String::new)
                .contains("previous");
    }

    @Test
    void outOfOrderWritesWithinTheWindowAreReordered() throws IOException {
        byte[] data = random(12 * MIB, 4);
        int chunk = 256 * 1024;
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            try (SftpClient.CloseableHandle h =
                    s.client()
                            .open(
                                    "/shuffled.bin",
                                    SftpClient.OpenMode.Write,
                                    SftpClient.OpenMode.Create,
                                    SftpClient.OpenMode.Truncate)) {
                // pairs swapped: 1,0,3,2,5,4,...
                int chunks = data.length / chunk;
                for (int i = 0; i < chunks; i += 2) {
                    for (int j : new int[] {i + 1, i}) {
                        if (j < chunks) {
                            s.client().write(h, (long) j * chunk, data, j * chunk, chunk);
                        }
                    }
                }
            }
        }
        assertThat(system.object("users/" + name + "/shuffled.bin"))
                .hasValueSatisfying(b -> assertThat(Arrays.equals(b, data)).isTrue());
    }

    @Test
    void aWriteBehindWhatWasSentFailsCleanly() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            SftpClient.CloseableHandle h =
                    s.client()
                            .open(
                                    "/random.bin",
                                    SftpClient.OpenMode.Write,
                                    SftpClient.OpenMode.Create,
                                    SftpClient.OpenMode.Truncate);
            byte[] chunk = random(MIB, 5);
            for (int i = 0; i < 10; i++) {
                s.client().write(h, (long) i * MIB, chunk);
            }
            assertThatThrownBy(() -> s.client().write(h, 0, chunk))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_OP_UNSUPPORTED));
            assertThatThrownBy(h::close).isInstanceOf(IOException.class);
        }
        assertThat(system.object("users/" + name + "/random.bin")).isEmpty();
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
    }

    @Test
    void resumeAppendsByServerSideCopy() throws IOException {
        for (int firstSize : new int[] {2 * MIB, 9 * MIB}) {
            String path = "/resume-" + firstSize + ".bin";
            byte[] first = random(firstSize, 6);
            byte[] rest = random(3 * MIB + 17, 7);
            try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
                put(s.client(), path, first);
                try (SftpClient.CloseableHandle h =
                        s.client().open(path, SftpClient.OpenMode.Write)) {
                    s.client().write(h, firstSize, rest);
                }
                SftpClient.CloseableHandle h = s.client().open(path, SftpClient.OpenMode.Write);
                assertThatThrownBy(() -> s.client().write(h, 5, rest))
                        .isInstanceOf(SftpException.class);
                assertThatThrownBy(h::close)
                        .as("the refused upload reports failure")
                        .isInstanceOf(SftpException.class);
            }
            byte[] expected = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, expected, first.length, rest.length);
            assertThat(system.object("users/" + name + path))
                    .hasValueSatisfying(b -> assertThat(Arrays.equals(b, expected)).isTrue());
        }
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
    }

    @Test
    void emptyFileAndOverwriteWithSmallerContent() throws IOException {
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            put(s.client(), "/empty.txt", new byte[0]);
            put(s.client(), "/shrink.txt", random(10 * MIB, 8));
            put(s.client(), "/shrink.txt", "small".getBytes());
        }
        assertThat(system.object("users/" + name + "/empty.txt"))
                .hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(system.object("users/" + name + "/shrink.txt"))
                .map(String::new)
                .contains("small");
    }

    @Test
    void anUploadNeedsAnExistingDirectoryAndNeverReplacesOne() throws IOException {
        String home = "users/" + name + "/";
        // A directory that exists only through an object below it (no marker), as S3 tools make.
        system.putObject(home + "implicit/x.bin", random(10, 3));
        try (Mina.Sftp s = Mina.open(system.port(), name, PASSWORD)) {
            s.client().mkdir("/marked");
            put(s.client(), "/marked/a.bin", random(10, 4));
            put(s.client(), "/implicit/a.bin", random(10, 5));
            put(s.client(), "/plain.bin", random(10, 6));
            assertThatThrownBy(() -> put(s.client(), "/missing/a.bin", random(10, 7)))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e ->
                                    assertThat(e.getStatus())
                                            .isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE));
            assertThatThrownBy(() -> put(s.client(), "/plain.bin/a.bin", random(10, 8)))
                    .isInstanceOf(SftpException.class);
            for (String dir : List.of("/marked", "/implicit")) {
                assertThatThrownBy(() -> put(s.client(), dir, random(10, 9)))
                        .as(dir)
                        .isInstanceOf(SftpException.class);
            }
        }
        assertThat(system.object(home + "marked/a.bin")).isPresent();
        assertThat(system.object(home + "implicit/a.bin")).isPresent();
        assertThat(system.object(home + "missing/a.bin")).isEmpty();
        assertThat(system.object(home + "plain.bin/a.bin")).isEmpty();
        assertThat(system.object(home + "marked")).isEmpty();
        assertThat(system.object(home + "implicit")).isEmpty();
        assertThat(system.object(home + "plain.bin"))
                .hasValueSatisfying(b -> assertThat(b).hasSize(10));
    }
}
