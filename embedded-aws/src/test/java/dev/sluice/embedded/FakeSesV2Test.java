package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

class FakeSesV2Test {

    @TempDir static Path outbox;
    private static FakeSesV2 fake;
    private static SesV2Client client;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        fake = FakeSesV2.withOutbox(outbox);
        System.out.printf(
                "FakeSesV2 started in %d ms on %s%n",
                (System.nanoTime() - t0) / 1_000_000, fake.endpoint());
        client = Clients.ses(fake.endpoint());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void simpleTextAndHtmlMessageIsRecordedAndWrittenAsEml() throws IOException {
        String id =
                client.sendEmail(
                                b ->
                                        b.fromEmailAddress(
                                                        "Sluice Reports <reports@sluice.example>")
                                                .destination(
                                                        d ->
                                                                d.toAddresses(
                                                                                "ops@example.com",
                                                                                "Ann <ann@example.com>")
                                                                        .ccAddresses(
                                                                                "cc@example.com")
                                                                        .bccAddresses(
                                                                                "hidden@example.com"))
                                                .replyToAddresses("noreply@sluice.example")
                                                .content(
                                                        c ->
                                                                c.simple(
                                                                        m ->
                                                                                m.subject(
                                                                                                s ->
                                                                                                        s.data(
                                                                                                                        "Quota report: 3 users over 90 % — ünïcödé")
                                                                                                                .charset(
                                                                                                                        "UTF-8"))
                                                                                        .body(
                                                                                                body ->
                                                                                                        body.text(
                                                                                                                        t ->
                                                                                                                                t
                                                                                                                                        .data(
                                                                                                                                                "Line one\nLine two with = sign and a very long line that goes"
                                                                                                                                                        + " on and on past the seventy-six character limit of quoted printable"))
                                                                                                                .html(
                                                                                                                        h ->
                                                                                                                                h
                                                                                                                                        .data(
                                                                                                                                                "<p>Line <b>one</b></p>"))))))
                        .messageId();
        assertThat(id).isNotBlank();

        SentEmail mail = only(fake.sentEmails(m -> m.messageId().equals(id)));
        assertThat(mail.from()).isEqualTo("Sluice Reports <reports@sluice.example>");
        assertThat(mail.to()).containsExactly("ops@example.com", "Ann <ann@example.com>");
        assertThat(mail.cc()).containsExactly("cc@example.com");
        assertThat(mail.bcc()).containsExactly("hidden@example.com");
        assertThat(mail.replyTo()).containsExactly("noreply@sluice.example");
        assertThat(mail.subject()).isEqualTo("Quota report: 3 users over 90 % — ünïcödé");
        assertThat(mail.text()).startsWith("Line one\nLine two");
        assertThat(mail.html()).isEqualTo("<p>Line <b>one</b></p>");
        assertThat(mail.isAddressedTo("ann@example.com")).isTrue();
        assertThat(mail.isAddressedTo("HIDDEN@example.com")).isTrue();
        assertThat(fake.sentEmailsTo("ann@example.com")).contains(mail);

        // the .eml file is a proper RFC 5322 message that reads back to the same content
        Path eml = mail.emlFile();
        assertThat(eml).exists().hasParent(outbox);
        assertThat(eml.getFileName().toString()).endsWith("-" + id + ".eml");
        String written = Files.readString(eml, StandardCharsets.UTF_8);
        assertThat(written)
                .isEqualTo(mail.raw())
                .contains("\r\nMIME-Version: 1.0\r\n")
                .contains("Message-ID: <" + id + "@email.amazonses.com>")
                .contains("Content-Type: multipart/alternative;")
                .doesNotContain("hidden@example.com");
        // RFC 5322: lines SHOULD stay within 78 characters (SES's own Message-ID header does not)
        assertThat(written.lines().filter(l -> !l.startsWith("Message-ID:")))
                .allMatch(l -> l.length() <= 78, "lines of at most 78 characters");
        Mime.Parsed back = Mime.parse(Files.readAllBytes(eml));
        assertThat(back.subject()).isEqualTo(mail.subject());
        assertThat(back.text()).isEqualTo(mail.text());
        assertThat(back.html()).isEqualTo(mail.html());
        assertThat(back.to()).containsExactly("ops@example.com", "Ann <ann@example.com>");
    }

