package dev.sluice.sftp.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/compatibility.md's "Clients tested" table names exactly the clients {@link ClientMatrixTest}
 * drives, and says for each what the matrix runs: listing operations, resume and sync, as {@link
 * Client} declares them.
 */
class ClientsTestedTableTest {

    static final String START = "<!-- clients-tested:start -->";
    static final String END = "<!-- clients-tested:end -->";

    /** Table rows by client name: the cells after the first. */
    static Map<String, List<String>> rows() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with mvnw) above the working folder").isNotNull();
        String doc = Files.readString(dir.resolve("docs/compatibility.md"));
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertThat(start).as("docs/compatibility.md has " + START).isNotNegative();
        assertThat(end)
                .as("docs/compatibility.md has " + END + " after the start")
                .isGreaterThan(start);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<String> lines =
                doc.substring(start + START.length(), end)
                        .lines()
                        .filter(l -> l.startsWith("|"))
                        .toList();
        // Skips the header and the |---| line.
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells =
                    Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                            .map(String::strip)
                            .toList();
            rows.put(cells.get(0), cells.subList(1, cells.size()));
        }
        return rows;
    }

    @Test
    void listsEveryClientOfTheMatrixAndNoOther() throws IOException {
        assertThat(rows().keySet())
                .containsExactlyInAnyOrder(
                        Arrays.stream(Client.values()).map(Client::title).toArray(String[]::new));
    }

    @Test
    void saysWhatTheMatrixRunsForEachClient() throws IOException {
        Map<String, List<String>> rows = rows();
        for (Client client : Client.values()) {
            List<String> cells = rows.get(client.title());
            assertThat(cells).as(client.title()).hasSize(5);
            // version | operations covered | resume | sync or mirror | notes
            assertThat(cells.get(0)).as(client + ": version").isNotBlank();
            assertThat(cells.get(1).contains("mkdir"))
                    .as(client + ": operations covered name mkdir iff the matrix runs them")
                    .isEqualTo(client.has(Feature.FILES));
            assertThat(cells.get(2).startsWith("yes"))
                    .as(client + ": resume column")
                    .isEqualTo(client.has(Feature.RESUME));
            assertThat(cells.get(3).startsWith("yes"))
                    .as(client + ": sync column")
                    .isEqualTo(client.has(Feature.SYNC));
        }
    }
}
