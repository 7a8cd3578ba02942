package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/24", "0.0.0.0/0", "10.1.2.3/32", "2001:db8::/32", "::/0", "::1/128", "::ffff:1.2.3.4/128"})
    void parsesValidNetworks(String text) {
        assertThat(Cidr.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0", "192.0.2.0/33", "192.0.2/24", "256.0.0.0/8", "01.2.3.4/8", "example.com/24",
        "/24", "1.2.3.4/", "1.2.3.4/-1", "2001:db8::/129", "1.2.3.4/8/8", "gg::/16"})
    void refusesInvalidNetworks(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
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
