package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.config.SluiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The parameter table of docs/deploying-on-aws.md names exactly the context parameters the app
 * reads: a new parameter is documented, a removed one leaves the table.
 */
class ContextParametersDocumentedTest {

    private static final Path PAGE = Path.of("..", "docs", "deploying-on-aws.md");
    private static final Pattern NAME = Pattern.compile("`([a-z][A-Za-z0-9]*)`");

    /** Every key {@link SluiceConfig#fromContext} asks the context for. */
    static Set<String> parametersRead() {
        Map<String, Object> context = new HashMap<>();
        context.put("lambdaJar", TestAssets.lambdaJar().toString());
        context.put("sftpDockerDir", TestAssets.sftpDockerDir().toString());
        Set<String> asked = new TreeSet<>();
        SluiceConfig.fromContext(
                key -> {
                    asked.add(key);
                    return context.get(key);
                });
        return asked;
    }

    /** The names in the first column of the table under "## Parameters". */
    static Set<String> parametersDocumented(String page) {
        int section = page.indexOf("\n## Parameters\n");
        assertThat(section).as("a \"## Parameters\" section in %s", PAGE).isPositive();
        int next = page.indexOf("\n## ", section + 1);
        List<String> rows =
                page.substring(section, next < 0 ? page.length() : next)
                        .lines()
                        .filter(line -> line.startsWith("| `"))
                        .toList();
        Set<String> names = new TreeSet<>();
        for (String row : rows) {
            Matcher m = NAME.matcher(row.substring(1, row.indexOf(" |", 1)));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void theTableNamesEveryParameterTheAppReadsAndNoOther() throws IOException {
        Set<String> read = parametersRead();
        assertThat(read).contains("sftpAllowedCidrs", "defenderThreshold", "tokenRateLimit");
        assertThat(parametersDocumented(Files.readString(PAGE)))
                .as("parameters in the table of %s", PAGE)
                .isEqualTo(read);
    }

    @Test
    void aParameterMissingFromTheTableIsNoticed() {
        String page =
                "# Deploying\n\n## Parameters\n\n| parameter | default | meaning |\n| --- | --- | --- |\n"
                        + "| `sftpCpu` / `sftpMemory` | `1024` | size |\n\n## Next\n\n| `notAParameter` | x |\n";
        assertThat(parametersDocumented(page)).containsExactly("sftpCpu", "sftpMemory");
        assertThat(parametersDocumented(page)).isNotEqualTo(parametersRead());
    }
}
