package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.convert.ConvertUsersCommand;
import dev.sluice.local.LocalConfig;
import dev.sluice.local.LocalSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Moving in from a Unix host, Pure-FTPd and ProFTPD: {@code convert-users} turns the account files
 * the real tools wrote (cli/src/test/resources/convert, made by generate.sh there) into a dump,
 * {@code loaddata} restores it into a fresh local installation, and every converted user logs in
 * over SFTP with the password it had (yescrypt, sha512/sha256/md5-crypt, bcrypt), while the
 * accounts convert-users skipped are not there.
 */
class ConvertUsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;

    static Path fixtures() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir.resolve("cli/src/test/resources/convert");
    }

    private static String convert(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ConvertUsersCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute(args)).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void convertedUsersOfEachSourceLogInOverSftpWithTheirOldPasswords() throws Exception {
        Tools.require("sftp", "sshpass");
        Path f = fixtures();
        JsonNode expected = JSON.readTree(f.resolve("expected.json").toFile());
        List<String[]> runs =
                List.of(
                        new String[] {
                            "unix-passwd",
                            "--source=unix-passwd",
                            "--passwd=" + f.resolve("unix/passwd"),
                            "--shadow=" + f.resolve("unix/shadow")
                        },
                        new String[] {
                            "pure-ftpd",
                            "--source=pure-ftpd",
                            "--input=" + f.resolve("pure-ftpd/pureftpd.passwd")
                        },
                        new String[] {
                            "proftpd",
                            "--source=proftpd",
                            "--input=" + f.resolve("proftpd/ftpd.passwd")
                        });
        try (LocalSystem system =
                LocalSystem.start(
                        new LocalConfig(
                                Optional.of(home.resolve("data")),
                                InetAddress.getLoopbackAddress(),
                                0,
                                0))) {
            Http http = new Http(system.apiUri());
            String admin =
                    http.token(system.adminUsername(), system.newAdminPassword().orElseThrow());
            OpenSshClient sftp = new OpenSshClient(home);
            for (String[] run : runs) {
                String source = run[0];
                String dump = convert(java.util.Arrays.copyOfRange(run, 1, run.length));
                JsonNode report = http.call("POST", "/api/v2/loaddata", admin, dump, 200);
                List<JsonNode> converted = new ArrayList<>();
                List<JsonNode> skipped = new ArrayList<>();
                expected.path(source)
                        .forEach(
                                a ->
                                        (a.path("outcome").asText().equals("converted")
                                                        ? converted
                                                        : skipped)
                                                .add(a));
                assertThat(report.at("/counts/users/created").asInt())
                        .as(source + ": " + report)
                        .isEqualTo(converted.size());
                assertThat(report.at("/counts/users/skipped").asInt())
                        .as(report.toString())
                        .isZero();
                for (JsonNode account : converted) {
                    String name = account.path("username").asText();
                    String password = account.path("password").asText();
                    OpenSshClient.Run login =
                            sftp.withPassword(password, name, system.sftpPort(), "pwd\n");
                    assertThat(login.output())
                            .as(
                                    source
                                            + ": "
                                            + name
                                            + " logs in with its old "
                                            + account.path("format").asText()
                                            + " password")
                            .contains("Remote working directory");
                }
                for (JsonNode account : skipped) {
                    String name = account.path("username").asText();
                    http.call("GET", "/api/v2/users/" + name, admin, null, 404);
                }
            }
        }
    }
}
