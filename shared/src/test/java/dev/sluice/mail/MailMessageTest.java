package dev.sluice.mail;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailMessageTest {

    private static final EmailAddress FROM = EmailAddress.parse("reports@example.com", "from");
    private static final EmailAddress OPS = EmailAddress.parse("ops@example.com", "to");

    @Test
    void buildsAMessage() {
        MailMessage m =
                MailMessage.builder()
                        .from(FROM)
                        .to(OPS)
                        .to(List.of(EmailAddress.parse("dev@example.com", "to")))
                        .subject("Report")
                        .text("text")
                        .html("<p>html</p>")
                        .build();
        assertThat(m.to())
                .extracting(EmailAddress::address)
                .containsExactly("ops@example.com", "dev@example.com");
        assertThat(m.subject()).isEqualTo("Report");
    }

    @Test
    void reportsEveryMissingPart() {
        assertThat(errorsOf(() -> MailMessage.builder().build()))
                .containsExactly(
                        "from: is required (the sender address)",
                        "to: must name at least one recipient",
                        "subject: is required",
                        "text: is required (the plain-text part)",
                        "html: is required (the HTML part)");
    }

    @Test
    void refusesASubjectThatWouldAddAHeader() {
        assertThat(errorsOf(() -> valid().subject("Report\r\nBcc: victim@example.org").build()))
                .singleElement()
                .asString()
                .startsWith("subject: must be one line without control characters");
        assertThat(errorsOf(() -> valid().subject("x".repeat(251)).build()))
                .singleElement()
                .asString()
                .startsWith("subject: must be at most 250 characters");
    }

    @Test
    void refusesDuplicateAndTooManyRecipients() {
        EmailAddress shouting = new EmailAddress("OPS@example.com", Optional.empty());
        assertThat(errorsOf(() -> valid().to(shouting).build()))
                .containsExactly("to[1]: is listed twice (also to[0]) (got \"OPS@example.com\")");
        List<EmailAddress> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(EmailAddress.parse("u" + i + "@example.com", "to"));
        }
        assertThat(errorsOf(() -> valid().to(many).build()))
                .containsExactly(
                        "to: must name at most 50 recipients (SES's limit) (got \"51 addresses\")");
    }

    private static MailMessage.Builder valid() {
        return MailMessage.builder().from(FROM).to(OPS).subject("s").text("t").html("h");
    }
}
