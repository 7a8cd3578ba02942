package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB file through OpenSSH sftp, up and down, arrives bit for bit (multipart with many
 * parts).
 */
@ExtendWith(AwsFixture.class)
class LargeFileTest {

    static final long SIZE = 256L * 1024 * 1024;
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

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    @Test
    void roundTripsWithIdenticalSha256(@TempDir Path dir) throws Exception {
        String name = system.newName("large");
        SftpSystem.SshKey key = system.newKey(name);
        system.createUser(
                User.builder()
                        .username(name)
                        .password("large-file-password")
                        .publicKeys(List.of(key.publicLine()))
                        .build());
        Path up = dir.resolve("up.bin");
        Path down = dir.resolve("down.bin");
        writeRandom(up, SIZE);
        long t0 = System.nanoTime();
        OpenSsh.Result put =
                OpenSsh.withKey(
                        system.port(),
                        key.privateKey(),
                        name,
                        "put " + up + " /big.bin\n",
                        "-c",
                        "aes128-gcm@openssh.com");
        long t1 = System.nanoTime();
        assertThat(put.ok()).as(put.output()).isTrue();
        OpenSsh.Result get =
                OpenSsh.withKey(
                        system.port(),
                        key.privateKey(),
                        name,
                        "get /big.bin " + down + "\n",
                        "-c",
                        "aes128-gcm@openssh.com");
        long t2 = System.nanoTime();
        assertThat(get.ok()).as(get.output()).isTrue();
        System.out.printf(
                "256 MiB via OpenSSH sftp: upload %.0f MB/s, download %.0f MB/s%n",
                SIZE / 1e6 / ((t1 - t0) / 1e9), SIZE / 1e6 / ((t2 - t1) / 1e9));
        assertThat(Files.size(down)).isEqualTo(SIZE);
        assertThat(sha256(down)).isEqualTo(sha256(up));
        assertThat(
                        system.s3()
                                .headObject(
                                        b ->
                                                b.bucket(system.bucket)
                                                        .key("users/" + name + "/big.bin"))
                                .contentLength())
                .isEqualTo(SIZE);
        assertThat(system.openMultipartUploads("users/" + name + "/")).isZero();
        assertThat(system.user(name).usedQuotaSize()).isEqualTo(SIZE);
    }
}
