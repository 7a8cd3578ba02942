package dev.sluice.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminFilters;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import dev.sluice.users.PatternsFilter;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import dev.sluice.users.VirtualFolderMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/rest-api.md lists every SFTPGo field Sluice accepts and ignores; this keeps the list true.
 */
class IgnoredFieldsDocumentedTest {

    @ParameterizedTest
    @ValueSource(
            classes = {
                User.class,
                UserFilters.class,
                PatternsFilter.class,
                VirtualFolderMapping.class,
                FilesystemConfig.class,
                S3Config.class,
                Admin.class,
                AdminFilters.class,
                VirtualFolder.class
            })
    void everyIgnoredFieldIsListedInTheDocs(Class<?> type) throws IOException {
        String doc = Files.readString(restApiDoc());
        String section =
                doc.substring(
                        doc.indexOf("<!-- ignored-fields:start -->"),
                        doc.indexOf("<!-- ignored-fields:end -->"));
        String line =
                section.lines()
                        .filter(l -> l.startsWith("| `" + jsonName(type) + "`"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "docs/rest-api.md has no ignored-fields row for `"
                                                        + jsonName(type)
                                                        + "`"));
        List<String> ignored = List.of(type.getAnnotation(JsonIgnoreProperties.class).value());
        for (String field : ignored) {
            assertThat(line)
                    .as("docs/rest-api.md row for %s", type.getSimpleName())
                    .contains("`" + field + "`");
        }
    }

    private static String jsonName(Class<?> type) {
        return type.getSimpleName();
    }

    static Path restApiDoc() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))
                || dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir.resolve("docs/rest-api.md");
    }
}
