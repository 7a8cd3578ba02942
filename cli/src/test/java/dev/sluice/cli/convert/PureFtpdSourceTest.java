package dev.sluice.cli.convert;

import static dev.sluice.cli.convert.ConvertFixtures.converted;
import static dev.sluice.cli.convert.ConvertFixtures.path;
import static dev.sluice.cli.convert.ConvertFixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.passwords.PasswordHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PureFtpdSourceTest {

    @TempDir Path dir;

    private static final String MD5 = "$1$B7TWe53N$12BxX6bpaLFA2givmqbVH1";

    @Test
    void everyAccountPurePwWroteIsConvertedOrSkippedWithItsReason() throws IOException {
        Conversion c =
                new PureFtpdSource(path("pure-ftpd/pureftpd.passwd"))
                        .convert(ConvertOptions.defaults());

        ConvertFixtures.assertAsExpected(c, "pure-ftpd");
        ConvertedUser lee = converted(c, "lee").orElseThrow();
        // pure-pw -T 200 -t 100 (KB/s) -n 50 -N 10 (MB) -y 3 -r ... -R ...
        assertThat(lee.user().uploadBandwidth()).isEqualTo(200);
        assertThat(lee.user().downloadBandwidth()).isEqualTo(100);
        assertThat(lee.user().quotaFiles()).isEqualTo(50);
        assertThat(lee.user().quotaSize()).isEqualTo(10L << 20);
        assertThat(lee.user().maxSessions()).isEqualTo(3);
        assertThat(lee.user().uid()).isEqualTo(2002);
        assertThat(lee.user().gid()).isEqualTo(2000);
        assertThat(lee.user().description()).isEqualTo("Lee Everything");
        assertThat(lee.user().filters().allowedIp()).containsExactly("127.0.0.0/8", "192.0.2.0/24");
        assertThat(lee.user().filters().deniedIp()).containsExactly("198.51.100.7/32");
        // The chroot marker "/./" is pure-ftpd's, not part of the path.
        assertThat(lee.originalHome()).isEqualTo("/srv/ftp/lee");
        assertThat(lee.notes())
                .anySatisfy(n -> assertThat(n).startsWith("upload/download ratio 1:10"))
                .anySatisfy(
                        n -> assertThat(n).contains("server address rules").contains("127.0.0.1"))
                .anySatisfy(n -> assertThat(n).startsWith("time window 0-2359"));
        ConvertedUser mia = converted(c, "mia").orElseThrow();
        assertThat(mia.originalHome()).isEqualTo("/srv/ftp/mia");
        assertThat(mia.notes()).isEmpty();
        assertThat(mia.user().uploadBandwidth()).isZero();
        assertThat(mia.user().filters().allowedIp()).isEmpty();
        assertThat(converted(c, "ned").orElseThrow().user().quotaSize()).isEqualTo(1L << 20);
    }

    @Test
    void purePwsOwnArgon2idComesOverAndVerifies() throws IOException {
        String kim =
                Files.readAllLines(path("pure-ftpd/pureftpd.passwd")).stream()
                        .filter(l -> l.startsWith("kim:"))
                        .findFirst()
                        .orElseThrow()
                        .split(":")[1];
        // pure-pw 1.0.50 (Debian 12) calibrates argon2id to about a second of libsodium.
        assertThat(kim).startsWith("$argon2id$v=19$m=8192,t=");
        Conversion c =
                new PureFtpdSource(path("pure-ftpd/pureftpd.passwd"))
                        .convert(ConvertOptions.defaults());
        assertThat(converted(c, "kim").orElseThrow().user().password()).isEqualTo(kim);
        assertThat(new PasswordHasher().verify("argon2-kim", kim)).isTrue();
    }

    @Test
    void anAddressListThatCannotBeKeptWholeSkipsTheUserRatherThanOpenIt() throws IOException {
        Path file = dir.resolve("pureftpd.passwd");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "deny:" + MD5 + ":1:1::/h/./:::::::::::10.0.0.1,evil.example.com:",
                        "allow:" + MD5 + ":1:1::/h/./::::::::::not-an-ip::",
                        "net:" + MD5 + ":1:1::/./::::::::::10.1.0.0/16,10.2.3.4::",
                        "tiny:" + MD5 + ":1:1::/h/./:1:1",
                        "badquota:" + MD5 + ":1:1::/h/./:::::::-5",
                        "root:" + MD5 + ":x:1::/h/./",
                        "nohash::1:1::/h/./",
                        "long:" + MD5 + ":1:1::/h/./" + ":".repeat(20),
                        ""));

        Conversion c = new PureFtpdSource(file).convert(ConvertOptions.defaults());

        assertThat(skipped(c, "deny").orElseThrow().reason())
                .contains("filters.denied_ip[1]")
                .contains("evil.example.com");
        assertThat(skipped(c, "allow").orElseThrow().reason()).contains("filters.allowed_ip[0]");
        ConvertedUser net = converted(c, "net").orElseThrow();
        assertThat(net.user().filters().allowedIp()).containsExactly("10.1.0.0/16", "10.2.3.4/32");
        assertThat(net.originalHome()).isEqualTo("/");
        // 1 byte/s stays a limit (1 KB/s), never 0, which would mean unlimited.
        assertThat(converted(c, "tiny").orElseThrow().user().uploadBandwidth()).isEqualTo(1);
        assertThat(skipped(c, "badquota").orElseThrow().reason())
                .isEqualTo("quota size (field 13) \"-5\" is not a number 0 to 9223372036854775807");
        assertThat(skipped(c, "root").orElseThrow().reason()).startsWith("uid (field 3) \"x\"");
        assertThat(skipped(c, "nohash").orElseThrow().reason()).startsWith("has no password");
        assertThat(skipped(c, "long").orElseThrow().reason()).contains("6 to 18 fields");
        assertThat(c.users()).extracting(ConvertedUser::username).isEqualTo(List.of("net", "tiny"));
    }
}
