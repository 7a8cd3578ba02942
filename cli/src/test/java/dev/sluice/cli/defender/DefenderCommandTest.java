package dev.sluice.cli.defender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import org.junit.jupiter.api.Test;

/** What {@code sluice defender host} and {@code delete} accept: an IP address or SFTPGo's id. */
class DefenderCommandTest {

    @Test
    void anAddressBecomesTheIdOfItsCanonicalText() {
        assertThat(DefenderCommand.hostId("192.0.2.7")).isEqualTo("3139322e302e322e37");
        assertThat(DefenderCommand.hostId(" 2001:DB8:0::7 "))
                .isEqualTo(DefenderCommand.hostId("2001:db8::7"))
                .isEqualTo("323030313a6462383a3a37");
    }

    @Test
    void anIdIsTakenAsTheApiListsIt() {
        assertThat(DefenderCommand.hostId("3139322e302e322e37")).isEqualTo("3139322e302e322e37");
        assertThat(DefenderCommand.hostId("3139322E302E322E37")).isEqualTo("3139322e302e322e37");
        assertThat(DefenderCommand.path("3139322e302e322e37"))
                .isEqualTo("/api/v2/defender/hosts/3139322e302e322e37");
    }

    @Test
    void anythingElseIsAUsageErrorNamingWhatIsAllowed() {
        for (String bad :
                new String[] {
                    "",
                    "example.com",
                    "192.0.2.0/24",
                    "192.0.2.256",
                    "6578616d706c652e636f6d",
                    "zz",
                    "../../admins",
                    "31".repeat(200)
                }) {
            assertThatThrownBy(() -> DefenderCommand.hostId(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            CliFailure.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                    .hasMessageContaining("is neither an IP address");
        }
    }
}
