package dev.sluice.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.mail.EmailAddress;
import dev.sluice.mail.MailMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportMailsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void aSingleCheckNamesItsUserInTheSubject() {
        MailContent mail = ReportMails.retention(check(alice()));
        assertThat(mail.subject())
                .isEqualTo("Sluice retention check of alice: 120 files deleted, 3.2 MiB freed");
    }

    @Test
    void aPolicyRunNamesThePolicyAndCountsUsersAndErrors() {
        UserRetention bob =
                user(
                        "bob",
                        List.of(path("/logs", 24, 10, 1, 1, 0, List.of("AccessDenied on a.log"))),
                        List.of());
        RetentionSummary run =
                new RetentionSummary(
                        Optional.of("nightly"), T0, T0.plusSeconds(184), List.of(alice(), bob));
        MailContent mail = ReportMails.retention(run);
        assertThat(mail.subject())
                .isEqualTo(
                        "Sluice retention policy nightly: 2 users, 121 files deleted, 3.2 MiB"
                                + " freed, 1 error");
        assertThat(mail.text())
                .startsWith("Sluice retention policy nightly\n\n")
                .contains(
                        "Started 2026-12-01 02:00:00 UTC, finished 2026-12-01 02:03:04 UTC,"
                                + " took 3 min 04 s.")
                .contains("User bob: 1 file deleted, 1 B freed, 1 error;")
                .contains("  - /logs: AccessDenied on a.log\n");
        assertThat(mail.html()).contains("<li>/logs: AccessDenied on a.log</li>");
    }

    @Test
    void aCheckOfSeveralUsersCountsThem() {
        RetentionSummary run =
                new RetentionSummary(
                        Optional.empty(),
                        T0,
                        T0.plusMillis(850),
                        List.of(alice(), user("bob", List.of(), List.of())));
        assertThat(ReportMails.retention(run).subject())
                .startsWith("Sluice retention check of 2 users: 120 files deleted");
        assertThat(ReportMails.retention(run).text()).contains("took 850 ms.");
    }

    @Test
    void theTextPartHasAlignedColumnsAndTotals() {
        UserRetention alice =
                user(
                        "alice",
                        List.of(
                                path("/uploads", 720, 1500, 119, 3_355_442, 4, List.of()),
                                path("/uploads/keep", 0, 0, 0, 0, 0, List.of()),
                                path("/tmp", 36, 7, 1, 1, 0, List.of())),
                        List.of());
        String text = ReportMails.retention(check(alice)).text();
        List<String> table =
                text.lines()
                        .dropWhile(l -> !l.startsWith("  Path"))
                        .takeWhile(l -> !l.isEmpty())
                        .toList();
        assertThat(table)
                .containsExactly(
                        "  Path           Retention            Examined  Deleted                     "
                                + " Freed  Empty dirs removed  Errors",
                        "  -------------  -------------------  --------  -------  "
                                + "-------------------------  ------------------  ------",
                        "  /uploads       720 h (30 days)         1,500      119  3.2 MiB (3,355,442"
                                + " bytes)                   4       0",
                        "  /uploads/keep  0 h (path excluded)         0        0             "
                                + " 0 B (0 bytes)                   0       0",
                        "  /tmp           36 h                        7        1              "
                                + " 1 B (1 byte)                   0       0",
                        "  -------------  -------------------  --------  -------  "
                                + "-------------------------  ------------------  ------",
                        "  Total                                  1,507      120  3.2 MiB (3,355,443"
                                + " bytes)                   4       0");
        assertThat(text.lines())
                .contains("  Freed               3.2 MiB (3,355,443 bytes)")
                .anyMatch(l -> l.matches("  Files deleted {29}120"));
    }

    @Test
    void theHtmlPartHasATablePerUserWithTotals() {
        String html = ReportMails.retention(check(alice())).html();
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<meta charset=\"utf-8\">")
                .contains("<h2 style=\"font-size:16px\">User alice</h2>")
                .contains(">/uploads</td>")
                .contains(">720 h (30 days)</td>")
                .contains(">3.2 MiB (3,355,443 bytes)</td>")
                .contains("<tfoot>")
                .endsWith("</html>\n");
        assertThat(html.split("<table", -1)).hasSize(3); // totals + alice
    }

    @Test
    void hostileNamesPathsAndErrorsAreEscapedAndStripped() {
        String hostileUser = "mallory\r\nBcc: victim@example.org";
        String hostilePath = "/<script>alert(1)</script>";
        String hostileError = "failed <img src=x onerror=alert(2)> \u202Egnp.exe\u0000";
        UserRetention user =
                user(
                        hostileUser,
                        List.of(path(hostilePath, 1, 1, 1, 1, 0, List.of(hostileError))),
                        List.of("user error & \"quoted\" 'single'"));
        RetentionSummary run =
                new RetentionSummary(
                        Optional.of("night\nly<b>"), T0, T0.plusSeconds(1), List.of(user));
        MailContent mail = ReportMails.retention(run);

        assertThat(mail.subject())
                .isEqualTo(
                        "Sluice retention policy nightly<b>: 1 user, 1 file deleted, 1 B freed,"
                                + " 2 errors")
                .doesNotContain("\r", "\n");
        assertThat(mail.text())
                .doesNotContain("\r", "\u0000", "\u202E", "mallory\n", "Bcc: victim@example.org\n")
                .contains("User malloryBcc: victim@example.org:")
                .contains(hostilePath);
        assertThat(mail.html())
                .doesNotContain("<script>", "<img", "<b>", "\u202E", "\u0000", "\r")
                .contains("/&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("failed &lt;img src=x onerror=alert(2)&gt; gnp.exe")
                .contains("user error &amp; &quot;quoted&quot; &#39;single&#39;")
                .contains("<title>Sluice retention policy nightly&lt;b&gt;:");
        // What the report produces is accepted as a message as it is.
        MailMessage.builder()
                .from(EmailAddress.parse("reports@example.com", "from"))
                .to(EmailAddress.parse("ops@example.com", "to"))
                .subject(mail.subject())
                .text(mail.text())
                .html(mail.html())
                .build();
    }

    @Test
    void aLongUserNameIsCutInTheSubjectOnly() {
        String longName = "u".repeat(255);
        MailContent mail = ReportMails.retention(check(user(longName, List.of(), List.of())));
        assertThat(mail.subject()).startsWith("Sluice retention check of " + "u".repeat(59) + "…:");
        assertThat(mail.subject().length()).isLessThanOrEqualTo(MailMessage.MAX_SUBJECT);
        assertThat(mail.text()).contains("User " + longName);
    }

    @Test
    void manyErrorsAreCountedBeyondTheFirstTwenty() {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            errors.add("error " + i);
        }
        String text =
                ReportMails.retention(
                                check(
                                        user(
                                                "alice",
                                                List.of(path("/a", 1, 25, 0, 0, 0, errors)),
                                                List.of())))
                        .text();
        assertThat(text)
                .contains("  - /a: error 19\n", "  - … and 5 more\n")
                .doesNotContain("error 20");
    }

    @Test
    void aHugeRunShowsTheUsersThatNeedAttentionAndCountsTheRest() {
        List<UserRetention> users = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            users.add(
                    user(
                            String.format("user%03d", i),
                            List.of(path("/", 1, 1, i == 7 ? 0 : 1, 10, 0, List.of())),
                            List.of()));
        }
        users.add(user("broken", List.of(), List.of("could not list the home prefix")));
        RetentionSummary run =
                new RetentionSummary(Optional.of("all"), T0, T0.plusSeconds(60), users);
        MailContent mail = ReportMails.retention(run);
        assertThat(mail.subject())
                .isEqualTo(
                        "Sluice retention policy all: 251 users, 249 files deleted, 2.4 KiB freed,"
                                + " 1 error");
        assertThat(mail.text())
                .contains("User broken:")
                .doesNotContain("User user007:")
                .contains(
                        "51 more users not shown: 50 files deleted, 510 B (510 bytes) freed, 0"
                                + " errors. The totals above include them.");
        assertThat(mail.text().lines().filter(l -> l.startsWith("User "))).hasSize(200);
    }

    @Test
    void quotaReportListsThoseNearAndOverQuotaFullestFirst() {
        QuotaSummary summary =
                new QuotaSummary(
                        T0,
                        List.of(
                                new QuotaStanding("user", "alice", 850, 1000, 1, 0),
                                new QuotaStanding("user", "bob", 10, 1000, 100, 100),
                                new QuotaStanding("user", "carol", 790, 1000, 0, 0),
                                new QuotaStanding("user", "dave", 5000, 0, 5, 0),
                                new QuotaStanding("folder", "shared", 1, 0, 81, 100)));
        assertThat(summary.standings())
                .extracting(QuotaStanding::name)
                .containsExactly("bob", "alice", "shared");
        MailContent mail = ReportMails.quota(summary);
        assertThat(mail.subject())
                .isEqualTo(
                        "Sluice quota report: 2 users and 1 folder over 80 % (1 at 100 % or more)");
        assertThat(mail.text())
                .contains("  user    bob")
                .contains("100.0 %  OVER QUOTA")
                .contains(" 85.0 %  near quota")
                .contains("unlimited")
                .doesNotContain("carol", "dave");
        assertThat(mail.html()).contains(">OVER QUOTA</td>", ">shared</td>");
    }

    @Test
    void quotaReportWithNobodyNearAQuotaSaysSo() {
        MailContent mail =
                ReportMails.quota(
                        new QuotaSummary(
                                T0, List.of(new QuotaStanding("user", "a", 1, 100, 0, 0))));
        assertThat(mail.subject()).isEqualTo("Sluice quota report: no user or folder over 80 %");
        assertThat(mail.text()).contains("Nobody is at 80 % of a quota.");
        assertThat(
                        ReportMails.quota(
                                        new QuotaSummary(
                                                T0,
                                                List.of(
                                                        new QuotaStanding(
                                                                "folder", "f", 0, 0, 9, 10))))
                                .subject())
                .isEqualTo("Sluice quota report: 1 folder over 80 %");
    }

    @Test
    void quotaReportEscapesHostileNames() {
        MailContent mail =
                ReportMails.quota(
                        new QuotaSummary(
                                T0,
                                List.of(
                                        new QuotaStanding(
                                                "folder", "<script>x</script>\r\n", 9, 10, 0, 0))));
        assertThat(mail.html())
                .contains("&lt;script&gt;x&lt;/script&gt;")
                .doesNotContain("<script>");
        assertThat(mail.text()).contains("<script>x</script>").doesNotContain("\r");
    }

    @Test
    void quotaReportCutsAVeryLongList() {
        List<QuotaStanding> standings = new ArrayList<>();
        for (int i = 0; i < 510; i++) {
            standings.add(new QuotaStanding("user", "u" + i, 90, 100, 0, 0));
        }
        MailContent mail = ReportMails.quota(new QuotaSummary(T0, standings));
        assertThat(mail.subject()).isEqualTo("Sluice quota report: 510 users over 80 %");
        assertThat(mail.text()).contains("10 more not shown");
    }

    private static RetentionSummary check(UserRetention user) {
        return new RetentionSummary(
                Optional.empty(), user.started(), user.finished(), List.of(user));
    }

    private static UserRetention alice() {
        return user(
                "alice",
                List.of(path("/uploads", 720, 1500, 120, 3_355_443, 4, List.of())),
                List.of());
    }

    private static UserRetention user(String name, List<PathRetention> paths, List<String> errors) {
        return new UserRetention(name, T0, T0.plus(Duration.ofMillis(1200)), paths, errors);
    }

    private static PathRetention path(
            String path,
            int hours,
            long examined,
            long deleted,
            long bytes,
            long dirs,
            List<String> errors) {
        return new PathRetention(path, hours, examined, deleted, bytes, dirs, errors);
    }
}
