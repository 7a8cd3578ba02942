package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md's reference is {@link CliReference#markdown()}: when a command changes, run this test
 * with {@code -Dsluice.docs.update=true} to rewrite it, and commit the page.
 */
class CliReferenceTest {

    static final String BEGIN =
            "<!-- cli-reference:begin (generated from the commands by CliReferenceTest) -->";
    static final String END = "<!-- cli-reference:end -->";

    @Test
    void theDocsShowEveryCommandsHelp() throws IOException {
        Path page = page();
        String text = Files.readString(page);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, begin);
        assertThat(end).as("%s: %s ... %s", page, BEGIN, END).isGreaterThan(begin);
        String documented = text.substring(begin + BEGIN.length(), end);
        String expected = "\n" + CliReference.markdown();
        if (!documented.equals(expected) && Boolean.getBoolean("sluice.docs.update")) {
            Files.writeString(
                    page,
                    text.substring(0, begin + BEGIN.length()) + expected + text.substring(end));
            return;
        }
        assertThat(documented)
                .as("the command reference in %s (rewrite it with -Dsluice.docs.update=true)", page)
                .isEqualTo(expected);
    }

    @Test
    void everyCommandHasAnExample() {
        String reference = CliReference.markdown();
        String[] sections = reference.split("\n### ");
        assertThat(sections).hasSizeGreaterThan(40);
        for (String section : sections) {
            if (section.startsWith("SFTPGo's command names")) {
                continue;
            }
            assertThat(section)
                    .as(section.lines().findFirst().orElse(""))
                    .containsPattern("Examples?:\n(?:  .*\n)*  sluice ");
        }
    }

    @Test
    void noExampleIsWrapped() {
        java.util.List<String> tooLong = new java.util.ArrayList<>();
        collectLongFooterLines(CliReference.tree(), tooLong);
        assertThat(tooLong).isEmpty();
    }

    /** picocli wraps footers at 80 columns, which would break a command across lines. */
    private static void collectLongFooterLines(
            picocli.CommandLine line, java.util.List<String> into) {
        for (String example : line.getCommandSpec().usageMessage().footer()) {
            if (example.length() >= 80) {
                into.add(example);
            }
        }
        Commands.distinct(line.getSubcommands()).forEach(sub -> collectLongFooterLines(sub, into));
    }

    @Test
    void everySeedCommandNameRuns() {
        picocli.CommandLine root = CliReference.tree();
        for (String name :
                new String[] {
                    "add-user",
                    "update-user",
                    "delete-user",
                    "get-users",
                    "get-user-by-id",
                    "get-connections",
                    "close-connection",
                    "get-quota-scans",
                    "start-quota-scan",
                    "get-version",
                    "get-provider-status",
                    "dumpdata",
                    "loaddata",
                    "create-user"
                }) {
            assertThat(root.getSubcommands()).containsKey(name);
            assertThat(root.execute(name, "--help")).as(name).isZero();
        }
    }

    private static Path page() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir.resolve("docs").resolve("cli.md");
    }
}
