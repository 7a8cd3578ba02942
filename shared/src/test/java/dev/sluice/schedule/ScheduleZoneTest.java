package dev.sluice.schedule;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleZoneTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void defaultsToUtc(String timezone) {
        assertThat(ScheduleExpression.zone(timezone, "timezone")).isEqualTo(ZoneId.of("UTC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"})
    void acceptsIanaNames(String timezone) {
        assertThat(ScheduleExpression.zone(timezone, "timezone")).isEqualTo(ZoneId.of(timezone));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+02:00",
                "UTC+2",
                "GMT+01:00",
                "CET ",
                "Mars/Olympus_Mons",
                "Europe/../Berlin",
                "Europe/Berlin\u0000",
                "Europe/Berl\u0131n"
            })
    void refusesWhatIsNotAnIanaName(String timezone) {
        assertThat(errorsOf(() -> ScheduleExpression.zone(timezone, "timezone")))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e)
                                        .startsWith(
                                                "timezone: must be an IANA time zone name such as"
                                                        + " UTC, Europe/Berlin"));
    }

    @Test
    void suggestsTheNameWhenOnlyTheCaseIsWrong() {
        assertThat(errorsOf(() -> ScheduleExpression.zone("europe/berlin", "timezone")))
                .singleElement()
                .satisfies(e -> assertThat(e).contains("(did you mean Europe/Berlin?)"));
    }

    @Test
    void refusesAHugeName() {
        assertThat(errorsOf(() -> ScheduleExpression.zone("Europe/".repeat(2_000), "tz")))
                .singleElement()
                .satisfies(e -> assertThat(e).contains("tz: must be at most 50 characters"));
    }
}
