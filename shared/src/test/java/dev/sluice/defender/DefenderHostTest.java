package dev.sluice.defender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.net.Cidr;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SFTPGo's host ids: the address text in hex, read back only as a literal address. */
class DefenderHostTest {

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idsAreTheHexOfTheCanonicalAddressText() {
        assertThat(DefenderHost.idOf(Cidr.address("192.0.2.7").orElseThrow()))
                .isEqualTo("3139322e302e322e37");
        assertThat(DefenderHost.idOf(Cidr.address("2001:DB8:0:0::1").orElseThrow()))
                .isEqualTo(hex("2001:db8::1"));
        assertThat(DefenderHost.addressOfId("3139322e302e322e37"))
                .map(Cidr::text)
                .contains("192.0.2.7");
        assertThat(DefenderHost.addressOfId(hex("2001:DB8::1").toUpperCase()))
                .map(Cidr::text)
                .contains("2001:db8::1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "3",
                "zz",
                "3139322e302e322e3",
                // DNS names are never resolved
                "6c6f63616c686f7374",
                // "192.0.2.7; rm -rf /"
                "3139322e302e322e373b20726d202d7266202f",
                // "192.0.2.07" (octal-looking)
                "3139322e302e322e3037",
                // "192.0.2.0/24": a network is not a host
                "3139322e302e322e302f3234",
                // ".:1": would reach the resolver, not a literal
                "2e3a31"
            })
    void idsThatAreNotHexOfALiteralAddressNameNothing(String id) {
        assertThat(DefenderHost.addressOfId(id)).isEmpty();
    }

    @Test
    void anOverlongIdIsRefusedBeforeDecoding() {
        assertThat(DefenderHost.addressOfId("31".repeat(65))).isEmpty();
        assertThat(DefenderHost.addressOfId(null)).isEmpty();
    }
}
