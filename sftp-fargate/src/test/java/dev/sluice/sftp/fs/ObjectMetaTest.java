package dev.sluice.sftp.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectMetaTest {

    static final String MD5_HEX = "d41d8cd98f00b204e9800998ecf8427e";
    static final String MD5_B64 = "1B2M2Y8AsgTpgAmY7PhCfg==";
    static final String SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void writesRclonesFormatsExactly() {
        var meta =
                new ObjectMeta(
                        Optional.of(Instant.ofEpochSecond(1354040105, 123456780)),
                        Optional.of(MD5_HEX),
                        Optional.of(SHA1),
                        Optional.of(SHA256));
        assertThat(meta.write())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "mtime", "1354040105.12345678",
                                "md5chksum", MD5_B64,
                                "sha1", SHA1,
                                "sha256", SHA256));
        assertThat(ObjectMeta.formatMtime(Instant.ofEpochSecond(981173106))).isEqualTo("981173106");
        assertThat(ObjectMeta.parse(meta.write())).isEqualTo(meta);
    }

    @Test
    void parsesLenientlyWhatRcloneAndOthersWrite() {
        assertThat(ObjectMeta.parseMtime(" 1354040105.1234567891234 "))
                .contains(Instant.ofEpochSecond(1354040105, 123456789));
        assertThat(ObjectMeta.parseMtime("1354040105."))
                .contains(Instant.ofEpochSecond(1354040105));
        assertThat(ObjectMeta.parseMtime("0")).contains(Instant.EPOCH);
        var upper = ObjectMeta.parse(Map.of("MTime", "12", "SHA256", SHA256.toUpperCase()));
        assertThat(upper.mtime()).contains(Instant.ofEpochSecond(12));
        assertThat(upper.sha256()).contains(SHA256);
    }

    @Test
    void ignoresGarbageAndHostileValues() {
        for (String bad :
                new String[] {
                    "",
                    "-1",
                    "1e9",
                    "NaN",
                    "abc",
                    "1.2.3",
                    "99999999999999999999",
                    "253402300800",
                    "1,5",
                    "0x10",
                    "１２３"
                }) {
            assertThat(ObjectMeta.parseMtime(bad)).as(bad).isEmpty();
        }
        Map<String, String> hostile = new HashMap<>();
        hostile.put("md5chksum", "not base64!");
        hostile.put("sha256", "zz" + SHA256.substring(2));
        hostile.put("sha1", SHA1 + "00");
        hostile.put("mtime", "9".repeat(5000));
        hostile.put("other", "kept elsewhere");
        assertThat(ObjectMeta.parse(hostile)).isEqualTo(ObjectMeta.NONE);
        assertThat(ObjectMeta.parse(Map.of("md5chksum", "AAAA"))).isEqualTo(ObjectMeta.NONE);
        assertThat(ObjectMeta.parse(null)).isEqualTo(ObjectMeta.NONE);
    }

    @Test
    void mergingKeepsOtherMetadata() {
        var merged =
                ObjectMeta.NONE
                        .withMtime(Instant.ofEpochSecond(5))
                        .mergedInto(Map.of("sluice-lease", "L1", "mtime", "1", "sha256", SHA256));
        assertThat(merged)
                .containsEntry("sluice-lease", "L1")
                .containsEntry("mtime", "5")
                .containsEntry("sha256", SHA256);
    }
}
