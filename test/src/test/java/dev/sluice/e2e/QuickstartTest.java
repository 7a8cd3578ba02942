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

    static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    static String transcript() throws Exception {
        return transcript("quickstart");
    }

    static String transcript(String marker) throws Exception {
        String readme = Files.readString(repository().resolve("README.md"));
        String section =
                readme.substring(
                        readme.indexOf("<!-- " + marker + ":start -->"),
                        readme.indexOf("<!-- " + marker + ":end -->"));
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

    /**
     * The README's CLI transcript, run as written with {@code sluice} being the runnable jar the
     * cli module builds (the README's {@code ./dev cli} builds the same code).
     */
    @Test
    void theCliTranscriptWorksAsWritten() throws Exception {
        Tools.require("sftp", "ssh-keygen");
        Path jar = repository().resolve("cli/target/sluice-cli.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.exists(jar) || "true".equals(System.getenv("CI")),
                "the cli jar is built by the cli module's package phase");
        try (LocalSystem system =
                LocalSystem.start(
                        new LocalConfig(
                                Optional.of(home.resolve("cli-data")),
                                InetAddress.getLoopbackAddress(),
                                0,
                                0))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String script =
                    "sluice() { \"$SLUICE_JAVA\" -jar \"$SLUICE_CLI_JAR\" \"$@\"; }\n"
                            + transcript("quickstart-cli");
            ProcessBuilder bash =
                    new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                            .directory(home.toFile())
                            .redirectErrorStream(true);
            bash.environment().put("HOME", home.toString());
            bash.environment().put("SLUICE_JAVA", java);
            bash.environment().put("SLUICE_CLI_JAR", jar.toString());
            bash.environment().put("SLUICE_API", system.apiUri().toString());
            bash.environment().put("SLUICE_SFTP_PORT", Integer.toString(system.sftpPort()));
            bash.environment()
                    .put("SLUICE_ADMIN_PASSWORD", system.newAdminPassword().orElseThrow());
            Process process = bash.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("hello.txt").containsPattern("used_quota_size\\s+15");
        }
    }
}