    @Test
    void simpleMessageWithAttachment() {
        String id =
                client.sendEmail(
                                b ->
                                        b.fromEmailAddress("reports@sluice.example")
                                                .destination(d -> d.toAddresses("csv@example.com"))
                                                .content(
                                                        c ->
                                                                c.simple(
                                                                        m ->
                                                                                m.subject(
                                                                                                s ->
                                                                                                        s
                                                                                                                .data(
                                                                                                                        "usage"))
                                                                                        .body(
                                                                                                body ->
                                                                                                        body
                                                                                                                .text(
                                                                                                                        t ->
                                                                                                                                t
                                                                                                                                        .data(
                                                                                                                                                "see attached")))
                                                                                        .attachments(
                                                                                                Attachment
                                                                                                        .builder()
                                                                                                        .fileName(
                                                                                                                "usage.csv")
                                                                                                        .contentType(
                                                                                                                "text/csv")
                                                                                                        .rawContent(
                                                                                                                SdkBytes
                                                                                                                        .fromUtf8String(
                                                                                                                                "user,bytes\nalice,10\n"))
                                                                                                        .build()))))
                        .messageId();
        SentEmail mail = only(fake.sentEmails(m -> m.messageId().equals(id)));
        assertThat(mail.text()).isEqualTo("see attached");
        assertThat(mail.raw())
                .contains("Content-Type: multipart/mixed;")
                .contains("filename=\"usage.csv\"")
                .contains("dXNlcixieXRlcwphbGljZSwxMAo=");
        assertThat(Mime.parse(mail.raw().getBytes(StandardCharsets.UTF_8)).text())
                .isEqualTo("see attached");
    }

    @Test
    void rawMessageIsParsedForTheRecord() throws IOException {
        String raw =
                String.join(
                        "\r\n",
                        "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@sluice.example>",
                        "To: a@example.com,",
                        " \"Doe, John\" <john@example.com>",
                        "Subject: =?UTF-8?B?UmV0ZW50aW9u?= =?UTF-8?Q?_check_=E2=9C=93?=",
                        "MIME-Version: 1.0",
                        "Content-Type: multipart/mixed; boundary=\"outer\"",
                        "",
                        "preamble",
                        "--outer",
                        "Content-Type: multipart/alternative; boundary=inner",
                        "",
                        "--inner",
                        "Content-Type: text/plain; charset=ISO-8859-1",
                        "Content-Transfer-Encoding: quoted-printable",
                        "",
                        "Gr=FC=DFe, a soft=",
                        " break",
                        "--inner",
                        "Content-Type: text/html; charset=UTF-8",
                        "Content-Transfer-Encoding: base64",
                        "",
                        "PHA+SMOpbGxvPC9wPg==",
                        "--inner--",
                        "--outer",
                        "Content-Type: text/plain; name=\"log.txt\"",
                        "Content-Disposition: attachment; filename=\"log.txt\"",
                        "",
                        "not the body",
                        "--outer--",
                        "");
        String id =
                client.sendEmail(
                                b ->
                                        b.content(
                                                c ->
                                                        c.raw(
                                                                r ->
                                                                        r.data(
                                                                                SdkBytes
                                                                                        .fromUtf8String(
                                                                                                raw)))))
                        .messageId();
        SentEmail mail = only(fake.sentEmails(m -> m.messageId().equals(id)));
        assertThat(mail.from()).isEqualTo("Jörg <joerg@sluice.example>");
        assertThat(mail.to()).containsExactly("a@example.com", "\"Doe, John\" <john@example.com>");
        assertThat(mail.subject()).isEqualTo("Retention check ✓");
        assertThat(mail.text()).isEqualTo("Grüße, a soft break");
        assertThat(mail.html()).isEqualTo("<p>Héllo</p>");
        assertThat(mail.raw()).isEqualTo(raw);
        assertThat(Files.readString(mail.emlFile())).isEqualTo(raw);
    }

    @Test
    void rawMessageWithExplicitDestinationUsesIt() {
        String raw =
                "From: a@sluice.example\r\nTo: shown@example.com\r\nSubject: hi\r\n\r\nbody\r\n";
        String id =
                client.sendEmail(
                                b ->
                                        b.destination(d -> d.bccAddresses("secret@example.com"))
                                                .content(
                                                        c ->
                                                                c.raw(
                                                                        r ->
                                                                                r.data(
                                                                                        SdkBytes
                                                                                                .fromUtf8String(
                                                                                                        raw)))))
                        .messageId();
        SentEmail mail = only(fake.sentEmails(m -> m.messageId().equals(id)));
        assertThat(mail.bcc()).containsExactly("secret@example.com");
        assertThat(mail.text()).isEqualTo("body\n");
    }

