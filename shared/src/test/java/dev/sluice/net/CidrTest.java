package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "192.0.2.0/24",
                "0.0.0.0/0",
                "10.1.2.3/32",
                "2001:db8::/32",
                "::/0",
                "::1/128",
                "::ffff:1.2.3.4/128"
            })
    void parsesValidNetworks(String text) {
        assertThat(Cidr.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "192.0.2.0",
                "192.0.2.0/33",
                "192.0.2/24",
                "256.0.0.0/8",
                "01.2.3.4/8",
                "example.com/24",
                "/24",
                "1.2.3.4/",
                "1.2.3.4/-1",
                "2001:db8::/129",
                "1.2.3.4/8/8",
                "gg::/16",
                "10.0.0.0/08",
                "10.0.0.0/008",
                "::/00",
                "10.0.0.0/+8",
                "10.0.0.0/\u0668",
                "1.2.3.4/ 8",
                "fe80::1%eth0/64"
            })
    void refusesInvalidNetworks(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "192.0.2.0/24, 192.0.2.0/24",
        "10.1.2.3/8, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "1.2.3.4/32, 1.2.3.4/32",
        "2001:DB8::/32, 2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001/128, 2001:db8::1/128",
        "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
        "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",
        "::/0, ::/0",
        "::1/128, ::1/128",
        "::ffff:1.2.3.4/128, ::ffff:1.2.3.4/128",
        "::ffff:0102:0304/120, ::ffff:1.2.3.0/120",
        "1:0:0:0:0:0:0:0/16, 1::/16",
        "fe80::1:2/64, fe80::/64"
    })
    void canonicalFormIsTheNetworkInOneSpelling(String text, String canonical) {
        Cidr cidr = Cidr.parse(text).orElseThrow();
        assertThat(cidr.canonical()).isEqualTo(canonical);
        assertThat(Cidr.parse(canonical).orElseThrow()).isEqualTo(cidr);
        assertThat(Cidr.parse(canonical).orElseThrow().canonical())
                .as("stable")
                .isEqualTo(canonical);
    }

    @Test
    void containsMatchesByPrefix() {
        Cidr net = Cidr.parse("192.0.2.0/24").orElseThrow();
        assertThat(net.contains(Cidr.address("192.0.2.200").orElseThrow())).isTrue();
        assertThat(net.contains(Cidr.address("192.0.3.1").orElseThrow())).isFalse();
        assertThat(net.contains(Cidr.address("2001:db8::1").orElseThrow())).isFalse();
        Cidr v6 = Cidr.parse("2001:db8::/32").orElseThrow();
        assertThat(v6.contains(Cidr.address("2001:db8:ffff::1").orElseThrow())).isTrue();
        assertThat(v6.contains(Cidr.address("2001:db9::1").orElseThrow())).isFalse();
        assertThat(Cidr.parse("192.0.2.77/24")).isEqualTo(Cidr.parse("192.0.2.0/24"));
    }
}
