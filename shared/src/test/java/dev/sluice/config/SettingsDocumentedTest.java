package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs' configuration table is {@link Settings#ALL}, row for row: every variable, its default,
 * what is allowed, who reads it and what it means. The table sits between two markers in the README
 * or a page under docs/; when a setting changes, run this test with {@code
 * -Dsluice.docs.update=true} to rewrite the table, and commit it.
 */
class SettingsDocumentedTest {

    static final String BEGIN =
            "<!-- settings:begin (generated from dev.sluice.config.Settings by SettingsDocumentedTest) -->";
    static final String END = "<!-- settings:end -->";

    @Test
    void theDocsListEverySettingWithItsDefault() throws IOException {
        Path page = page();
        String text = Files.readString(page);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, begin);
        assertThat(end).as("%s: %s ... %s", page, BEGIN, END).isGreaterThan(begin);
        String documented = text.substring(begin + BEGIN.length(), end);
        String expected = "\n" + table() + "\n";
        if (!documented.equals(expected) && Boolean.getBoolean("sluice.docs.update")) {
            Files.writeString(
                    page,
                    text.substring(0, begin + BEGIN.length()) + expected + text.substring(end));
            return;
        }
        assertThat(documented)
                .as(
                        "the configuration table in %s (rewrite it with -Dsluice.docs.update=true)",
                        page)
                .isEqualTo(expected);
    }

    @Test
    void theTableHasARowPerSetting() {
        List<String> rows = table().lines().skip(2).toList();
        assertThat(rows).hasSameSizeAs(Settings.ALL);
        for (int i = 0; i < rows.size(); i++) {
            Setting<?> setting = Settings.ALL.get(i);
            assertThat(rows.get(i))
                    .startsWith("| `" + setting.variable() + "` | ")
                    .contains(setting.description());
        }
        assertThat(rows.get(Settings.ALL.indexOf(Settings.SFTP_PORT))).contains("| `2022` |");
        assertThat(rows.get(Settings.ALL.indexOf(Settings.BUCKET))).contains("| required |");
    }

    /** The Markdown table of every setting. */
    static String table() {
        List<String> lines = new ArrayList<>();
        lines.add("| variable | default | allowed | read by | meaning |");
        lines.add("| --- | --- | --- | --- | --- |");
        for (Setting<?> s : Settings.ALL) {
            String value =
                    s.defaultValue().isPresent() ? "`" + s.defaultText() + "`" : s.defaultText();
            String readers =
                    s.readBy().stream()
                            .sorted()
                            .map(Component::label)
                            .collect(Collectors.joining(", "));
            lines.add(
                    "| `"
                            + s.variable()
                            + "` | "
                            + value
                            + " | "
                            + s.allowed()
                            + " | "
                            + readers
                            + " | "
                            + s.description()
                            + " |");
        }
        return String.join("\n", lines);
    }

    /** The one Markdown page (README.md or under docs/) that holds the table. */
    private static Path page() throws IOException {
        Path root = root();
        List<Path> candidates = new ArrayList<>();
        candidates.add(root.resolve("README.md"));
        if (Files.isDirectory(root.resolve("docs"))) {
            try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
                docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(candidates::add);
            }
        }
        List<Path> holding = candidates.stream().filter(p -> read(p).contains(BEGIN)).toList();
        assertThat(holding).as("exactly one page holds the configuration table").hasSize(1);
        return holding.get(0);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root").isNotNull();
        return dir;
    }
}
