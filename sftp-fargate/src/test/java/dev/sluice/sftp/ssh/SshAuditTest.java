package dev.sluice.sftp.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sftp.OpenSsh;
import dev.sluice.sftp.SftpSystem;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs Debian's ssh-audit against the server (skipped, with a message, when it is not installed)
 * and requires no failure. Its report is kept in target/ssh-audit.txt (bench/ssh-audit prints it).
 */
@ExtendWith(AwsFixture.class)
class SshAuditTest {

    @Test
    void reportsNoFailure(AwsEnvironment aws) throws Exception {
        OpenSsh.assumeInstalled("ssh-audit");
        try (SftpSystem system = SftpSystem.start(aws)) {
            Process p =
                    new ProcessBuilder(
                                    "ssh-audit",
                                    "--no-colors",
                                    "-p",
                                    Integer.toString(system.port()),
                                    "127.0.0.1")
                            .redirectErrorStream(true)
                            .start();
            String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Files.writeString(Path.of("target", "ssh-audit.txt"), report);
            List<String> failures = report.lines().filter(l -> l.contains("[fail]")).toList();
            assertThat(failures).as(report).isEmpty();
            assertThat(report)
                    .contains("curve25519-sha256")
                    .doesNotContain("ecdh-sha2-nistp")
                    .doesNotContain("zlib");
        }
    }
}
