package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart transcript, run exactly as written (with bash, curl, ssh-keygen, sftp).
 */
class QuickstartTest {

    @TempDir Path home;

    static String transcript() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        String readme = Files.readString(dir.resolve("README.md"));
        String section =
                readme.substring(
                        readme.indexOf("<!-- quickstart:start -->"),
                        readme.indexOf("<!-- quickstart:end -->"));
        return section.substring(section.indexOf("```sh") + 5, section.lastIndexOf("```"));
    }

    @Test
    void theTranscriptWorksAsWritten() throws Exception {
        Tools.require("curl", "sftp", "ssh-keygen");
        try (LocalSystem system =
                LocalSystem.start(
                        new LocalConfig(
                                Optional.of(home.resolve("sluice-data")),
                                InetAddress.getLoopbackAddress(),
                                0,
                                0))) {
            ProcessBuilder bash =
                    new ProcessBuilder("bash", "-euo", "pipefail", "-c", transcript())
                            .directory(home.toFile())
                            .redirectErrorStream(true);
            // A home of its own: accept-new writes the host key there, not into the real ~/.ssh.
            bash.environment().put("HOME", home.toString());
            bash.environment().put("SLUICE_API", system.apiUri().toString());
            bash.environment().put("SLUICE_SFTP_PORT", Integer.toString(system.sftpPort()));
            bash.environment()
                    .put("SLUICE_ADMIN_PASSWORD", system.newAdminPassword().orElseThrow());
            bash.environment().put("SLUICE_DATA", home.resolve("sluice-data").toString());
            Process process = bash.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("hello.txt")
                    .contains("\"used_quota_size\":17")
                    .contains(".eml")
                    .contains("\"deleted\":1");
        }
    }
}
