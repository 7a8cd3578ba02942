package dev.sluice.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportModelTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void totalsAddUpPathsAndUsers() {
        UserRetention alice =
                new UserRetention(
                        "alice",
                        T0,
                        T0.plusSeconds(5),
                        List.of(
                                new PathRetention("/a", 24, 10, 3, 300, 1, List.of("e1")),
                                new PathRetention("/b", 48, 20, 4, 400, 2, List.of())),
                        List.of("e2", "e3"));
        assertThat(alice.filesExamined()).isEqualTo(30);
        assertThat(alice.filesDeleted()).isEqualTo(7);
        assertThat(alice.bytesFreed()).isEqualTo(700);
        assertThat(alice.dirsDeleted()).isEqualTo(3);
        assertThat(alice.errorCount()).isEqualTo(3);
        assertThat(alice.duration()).isEqualTo(Duration.ofSeconds(5));

        RetentionSummary run =
                new RetentionSummary(null, T0, T0.plusSeconds(9), List.of(alice, alice));
        assertThat(run.policy()).isEmpty();
        assertThat(run.filesExamined()).isEqualTo(60);
        assertThat(run.filesDeleted()).isEqualTo(14);
        assertThat(run.bytesFreed()).isEqualTo(1400);
        assertThat(run.dirsDeleted()).isEqualTo(6);
        assertThat(run.errorCount()).isEqualTo(6);
        assertThat(run.duration()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void refusesFiguresThatCannotBe() {
        assertThatThrownBy(() -> new PathRetention("/a", 1, -1, 0, 0, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filesExamined must be 0 or more, got -1");
        assertThatThrownBy(
                        () -> new UserRetention("a", T0, T0.minusSeconds(1), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is before started");
        assertThatThrownBy(() -> new RetentionSummary(Optional.empty(), T0, null, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new QuotaStanding("group", "g", 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind must be user or folder, got group");
        assertThatThrownBy(() -> new QuotaStanding("user", "u", 0, -5, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentUsedFollowsTheCloserLimitAndZeroMeansUnlimited() {
        assertThat(new QuotaStanding("user", "u", 0, 0, 0, 0).percentUsed()).isZero();
        assertThat(new QuotaStanding("user", "u", 50, 100, 9, 10).percentUsed()).isEqualTo(90);
        assertThat(new QuotaStanding("user", "u", 95, 100, 1, 10).percentUsed()).isEqualTo(95);
        assertThat(new QuotaStanding("user", "u", 1_000_000, 0, 3, 4).percentUsed()).isEqualTo(75);
        assertThat(new QuotaStanding("user", "u", 100, 100, 0, 0).overQuota()).isTrue();
        assertThat(new QuotaStanding("user", "u", 99, 100, 0, 0).overQuota()).isFalse();
        assertThat(
                        new QuotaStanding("user", "u", Long.MAX_VALUE, Long.MAX_VALUE / 2, 0, 0)
                                .percentUsed())
                .isCloseTo(200, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void quotaSummaryKeepsEightyPercentAndMore() {
        QuotaSummary s =
                new QuotaSummary(
                        T0,
                        List.of(
                                new QuotaStanding("user", "at80", 80, 100, 0, 0),
                                new QuotaStanding("user", "at79", 79, 100, 0, 0),
                                new QuotaStanding("folder", "over", 0, 0, 11, 10)));
        assertThat(s.standings()).extracting(QuotaStanding::name).containsExactly("over", "at80");
        assertThat(s.count("user")).isEqualTo(1);
        assertThat(s.overQuota("folder")).isEqualTo(1);
        assertThat(s.overQuota("user")).isZero();
    }

    @Test
    void figuresReadAsPeopleWriteThem() {
        assertThat(Figures.bytes(0)).isEqualTo("0 B");
        assertThat(Figures.bytes(1023)).isEqualTo("1023 B");
        assertThat(Figures.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Figures.bytes(3_355_443)).isEqualTo("3.2 MiB");
        assertThat(Figures.bytes(5L << 40)).isEqualTo("5.0 TiB");
        assertThat(Figures.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
        assertThat(Figures.bytesExact(1)).isEqualTo("1 B (1 byte)");
        assertThat(Figures.duration(Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(Figures.duration(Duration.ofMillis(4_250))).isEqualTo("4.3 s");
        assertThat(Figures.duration(Duration.ofSeconds(184))).isEqualTo("3 min 04 s");
        assertThat(Figures.duration(Duration.ofMinutes(125))).isEqualTo("2 h 05 min");
        assertThat(Figures.retention(24)).isEqualTo("24 h (1 day)");
        assertThat(Figures.percent(99.99)).isEqualTo("99.9 %");
    }

    @Test
    void userTextRemovesWhatCouldHideOrSplitLines() {
        assertThat(UserText.plain(null)).isEmpty();
        assertThat(UserText.plain("a\r\nb\u0000c\u2028d\u202Ee\u2066f\u007Fg"))
                .isEqualTo("abcdefg");
        assertThat(UserText.plain("ééé😀x", 4)).isEqualTo("ééé…");
        assertThat(UserText.plain("😀😀", 2)).isEqualTo("😀😀");
        assertThat(UserText.escape("<a href='x'>&\"</a>\n"))
                .isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    }

    @Test
    void aTableRowMustFitItsHeaders() {
        assertThatThrownBy(
                        () ->
                                new Table(
                                        List.of("a", "b"),
                                        java.util.Set.of(),
                                        List.of(List.of("only one")),
                                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
