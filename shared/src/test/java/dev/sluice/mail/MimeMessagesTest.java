package dev.sluice.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MimeMessagesTest {

    private static final Instant DATE = Instant.parse("2026-12-01T02:03:04Z");

    @Test
    void rendersTextThenHtmlAsAlternatives() throws Exception {
        MailMessage message =
                MailMessage.builder()
                        .from(EmailAddress.named("Sluice Berichte", "reports@example.com", "from"))
                        .to(EmailAddress.parse("ops@example.com", "to"))
                        .to(EmailAddress.parse("dev@example.com", "to"))
                        .subject("Größenbericht: 3 Dateien gelöscht ✓")
                        .text("Zeile eins\nÜbergröße: 3.2 MiB\n")
                        .html("<p>Übergröße: <b>3.2 MiB</b></p>")
                        .build();
        byte[] raw = MimeMessages.render(message, DATE, "example.com");
        String wire = new String(raw, StandardCharsets.US_ASCII);

        // Nothing but 7-bit ASCII on the wire: the library encoded what needed encoding.
        for (byte b : raw) {
            assertThat(b).isNotNegative();
        }
        assertThat(wire).contains("Subject: =?UTF-8?").contains("\r\n");

        MimeMessage parsed = parse(raw);
        assertThat(parsed.getSubject()).isEqualTo("Größenbericht: 3 Dateien gelöscht ✓");
        assertThat(parsed.getFrom())
                .singleElement()
                .satisfies(
                        a -> {
                            InternetAddress from = (InternetAddress) a;
                            assertThat(from.getAddress()).isEqualTo("reports@example.com");
                            assertThat(from.getPersonal()).isEqualTo("Sluice Berichte");
                        });
        assertThat(parsed.getAllRecipients())
                .extracting(Address::toString)
                .containsExactly("ops@example.com", "dev@example.com");
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(DATE);
        assertThat(parsed.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(parsed.getMessageID()).startsWith("<").endsWith("@example.com>");
        assertThat(parsed.getContentType()).startsWith("multipart/alternative");

        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType())
                .startsWith("text/plain")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContentType())
                .startsWith("text/html")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(parts.getBodyPart(0).getContent())
                .asString()
                .isEqualToNormalizingNewlines("Zeile eins\nÜbergröße: 3.2 MiB\n");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Übergröße: <b>3.2 MiB</b></p>");
    }

    @Test
    void eachMessageGetsItsOwnId() throws Exception {
        MailMessage message = simple("Report");
        String first = parse(MimeMessages.render(message, DATE, "mail.example.com")).getMessageID();
        String second =
                parse(MimeMessages.render(message, DATE, "mail.example.com")).getMessageID();
        assertThat(first).isNotEqualTo(second).endsWith("@mail.example.com>");
    }

    @Test
    void anAsciiSubjectStaysReadable() throws Exception {
        String wire =
                new String(
                        MimeMessages.render(simple("Sluice quota report"), DATE, "example.com"),
                        StandardCharsets.US_ASCII);
        assertThat(wire).contains("Subject: Sluice quota report\r\n");
    }

    @Test
    void refusesAMessageIdDomainThatIsNotOne() {
        assertThatThrownBy(
                        () -> MimeMessages.render(simple("s"), DATE, "example.com>\r\nBcc: x@y.z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("messageIdDomain must have a domain");
    }

    private static MailMessage simple(String subject) {
        return MailMessage.builder()
                .from(EmailAddress.parse("reports@example.com", "from"))
                .to(EmailAddress.parse("ops@example.com", "to"))
                .subject(subject)
                .text("t")
                .html("<p>h</p>")
                .build();
    }

    static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }
}
