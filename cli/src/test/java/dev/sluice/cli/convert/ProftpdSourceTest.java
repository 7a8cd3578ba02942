package dev.sluice.cli.convert;

import static dev.sluice.cli.convert.ConvertFixtures.converted;
import static dev.sluice.cli.convert.ConvertFixtures.path;
import static dev.sluice.cli.convert.ConvertFixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProftpdSourceTest {

    @TempDir Path dir;

    @Test
    void everyAccountFtpasswdWroteIsConvertedOrSkippedWithItsReason() throws IOException {
        Conversion c =
                new ProftpdSource(path("proftpd/ftpd.passwd")).convert(ConvertOptions.defaults());

        ConvertFixtures.assertAsExpected(c, "proftpd");
        ConvertedUser quinn = converted(c, "quinn").orElseThrow();
        assertThat(quinn.user().uid()).isEqualTo(3001);
        assertThat(quinn.user().gid()).isEqualTo(3000);
        assertThat(quinn.user().description()).isEqualTo("Quinn Q");
        assertThat(quinn.originalHome()).isEqualTo("/srv/ftp/quinn");
        assertThat(skipped(c, "tina").orElseThrow().reason())
                .startsWith("the password hash is not in a supported format");
    }

    @Test
    void usernamesAndForcedIdsApplyButUidBoundsDoNot() throws IOException {
        Conversion c =
                new ProftpdSource(path("proftpd/ftpd.passwd"))
                        .convert(
                                new ConvertOptions(
                                        5000,
                                        OptionalInt.of(5001),
                                        Set.of("rose", "sam"),
                                        OptionalInt.of(1),
                                        OptionalInt.of(2)));
        assertThat(c.users()).extracting(ConvertedUser::username).containsExactly("rose", "sam");
        assertThat(c.users()).allSatisfy(u -> assertThat(u.user().uid()).isEqualTo(1));
        assertThat(c.users()).allSatisfy(u -> assertThat(u.user().gid()).isEqualTo(2));
        assertThat(c.skipped()).isEmpty();
    }

    @Test
    void brokenAndHostileLinesAreSkipped() throws IOException {
        Path file = dir.resolve("ftpd.passwd");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "x y:$1$B7TWe53N$12BxX6bpaLFA2givmqbVH1:1:1::/h:/bin/false",
                        "six:$1$B7TWe53N$12BxX6bpaLFA2givmqbVH1:1:1::/h",
                        "empty::1:1::/h:/bin/false",
                        "plain:hunter2:1:1::/h:/bin/false",
                        "relative:$1$B7TWe53N$12BxX6bpaLFA2givmqbVH1:1:1::h/..:/bin/false",
                        ""));
        Conversion c = new ProftpdSource(file).convert(ConvertOptions.defaults());
        assertThat(c.users()).isEmpty();
        assertThat(skipped(c, "x y").orElseThrow().reason()).contains("username");
        assertThat(skipped(c, "six").orElseThrow().reason()).contains("this one has 6");
        assertThat(skipped(c, "empty").orElseThrow().reason()).startsWith("has no password");
        // A plain password in the hash field is not taken as a password (SFTPGo would hash it).
        assertThat(skipped(c, "plain").orElseThrow().reason())
                .startsWith("the password hash is not in a supported format")
                .doesNotContain("hunter2");
        assertThat(skipped(c, "relative").orElseThrow().reason()).contains("home_dir");
    }
}
