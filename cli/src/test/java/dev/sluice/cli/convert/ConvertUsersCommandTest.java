package dev.sluice.cli.convert;

import static dev.sluice.cli.convert.ConvertFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.backup.DumpReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConvertUsersCommandTest {

    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ConvertUsersCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesADumpLoaddataReadsAndASummaryOnStderr() {
        Run r = run("--source", "proftpd", "--input", path("proftpd/ftpd.passwd").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        DumpReader.Dump dump = DumpReader.read(r.out().getBytes(StandardCharsets.UTF_8));
        assertThat(dump.version()).isEqualTo(17);
        assertThat(dump.entries())
                .extracting(e -> e.type() + ":" + e.node().path("username").asText())
                .containsExactly("user:quinn", "user:rose", "user:sam");
        var quinn = dump.entries().get(0).node();
        assertThat(quinn.path("password").asText()).startsWith("$1$");
        assertThat(quinn.path("home_dir").asText()).isEqualTo("/srv/ftp/quinn");
        assertThat(quinn.at("/permissions/~1").toString()).isEqualTo("[\"*\"]");
        assertThat(quinn.path("status").asInt()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("proftpd: 3 converted, 2 skipped")
                .contains("converted quinn: old home /srv/ftp/quinn")
                .contains("skipped uma (line 5): locked");
    }

    @Test
    void writesTheDumpToAFileWhenAsked() throws Exception {
        Path out = dir.resolve("dump.json");
        Run r =
                run(
                        "--source=unix-passwd",
                        "--passwd",
                        path("unix/passwd").toString(),
                        "--shadow",
                        path("unix/shadow").toString(),
                        "--usernames",
                        "alice,bob",
                        "--force-uid",
                        "33",
                        "--output-file",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        var dump = DumpReader.read(Files.readAllBytes(out));
        assertThat(dump.entries()).hasSize(2);
        assertThat(dump.entries().get(1).node().path("uid").asInt()).isEqualTo(33);
        assertThat(r.err()).startsWith("unix-passwd: 2 converted, 0 skipped");
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatIsAllowed() {
        Run unknown = run("--source", "vsftpd", "--input", "x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("\"vsftpd\" is not a source; use unix-passwd, pure-ftpd or proftpd");

        Run noInput = run("--source", "pure-ftpd");
        assertThat(noInput.exit()).isEqualTo(2);
        assertThat(noInput.err()).contains("--input FILE is required with --source pure-ftpd");

        Run mixed = run("--source", "unix-passwd", "--input", "x");
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("unix-passwd reads --passwd and --shadow");

        Run bounds = run("--source", "unix-passwd", "--min-uid", "1000", "--max-uid", "10");
        assertThat(bounds.exit()).isEqualTo(2);
        assertThat(bounds.out()).isEmpty();
    }

    @Test
    void anUnreadableInputIsAUsageErrorAndNoDump() {
        Run r = run("--source", "pure-ftpd", "--input", dir.resolve("missing").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("convert-users: --input " + dir.resolve("missing") + ": no such file\n");
    }
}
