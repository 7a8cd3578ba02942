package dev.sluice.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFileTest {

    @TempDir Path dir;

    private Path write(String text, String mode) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void readsNamedProfiles() throws Exception {
        Path file =
                write(
                        "# comment\n[default]\nurl = http://a:1\n\n[prod]\napi_key = k = v\n",
                        "rw-------");
        var profiles = ProfileFile.read(file);
        assertThat(profiles).containsOnlyKeys("default", "prod");
        assertThat(profiles.get("default").value("url")).contains("http://a:1");
        assertThat(profiles.get("prod").value("api_key")).contains("k = v");
    }

    @Test
    void aFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-----w-"}) {
            Path file = write("[default]\npassword = x\n", mode);
            assertThatThrownBy(() -> ProfileFile.read(file))
                    .isInstanceOf(CliFailure.class)
                    .hasMessageContaining("chmod 600 " + file)
                    .extracting(e -> ((CliFailure) e).exitCode())
                    .isEqualTo(2);
        }
    }

    @Test
    void unknownKeysAndStrayLinesAreRefusedWithTheirLine() throws Exception {
        assertThatThrownBy(() -> ProfileFile.read(write("[a]\npasswd = x\n", "rw-------")))
                .hasMessageContaining("line 2")
                .hasMessageContaining("passwd")
                .hasMessageContaining("password_file");
        assertThatThrownBy(() -> ProfileFile.read(write("url = x\n", "rw-------")))
                .hasMessageContaining("before the first [profile]");
        assertThatThrownBy(() -> ProfileFile.read(write("[a]\nnonsense\n", "rw-------")))
                .hasMessageContaining("key = value");
    }

    @Test
    void aMissingFileHasNoProfiles() {
        assertThat(ProfileFile.read(dir.resolve("none"))).isEmpty();
    }
}
