package dev.sluice.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's Markdown (README.md and the other top-level files, docs/)
 * leads to a file that exists and, for a link into a Markdown file with a {@code #fragment}, to a
 * heading of that file. The docs moved out of the README into docs/ and link to each other; a
 * renamed heading or a moved page must fail the build rather than leave a reader at a dead end.
 */
class DocLinksTest {

    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern INLINE_LINK =
            Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_LINK =
            Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s+(\\S+)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkInTheDocsLeadsSomewhere() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = pages(root);
        assertThat(pages)
                .as("Markdown pages found")
                .contains(root.resolve("README.md"), root.resolve("docs/ARCHITECTURE.md"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(root, page));
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void aLinkToAMissingFileIsReported(@TempDir Path root) throws IOException {
        Files.writeString(
                root.resolve("README.md"), "See [the guide](docs/guide.md) and [ok](README.md).\n");
        assertThat(brokenLinks(root, root.resolve("README.md")))
                .containsExactly("README.md: docs/guide.md (no such file)");
    }

    @Test
    void aLinkToAMissingHeadingIsReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(
                root.resolve("docs/a.md"),
                "# A\n\n## Sessions and `max_sessions`\n\n## Throughput (`bench/x`)\n");
        Files.writeString(
                root.resolve("README.md"),
                """
            [1](docs/a.md#sessions-and-max_sessions) [2](docs/a.md#throughput-benchx)
            [3](docs/a.md#sessions) [4](#nowhere)

            ## Here
            [5](#here)
            """);
        assertThat(brokenLinks(root, root.resolve("README.md")))
                .containsExactly(
                        "README.md: docs/a.md#sessions (no such heading)",
                        "README.md: #nowhere (no such heading)");
    }

    @Test
    void linksInCodeAndToOtherSitesAreNotChecked(@TempDir Path root) throws IOException {
        Files.writeString(
                root.resolve("README.md"),
                """
            ```sh
            echo "[x](missing.md)"
            ```
            `[y](missing.md)` [site](https://example.com/missing.md) [mail](mailto:a@example.com)
            """);
        assertThat(brokenLinks(root, root.resolve("README.md"))).isEmpty();
    }

    @Test
    void aLinkThatLeavesTheRepositoryIsReported(@TempDir Path root) throws IOException {
        Path repo = Files.createDirectories(root.resolve("repo"));
        Files.writeString(root.resolve("outside.md"), "# Outside\n");
        Files.writeString(repo.resolve("README.md"), "[out](../outside.md)\n");
        assertThat(brokenLinks(repo, repo.resolve("README.md")))
                .containsExactly("README.md: ../outside.md (outside the repository)");
    }

    @Test
    void headingsGetGitHubsAnchors() {
        assertThat(anchor("Sessions and `max_sessions`")).isEqualTo("sessions-and-max_sessions");
        assertThat(anchor("Throughput (`bench/sftp-throughput`)"))
                .isEqualTo("throughput-benchsftp-throughput");
        assertThat(anchor("Bootstrap (once per account and region)"))
                .isEqualTo("bootstrap-once-per-account-and-region");
        assertThat(anchor("Permissions, patterns, quotas, bandwidth"))
                .isEqualTo("permissions-patterns-quotas-bandwidth");
        assertThat(anchor("Where [the rules](x.md) live")).isEqualTo("where-the-rules-live");
    }

    /** The repository's top-level Markdown files and everything under docs/. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    .forEach(pages::add);
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> all = Files.walk(docs)) {
                all.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                        .forEach(pages::add);
            }
        }
        return pages.stream().sorted().toList();
    }

    /** Each broken link of {@code page} as "page: target (why)". */
    static List<String> brokenLinks(Path root, Path page) throws IOException {
        String text = withoutCode(Files.readString(page));
        List<String> targets = new ArrayList<>();
        for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        String name = root.relativize(page).toString();
        List<String> broken = new ArrayList<>();
        for (String target : targets) {
            if (SCHEME.matcher(target).find()) {
                continue; // another site: not ours to keep
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String fragment = hash < 0 ? "" : target.substring(hash + 1);
            Path resolved =
                    file.isEmpty()
                            ? page
                            : (file.startsWith("/")
                                            ? root.resolve(file.substring(1))
                                            : page.getParent().resolve(file))
                                    .normalize();
            if (!resolved.startsWith(root)) {
                broken.add(name + ": " + target + " (outside the repository)");
            } else if (!Files.exists(resolved)) {
                broken.add(name + ": " + target + " (no such file)");
            } else if (!fragment.isEmpty()
                    && resolved.toString().endsWith(".md")
                    && !anchors(resolved).contains(fragment)) {
                broken.add(name + ": " + target + " (no such heading)");
            }
        }
        return broken;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> anchors(Path page) throws IOException {
        String text = FENCE.matcher(Files.readString(page)).replaceAll("");
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            String base = anchor(m.group(1));
            int n = seen.merge(base, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? base : base + "-" + n);
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: the heading's text as rendered (links keep their text, code loses
     * its backticks), lower-cased, without punctuation other than "-" and "_", spaces as "-".
     */
    static String anchor(String heading) {
        String rendered = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return rendered.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    private static String withoutCode(String markdown) {
        return CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no repository root (README.md and mvnw) above "
                            + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
