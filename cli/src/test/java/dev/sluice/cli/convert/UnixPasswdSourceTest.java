package dev.sluice.cli.convert;

import static dev.sluice.cli.convert.ConvertFixtures.converted;
import static dev.sluice.cli.convert.ConvertFixtures.path;
import static dev.sluice.cli.convert.ConvertFixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixPasswdSourceTest {

    @TempDir Path dir;

    private static Conversion convert(ConvertOptions options) throws IOException {
        return new UnixPasswdSource(path("unix/passwd"), path("unix/shadow")).convert(options);
    }

    @Test
    void everyAccountOfTheTestRootIsConvertedOrSkippedWithItsReason() throws IOException {
        Conversion conversion = convert(ConvertOptions.defaults());

        ConvertFixtures.assertAsExpected(conversion, "unix-passwd");
        var alice = converted(conversion, "alice").orElseThrow().user();
        assertThat(alice.uid()).isEqualTo(1001);
        assertThat(alice.gid()).isEqualTo(1001);
        assertThat(alice.homeDir()).isEqualTo("/home/alice");
        assertThat(alice.description()).isEqualTo("Alice Doe");
        assertThat(alice.expirationDate()).isZero();
        // useradd -e 2099-12-31: day 47481 of the epoch.
        assertThat(converted(conversion, "bob").orElseThrow().user().expirationDate())
                .isEqualTo(47481L * 86_400_000L);
        assertThat(skipped(conversion, "backupd").orElseThrow().reason())
                .isEqualTo("system account: uid 999 is below --min-uid 1000");
    }

    @Test
    void uidBoundsSelectionAndForcedIdsApply() throws IOException {
        Conversion low =
                convert(
                        new ConvertOptions(
                                900,
                                OptionalInt.of(1002),
                                Set.of(),
                                OptionalInt.of(5000),
                                OptionalInt.of(6000)));
        assertThat(low.users())
                .extracting(ConvertedUser::username)
                .containsExactly("alice", "bob", "backupd");
        assertThat(low.users())
                .allSatisfy(
                        u -> {
                            assertThat(u.user().uid()).isEqualTo(5000);
                            assertThat(u.user().gid()).isEqualTo(6000);
                        });
        assertThat(skipped(low, "carol").orElseThrow().reason())
                .isEqualTo("uid 1003 is above --max-uid 1002");

        Conversion picked =
                convert(
                        new ConvertOptions(
                                1000,
                                OptionalInt.empty(),
                                Set.of("carol", "zed"),
                                OptionalInt.empty(),
                                OptionalInt.empty()));
        assertThat(picked.users()).extracting(ConvertedUser::username).containsExactly("carol");
        assertThat(picked.skipped())
                .containsExactly(new SkippedAccount("zed", 0, "not in the input"));
    }

    @Test
    void hostileAndBrokenLinesAreSkippedWithTheFieldAtFault() throws IOException {
        String sha512 =
                Files.readAllLines(path("unix/shadow")).stream()
                        .filter(l -> l.startsWith("bob:"))
                        .findFirst()
                        .orElseThrow()
                        .split(":")[1];
        Path passwd = dir.resolve("passwd");
        Path shadow = dir.resolve("shadow");
        Files.writeString(
                passwd,
                String.join(
                        "\n",
                        "# comment",
                        "../../etc:x:2000:2000::/home/x:/bin/sh",
                        "big:x:99999999999:1::/home/big:/bin/sh",
                        "short:x:2001",
                        "noshadow:x:2002:2002::/home/n:/bin/sh",
                        "twice:x:2003:2003::/home/t:/bin/sh",
                        "twice:x:2004:2004::/root:/bin/sh",
                        "dotdot:x:2005:2005::/home/../etc:/bin/sh",
                        "rounds:x:2006:2006::/home/r:/bin/sh",
                        ""));
        Files.writeString(
                shadow,
                String.join(
                        "\n",
                        "../../etc:" + sha512 + ":1:0:99999:7:::",
                        "big:" + sha512 + ":1:0:99999:7:::",
                        "twice:" + sha512 + ":1:0:99999:7:::",
                        "dotdot:" + sha512 + ":1:0:99999:7:::",
                        "rounds:$6$rounds=999999999$abc$def:1:0:99999:7:::",
                        ""));

        Conversion c = new UnixPasswdSource(passwd, shadow).convert(ConvertOptions.defaults());

        assertThat(c.users()).extracting(ConvertedUser::username).containsExactly("twice");
        assertThat(c.users().get(0).user().uid()).isEqualTo(2003);
        assertThat(skipped(c, "../../etc").orElseThrow().reason())
                .contains("username: may only contain letters, digits and . _ ~ -");
        assertThat(skipped(c, "big").orElseThrow().reason())
                .isEqualTo("uid (field 3) 99999999999 is above 2147483647");
        assertThat(skipped(c, "short").orElseThrow().reason())
                .contains("7 fields")
                .contains("this one has 3");
        assertThat(skipped(c, "noshadow").orElseThrow().reason()).contains("shadow");
        assertThat(skipped(c, "twice").orElseThrow().reason()).contains("already on line 6");
        assertThat(skipped(c, "dotdot").orElseThrow().reason()).contains("home_dir");
        assertThat(skipped(c, "rounds").orElseThrow().reason()).startsWith("the password hash ");
        // No hash in any reason: the report may be pasted into a ticket.
        assertThat(c.skipped()).allSatisfy(s -> assertThat(s.reason()).doesNotContain(sha512));
    }

    @Test
    void aMissingOrBinaryFileIsAnErrorNamingTheOption() throws IOException {
        Path binary = Files.write(dir.resolve("bin"), new byte[] {'a', ':', 0, 'b'});
        assertThatThrownBy(
                        () ->
                                new UnixPasswdSource(dir.resolve("nope"), binary)
                                        .convert(ConvertOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessage("--passwd " + dir.resolve("nope") + ": no such file");
        assertThatThrownBy(
                        () ->
                                new UnixPasswdSource(path("unix/passwd"), binary)
                                        .convert(ConvertOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("--shadow")
                .hasMessageContaining("binary");
    }
}