    @Test
    void badRequestsGetRealErrors() {
        assertThatThrownBy(
                        () ->
                                client.sendEmail(
                                        b ->
                                                b.fromEmailAddress("a@sluice.example")
                                                        .destination(
                                                                d ->
                                                                        d.toAddresses(
                                                                                "x@example.com"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Content is required");
        assertThatThrownBy(
                        () ->
                                client.sendEmail(
                                        b ->
                                                b.fromEmailAddress("a@sluice.example")
                                                        .content(
                                                                c ->
                                                                        c.simple(
                                                                                m ->
                                                                                        m.subject(
                                                                                                        s ->
                                                                                                                s
                                                                                                                        .data(
                                                                                                                                "s"))
                                                                                                .body(
                                                                                                        x ->
                                                                                                                x
                                                                                                                        .text(
                                                                                                                                t ->
                                                                                                                                        t
                                                                                                                                                .data(
                                                                                                                                                        "t")))))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Destination");
        assertThatThrownBy(
                        () ->
                                client.sendEmail(
                                        b ->
                                                b.destination(d -> d.toAddresses("x@example.com"))
                                                        .content(
                                                                c ->
                                                                        c.simple(
                                                                                m ->
                                                                                        m.subject(
                                                                                                        s ->
                                                                                                                s
                                                                                                                        .data(
                                                                                                                                "s"))
                                                                                                .body(
                                                                                                        x ->
                                                                                                                x
                                                                                                                        .text(
                                                                                                                                t ->
                                                                                                                                        t
                                                                                                                                                .data(
                                                                                                                                                        "t")))))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("FromEmailAddress");
        assertThatThrownBy(
                        () ->
                                client.sendEmail(
                                        b ->
                                                b.fromEmailAddress("a@sluice.example")
                                                        .destination(
                                                                d -> d.toAddresses("x@example.com"))
                                                        .content(
                                                                c ->
                                                                        c.simple(
                                                                                m ->
                                                                                        m.subject(
                                                                                                        s ->
                                                                                                                s
                                                                                                                        .data(
                                                                                                                                "no body"))
                                                                                                .body(
                                                                                                        x -> {})))))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void unknownOperationsGetAnErrorNotASilentSuccess() throws Exception {
        assertThatThrownBy(() -> client.listEmailTemplates(b -> {}))
                .isInstanceOfSatisfying(
                        SesV2Exception.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(404);
                            assertThat(e.awsErrorDetails().errorCode())
                                    .isEqualTo("UnknownOperationException");
                        });
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                fake.endpoint().resolve("/v2/email/nothing-here"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("x-amzn-ErrorType"))
                .contains("UnknownOperationException");
        assertThat(r.body()).startsWith("{\"message\":");
    }

    @Test
    void identitiesAndAccount() {
        client.createEmailIdentity(b -> b.emailIdentity("Sender@Sluice.Example"));
        assertThatThrownBy(
                        () ->
                                client.createEmailIdentity(
                                        b -> b.emailIdentity("sender@sluice.example")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(
                        client.getEmailIdentity(b -> b.emailIdentity("sender@sluice.example"))
                                .verifiedForSendingStatus())
                .isTrue();
        assertThat(client.listEmailIdentities(b -> {}).emailIdentities())
                .anyMatch(i -> i.identityName().equals("sender@sluice.example"));
        client.deleteEmailIdentity(b -> b.emailIdentity("sender@sluice.example"));
        assertThatThrownBy(
                        () ->
                                client.getEmailIdentity(
                                        b -> b.emailIdentity("sender@sluice.example")))
                .isInstanceOf(NotFoundException.class);
        assertThat(client.getAccount(b -> {}).sendingEnabled()).isTrue();
    }

    @Test
    void verifiedSendersCanBeRequired() {
        try (var strict = FakeSesV2.builder().requireVerifiedSender(true).start();
                var c = Clients.ses(strict.endpoint())) {
            assertThatThrownBy(() -> send(c, "nobody@unverified.example"))
                    .isInstanceOf(MessageRejectedException.class)
                    .hasMessageContaining("not verified");
            c.createEmailIdentity(b -> b.emailIdentity("verified.example"));
            send(c, "anyone@verified.example");
            assertThat(strict.sentEmails()).hasSize(1);
            assertThat(strict.outbox()).isEmpty();
            assertThat(strict.sentEmails().get(0).emlFile()).isNull();
        }
    }

    private static void send(SesV2Client c, String from) {
        c.sendEmail(
                b ->
                        b.fromEmailAddress(from)
                                .destination(d -> d.toAddresses("x@example.com"))
                                .content(
                                        x ->
                                                x.simple(
                                                        m ->
                                                                m.subject(s -> s.data("s"))
                                                                        .body(
                                                                                y ->
                                                                                        y.text(
                                                                                                t ->
                                                                                                        t
                                                                                                                .data(
                                                                                                                        "t"))))));
    }

    private static SentEmail only(List<SentEmail> mails) {
        assertThat(mails).hasSize(1);
        return mails.get(0);
    }
}
