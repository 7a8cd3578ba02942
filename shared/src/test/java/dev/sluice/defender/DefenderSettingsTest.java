package dev.sluice.defender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.Component;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.net.Cidr;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SLUICE_DEFENDER_*: SFTPGo's defaults, the safe list, and scores that would ban alone. */
class DefenderSettingsTest {

    @Test
    void theDefaultsAreSftpgos() {
        DefenderSettings d = DefenderSettings.defaults();
        assertThat(d.enabled()).isTrue();
        assertThat(d.banTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.banTimeIncrement()).isEqualTo(50);
        assertThat(d.threshold()).isEqualTo(15);
        assertThat(d.scoreOf(HostEvent.LOGIN_FAILED)).isEqualTo(1);
        assertThat(d.scoreOf(HostEvent.USER_NOT_FOUND)).isEqualTo(2);
        assertThat(d.scoreOf(HostEvent.NO_LOGIN_TRIED)).isZero();
        assertThat(d.scoreOf(HostEvent.LIMIT_EXCEEDED)).isEqualTo(3);
        assertThat(d.observationTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.banExtension()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void readsTheEnvironmentWithASafeListOfAddressesAndNetworks() {
        var env =
                new EnvironmentReader(
                        Map.of(
                                "SLUICE_DEFENDER_THRESHOLD", "8",
                                "SLUICE_DEFENDER_BAN_TIME_MINUTES", "60",
                                "SLUICE_DEFENDER_SAFE_LIST",
                                        " 192.0.2.0/24, 198.51.100.7 ,2001:db8::1"),
                        Component.SFTP_TASK);
        DefenderSettings d = DefenderSettings.fromEnvironment(env);
        env.check();
        assertThat(d.threshold()).isEqualTo(8);
        assertThat(d.banTime()).isEqualTo(Duration.ofHours(1));
        assertThat(d.safeList())
                .extracting(Cidr::canonical)
                .containsExactly("192.0.2.0/24", "198.51.100.7/32", "2001:db8::1/128");
        assertThat(d.isSafe(Cidr.address("192.0.2.200").orElseThrow())).isTrue();
        assertThat(d.isSafe(Cidr.address("198.51.100.8").orElseThrow())).isFalse();
    }

    @Test
    void anIpv4MappedSafeListAddressMeansItsIpv4Host() {
        var env =
                new EnvironmentReader(
                        Map.of("SLUICE_DEFENDER_SAFE_LIST", "::ffff:198.51.100.7"),
                        Component.SFTP_TASK);
        DefenderSettings d = DefenderSettings.fromEnvironment(env);
        env.check();
        assertThat(d.safeList()).extracting(Cidr::canonical).containsExactly("198.51.100.7/32");
        assertThat(d.isSafe(Cidr.address("198.51.100.7").orElseThrow())).isTrue();
        assertThat(d.isSafe(Cidr.address("::1").orElseThrow())).isFalse();
    }

    @Test
    void aBadSafeListEntryIsReportedWithItsVariable() {
        var env =
                new EnvironmentReader(
                        Map.of("SLUICE_DEFENDER_SAFE_LIST", "192.0.2.0/24,example.com"),
                        Component.API_FUNCTIONS);
        DefenderSettings.fromEnvironment(env);
        assertThatThrownBy(env::check)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE_DEFENDER_SAFE_LIST")
                .hasMessageContaining("example.com");
    }

    @Test
    void aScoreThatWouldBanAloneIsRefusedNamingTheVariable() {
        var env =
                new EnvironmentReader(
                        Map.of(
                                "SLUICE_DEFENDER_THRESHOLD", "3",
                                "SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED", "3"),
                        Component.SFTP_TASK);
        assertThatThrownBy(() -> DefenderSettings.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED")
                .hasMessageContaining("lower than SLUICE_DEFENDER_THRESHOLD (3)");
    }

    @Test
    void aSafeListOfEveryAddressIsRefused() {
        for (String all : new String[] {"0.0.0.0/0", "192.0.2.0/24,::/0"}) {
            var env =
                    new EnvironmentReader(
                            Map.of("SLUICE_DEFENDER_SAFE_LIST", all), Component.SFTP_TASK);
            assertThatThrownBy(() -> DefenderSettings.fromEnvironment(env))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SLUICE_DEFENDER_SAFE_LIST")
                    .hasMessageContaining("SLUICE_DEFENDER=false");
        }
    }

    @Test
    void aDisabledDefenderIsNotChecked() {
        var env =
                new EnvironmentReader(
                        Map.of(
                                "SLUICE_DEFENDER", "false",
                                "SLUICE_DEFENDER_THRESHOLD", "1"),
                        Component.SFTP_TASK);
        assertThat(DefenderSettings.fromEnvironment(env).enabled()).isFalse();
    }
}
