package dev.sluice.sftp.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.Settings;
import dev.sluice.config.SshPolicy;
import dev.sluice.sftp.OpenSsh;
import dev.sluice.sftp.SftpSystem;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs Debian's ssh-audit against the server under each {@link SshPolicy} (skipped, with a message,
 * when it is not installed) and requires no failure. The reports are kept in
 * target/ssh-audit-POLICY.txt, the default policy's also in target/ssh-audit.txt (bench/ssh-audit
 * prints it).
 */
@ExtendWith(AwsFixture.class)
class SshAuditTest {

    @ParameterizedTest
    @EnumSource(SshPolicy.class)
    void reportsNoFailure(SshPolicy policy, AwsEnvironment aws) throws Exception {
        OpenSsh.assumeInstalled("ssh-audit");
        try (SftpSystem system = SftpSystem.start(aws, c -> c.withSshPolicy(policy))) {
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
            Files.writeString(
                    Path.of("target", "ssh-audit-" + policy.policyName() + ".txt"), report);
            if (policy == Settings.SSH_POLICY.defaultValue().orElseThrow()) {
                Files.writeString(Path.of("target", "ssh-audit.txt"), report);
            }
            List<String> failures = report.lines().filter(l -> l.contains("[fail]")).toList();
            assertThat(failures).as(report).isEmpty();
            assertThat(report)
                    .contains("curve25519-sha256")
                    .doesNotContain("ecdh-sha2-nistp")
                    .doesNotContain("zlib");
        }
    }
}
