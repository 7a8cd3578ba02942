package dev.sluice.defender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.Setting;
import dev.sluice.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/defender.md's settings table and scores say what the code does. */
class DefenderDocsTest {

    private static String page() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/defender.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/defender.md above the working folder").isNotNull();
        return Files.readString(dir.resolve("docs/defender.md"));
    }

    @Test
    void everyDefenderSettingIsListedWithItsDefault() throws IOException {
        String page = page();
        List<Setting<?>> defender =
                Settings.ALL.stream()
                        .filter(s -> s.variable().startsWith("SLUICE_DEFENDER"))
                        .toList();
        assertThat(defender).hasSize(13);
        for (Setting<?> setting : defender) {
            String value = setting.defaultText();
            String cell = setting.defaultValue().isPresent() ? "`" + value + "`" : value;
            assertThat(page)
                    .as("the row of %s", setting.variable())
                    .contains("| `" + setting.variable() + "` | " + cell + " |");
        }
    }

    @Test
    void theScoresTableHasTheDefaults() throws IOException {
        String page = page();
        DefenderSettings d = DefenderSettings.defaults();
        assertThat(page)
                .contains(
                        "| "
                                + d.scoreOf(HostEvent.LOGIN_FAILED)
                                + " | `SLUICE_DEFENDER_SCORE_VALID` |")
                .contains(
                        "| "
                                + d.scoreOf(HostEvent.USER_NOT_FOUND)
                                + " | `SLUICE_DEFENDER_SCORE_INVALID` |")
                .contains(
                        "| "
                                + d.scoreOf(HostEvent.LIMIT_EXCEEDED)
                                + " | `SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED` |")
                .contains(
                        "| "
                                + d.scoreOf(HostEvent.PROTOCOL_ERROR)
                                + " | `SLUICE_DEFENDER_SCORE_PROTOCOL_ERROR` |")
                .contains(
                        "| "
                                + d.scoreOf(HostEvent.NO_LOGIN_TRIED)
                                + " | `SLUICE_DEFENDER_SCORE_NO_AUTH` |")
                .contains("`SLUICE_DEFENDER_THRESHOLD` (" + d.threshold() + ")")
                .contains("`SLUICE_DEFENDER_BAN_TIME_MINUTES` (" + d.banTime().toMinutes() + ")");
    }
}
