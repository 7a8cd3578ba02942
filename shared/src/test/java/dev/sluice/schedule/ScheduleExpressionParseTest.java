package dev.sluice.schedule;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleExpressionParseTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // given | canonical
                "rate(1 minute) | rate(1 minute)",
                "rate(5 minutes) | rate(5 minutes)",
                "rate(1 hour) | rate(1 hour)",
                "rate(12 hours) | rate(12 hours)",
                "rate(1 day) | rate(1 day)",
                "rate(7 days) | rate(7 days)",
                "rate(007 days) | rate(7 days)",
                "rate(2147483647 minutes) | rate(2147483647 minutes)",
                "cron(0 10 * * ? *) | cron(0 10 * * ? *)",
                "cron(15 12 * * ? *) | cron(15 12 * * ? *)",
                "cron(0 18 ? * MON-FRI *) | cron(0 18 ? * MON-FRI *)",
                "cron(0 8 1 * ? *) | cron(0 8 1 * ? *)",
                "cron(0/15 * * * ? *) | cron(0/15 * * * ? *)",
                "cron(0/10 * ? * MON-FRI *) | cron(0/10 * ? * MON-FRI *)",
                "cron(0/5 8-17 ? * MON-FRI *) | cron(0/5 8-17 ? * MON-FRI *)",
                "cron(0 9 ? * 2#1 *) | cron(0 9 ? * 2#1 *)",
                "cron(0 9 ? * mon#1 *) | cron(0 9 ? * 2#1 *)",
                "cron(0 0 L * ? *) | cron(0 0 L * ? *)",
                "cron(0 0 LW * ? *) | cron(0 0 LW * ? *)",
                "cron(0 0 15W * ? *) | cron(0 0 15W * ? *)",
                "cron(0 0 ? * 6L *) | cron(0 0 ? * 6L *)",
                "cron(0 0 ? * FRIL *) | cron(0 0 ? * 6L *)",
                "cron(0 0 ? * L *) | cron(0 0 ? * L *)",
                "cron(0 0 ? * 3#2 *) | cron(0 0 ? * 3#2 *)",
                "cron(05 03 01 01 ? 2030) | cron(5 3 1 1 ? 2030)",
                "cron(0 0 1 jan,jul ? *) | cron(0 0 1 JAN,JUL ? *)",
                "cron(0 0 1 */3 ? 2025-2030/2) | cron(0 0 1 */3 ? 2025-2030/2)",
                "cron(0,30 0-6,22-23 1-15 1 ? 1970) | cron(0,30 0-6,22-23 1-15 1 ? 1970)",
                "cron(59 23 31 12 ? 2199) | cron(59 23 31 12 ? 2199)",
                "cron(0 0 ? * SUN,SAT *) | cron(0 0 ? * SUN,SAT *)",
                "cron(0 0 ? * 1-7 *) | cron(0 0 ? * 1-7 *)",
                "cron(0 0 31 2 ? *) | cron(0 0 31 2 ? *)",
                "at(2030-01-31T03:00:00) | at(2030-01-31T03:00:00)",
                "at(2028-02-29T23:59:59) | at(2028-02-29T23:59:59)",
            })
    void acceptsWhatAwsAcceptsAndGivesBackCanonicalText(String given, String canonical) {
        ScheduleExpression parsed = ScheduleExpression.parse(given, "schedule");

        assertThat(parsed.expression()).isEqualTo(canonical);
        assertThat(parsed.toString()).isEqualTo(canonical);
        assertThat(ScheduleExpression.parse(canonical, "schedule")).isEqualTo(parsed);
    }

    @Test
    void parsesIntoTheMatchingRecord() {
        assertThat(ScheduleExpression.parse("rate(5 minutes)", "s"))
                .isEqualTo(new Rate(5, Rate.Unit.MINUTES));
        assertThat(ScheduleExpression.parse("at(2030-01-31T03:00:00)", "s"))
                .isEqualTo(new At(LocalDateTime.of(2030, 1, 31, 3, 0)));
        assertThat(ScheduleExpression.parse("cron(0 8 ? * mon-fri *)", "s"))
                .isEqualTo(new Cron("0", "8", "?", "*", "MON-FRI", "*"))
                .isEqualTo(new Cron("00", "08", "?", "*", "mon-fri", "*"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // the problem names the part that is wrong and what is allowed
                bad(null, "schedule: is required, e.g. cron(0 3 * * ? *)"),
                bad("", "schedule: is required"),
                bad("   ", "must be a cron(...), rate(...) or at(...) expression"),
                bad("every day", "must be a cron(...), rate(...) or at(...) expression"),
                bad("CRON(0 0 * * ? *)", "in lower case"),
                bad(" rate(1 day)", "with nothing around it"),
                bad("rate(1 day) ", "must end with \")\""),
                bad("rate(1 day", "must end with \")\""),
                bad("rate((1 day))", "exactly one pair of parentheses"),
                bad("cron(0 0 (1) * ? *)", "exactly one pair of parentheses"),
                bad("rate()", "got nothing inside the parentheses"),
                bad("rate(5)", "rate needs a value and a unit separated by one space"),
                bad("rate(5  minutes)", "separated by one space"),
                bad("rate(0 minutes)", "rate value must be 1 or more"),
                bad("rate(-1 minutes)", "rate value \"-1\" is not a positive whole number"),
                bad("rate(+5 minutes)", "is not a positive whole number"),
                bad("rate(1.5 hours)", "is not a positive whole number"),
                bad("rate(2147483648 minutes)", "is too large: at most 2147483647"),
                bad(
                        "rate(99999999999999999999999999999999 days)",
                        "is too large: at most 2147483647"),
                bad("rate(1 minutes)", "rate unit \"minutes\" must be \"minute\" for a value of 1"),
                bad("rate(5 minute)", "must be \"minutes\" for a value of 5, e.g. rate(5 minutes)"),
                bad("rate(1 days)", "must be \"day\""),
                bad("rate(2 hour)", "must be \"hours\""),
                bad("rate(5 Minutes)", "rate unit \"Minutes\" is not allowed"),
                bad("rate(30 seconds)", "a minute is the shortest interval"),
                bad("rate(2 weeks)", "write weeks as days, e.g. rate(7 days)"),
                bad("rate(\u0665 minutes)", "printable ASCII characters; character 6 is U+0665"),
                bad("cron(\uff10 0 * * ? *)", "U+FF10"),
                bad("cron(0 0 * * ?\t*)", "U+0009"),
                bad("cron(0 0 * * ? *\n)", "U+000A"),
                bad("cron(0 0 * * ?)", "has 5 cron fields; a cron expression has 6 fields"),
                bad("cron(0 0 0 * * ? *)", "has 7 cron fields"),
                bad("cron()", "has 1 cron field; a cron expression has 6 fields"),
                bad("cron(0  0 * * ? *)", "has 7 cron fields"),
                bad("cron( 0 * * ? *)", "cron field 1 is empty"),
                bad("cron( 0 0 * * ? )", "has 7 cron fields"),
                bad("cron(0 0 * * ? *) ", "must end with"),
                bad(
                        "cron(60 0 * * ? *)",
                        "cron minutes field (field 1) \"60\": values must be"
                                + " 0-59, not 60; allowed: 0-59 with , - * /"),
                bad(
                        "cron(-1 0 * * ? *)",
                        "cron minutes field (field 1) \"-1\": a value is" + " missing"),
                bad(
                        "cron(0 24 * * ? *)",
                        "cron hours field (field 2) \"24\": values must be" + " 0-23"),
                bad(
                        "cron(0 0 0 * ? *)",
                        "cron day-of-month field (field 3) \"0\": values must" + " be 1-31"),
                bad("cron(0 0 32 * ? *)", "values must be 1-31, not 32"),
                bad(
                        "cron(0 0 1 13 ? *)",
                        "cron month field (field 4) \"13\": values must be" + " 1-12"),
                bad("cron(0 0 1 JANUARY ? *)", "\"JANUARY\" is not a number or name"),
                bad(
                        "cron(0 0 ? * 0 *)",
                        "cron day-of-week field (field 5) \"0\": values must"
                                + " be 1-7, not 0; allowed: 1-7 or SUN-SAT (1 = SUN)"),
                bad("cron(0 0 ? * 8 *)", "values must be 1-7, not 8"),
                bad("cron(0 0 ? * SUNDAY *)", "\"SUNDAY\" is not a number or name"),
                bad(
                        "cron(0 0 1 * ? 1969)",
                        "cron year field (field 6) \"1969\": values must be" + " 1970-2199"),
                bad("cron(0 0 1 * ? 2200)", "values must be 1970-2199, not 2200"),
                bad(
                        "cron(99999999999999999999999999 0 * * ? *)",
                        "values must be 0-59, not 99999999999999999999999999"),
                bad("cron(0 0 * * * *)", "cannot both be set: one of them must be ?"),
                bad("cron(0 0 1 * MON *)", "cannot both be set"),
                bad("cron(0 0 ? * ? *)", "cannot both be ?"),
                bad(
                        "cron(? 0 * * ? *)",
                        "? (any) is allowed only in day-of-month or" + " day-of-week"),
                bad("cron(0 0 1,? * ? *)", "L, LW, nW and ? stand alone in day-of-month"),
                bad("cron(0 0 1,L * ? *)", "stand alone in day-of-month"),
                bad("cron(0 0 L-3 * ? *)", "stand alone in day-of-month"),
                bad("cron(0 0 1-15W * ? *)", "stand alone in day-of-month"),
                bad("cron(0 0 32W * ? *)", "values must be 1-31, not 32"),
                bad("cron(0 0 0W * ? *)", "values must be 1-31, not 0"),
                bad("cron(0 0 W * ? *)", "stand alone in day-of-month"),
                bad("cron(0 0 ? * 6L,2 *)", "L, nL, d#n and ? stand alone in day-of-week"),
                bad("cron(0 0 ? * 8L *)", "values must be 1-7, not 8"),
                bad("cron(0 0 ? * 3#0 *)", "after # comes which occurrence in the month, 1-5"),
                bad("cron(0 0 ? * 3#6 *)", "1-5"),
                bad("cron(0 0 ? * 3#1,6#3 *)", "1-5 (a single d#n, no lists)"),
                bad("cron(0 0 ? * #2 *)", "a value is missing"),
                bad("cron(0 0 ? * 1/2 *)", "/ (increments) is not allowed in day-of-week"),
                bad("cron(0 0 ? * FRI-MON *)", "the range FRI-MON runs backwards"),
                bad(
                        "cron(0 22-2 * * ? *)",
                        "the range 22-2 runs backwards; write a range that"
                                + " wraps as two, e.g. 22-23,0-2"),
                bad("cron(0 1-2-3 * * ? *)", "\"2-3\" is not a number"),
                bad("cron(0/0 0 * * ? *)", "the increment after / must be 1-59, not 0"),
                bad("cron(0/60 0 * * ? *)", "the increment after / must be 1-59, not 60"),
                bad("cron(0/ 0 * * ? *)", "a value is missing"),
                bad("cron(0/1/2 0 * * ? *)", "\"1/2\" is not a number"),
                bad("cron(/5 0 * * ? *)", "a value is missing"),
                bad("cron(1,,2 0 * * ? *)", "has an empty item"),
                bad("cron(1, 0 * * ? *)", "has an empty item"),
                bad("cron(*,5 0 * * ? *)", "* stands alone"),
                bad(
                        "at(2030-01-31)",
                        "at time \"2030-01-31\" is not in the form" + " yyyy-mm-ddThh:mm:ss"),
                bad("at(2030-01-31 03:00:00)", "is not in the form yyyy-mm-ddThh:mm:ss"),
                bad("at(2030-1-31T03:00:00)", "is not in the form"),
                bad("at(2030-01-31T03:00:00Z)", "is not in the form"),
                bad("at(2030-01-31T03:00:00.5)", "is not in the form"),
                bad("at(+2030-01-31T03:00:00)", "is not in the form"),
                bad("at(2030-02-30T03:00:00)", "is not a real date and time"),
                bad("at(2029-02-29T03:00:00)", "is not a real date and time"),
                bad("at(2030-13-01T03:00:00)", "is not a real date and time"),
                bad("at(2030-01-31T24:00:00)", "is not a real date and time"),
                bad("at(2030-01-31T03:60:00)", "is not a real date and time"),
                bad("at(2030-01-31T03:00:60)", "is not a real date and time"));
    }

    private static Arguments bad(String expression, String expected) {
        return Arguments.of(expression, expected);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesWithAMessageNamingTheFieldAndThePart(String expression, String expected) {
        assertThat(errorsOf(() -> ScheduleExpression.parse(expression, "schedule")))
                .isNotEmpty()
                .allSatisfy(error -> assertThat(error).startsWith("schedule: "))
                .anySatisfy(error -> assertThat(error).contains(expected));
    }

    @Test
    void reportsEveryBadCronFieldAtOnce() {
        assertThat(errorsOf(() -> ScheduleExpression.parse("cron(60 24 * 13 ? 1900)", "s")))
                .hasSize(4)
                .anySatisfy(e -> assertThat(e).contains("minutes field"))
                .anySatisfy(e -> assertThat(e).contains("hours field"))
                .anySatisfy(e -> assertThat(e).contains("month field"))
                .anySatisfy(e -> assertThat(e).contains("year field"));
    }

    @Test
    void refusesHugeInputBeforeLookingAtIt() {
        String huge = "cron(" + "1,".repeat(5_000) + "1 0 * * ? *)";

        assertThat(errorsOf(() -> ScheduleExpression.parse(huge, "schedule")))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e)
                                        .contains("must be at most 256 characters")
                                        .hasSizeLessThan(400));
        assertThat(errorsOf(() -> ScheduleExpression.parse("x".repeat(10_000), "schedule")))
                .singleElement()
                .satisfies(e -> assertThat(e).contains("at most 256"));
    }

    @Test
    void acceptsAnExpressionOfExactlyTheLimit() {
        String list = "0,".repeat(119) + "00"; // 240 characters of minutes
        String expression = "cron(" + list + " 0 * * ? *)";
        assertThat(expression).hasSize(ScheduleExpression.MAX_LENGTH);

        assertThat(ScheduleExpression.parse(expression, "s")).isInstanceOf(Cron.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0," + list + " 0 * * ? *)", "s"))
                .hasMessageContaining("at most 256");
    }

    @Test
    void recordsRefuseInvalidComponents() {
        assertThatThrownBy(() -> new Rate(0, Rate.Unit.DAYS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rate(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new At(LocalDateTime.of(2030, 1, 1, 0, 0, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new At(LocalDateTime.of(10_000, 1, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cron("60", "0", "*", "*", "?", "*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values must be 0-59");
        assertThatThrownBy(() -> new Cron("0", "0", "*", "*", "*", "*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one of them must be ?");
        assertThatThrownBy(() -> new Cron("0,".repeat(130) + "0", "0", "*", "*", "?", "*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 256 characters");
        assertThatThrownBy(() -> new Cron("0 1", "0", "*", "*", "?", "*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cron("0", "0", "*", "*", "?", null))
                .isInstanceOf(IllegalArgumentException.class);
        // Only ASCII letters count: U+017F (long s) upper-cases to S in Java.
        assertThatThrownBy(() -> new Cron("0", "0", "?", "*", "\u017Fun", "*"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
