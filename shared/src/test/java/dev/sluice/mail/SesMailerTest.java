package dev.sluice.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.FakeSesV2;
import dev.sluice.embedded.SentEmail;
import dev.sluice.reports.MailContent;
import dev.sluice.reports.PathRetention;
import dev.sluice.reports.ReportMails;
import dev.sluice.reports.RetentionSummary;
import dev.sluice.reports.UserRetention;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

class SesMailerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T02:05:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final EmailAddress SENDER =
            EmailAddress.parse("reports@sluice.example", "sender");

    private FakeSesV2 fake;
    private SesV2Client client;

    @BeforeEach
    void start() {
        fake = FakeSesV2.inMemory();
        client = client(fake.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void aRetentionReportReachesSesWithItsFigures() throws Exception {
        Instant started = NOW.minus(Duration.ofMinutes(3));
        RetentionSummary summary =
                new RetentionSummary(
                        Optional.empty(),
                        started,
                        NOW,
                        List.of(
                                new UserRetention(
                                        "alice",
                                        started,
                                        NOW,
                                        List.of(
                                                new PathRetention(
                                                        "/uploads",
                                                        720,
                                                        1500,
                                                        120,
                                                        3_355_443,
                                                        4,
                                                        List.of())),
                                        List.of())));
        MailContent content = ReportMails.retention(summary);
        MailMessage message =
                MailMessage.builder()
                        .from(SENDER)
                        .to(
                                EmailAddress.parseAll(
                                        List.of("ops@example.com", "dev@example.com"), "to"))
                        .subject(content.subject())
                        .text(content.text())
                        .html(content.html())
                        .build();

        Delivery delivery = new SesMailer(client, CLOCK).send(message);

        assertThat(delivery).isInstanceOf(Delivery.Sent.class);
        SentEmail sent = fake.sentEmails().get(0);
        assertThat(fake.sentEmails()).hasSize(1);
        assertThat(((Delivery.Sent) delivery).messageId()).isEqualTo(sent.messageId());
        assertThat(sent.from()).isEqualTo("reports@sluice.example");
        assertThat(sent.to()).containsExactly("ops@example.com", "dev@example.com");
        assertThat(sent.subject())
                .isEqualTo("Sluice retention check of alice: 120 files deleted, 3.2 MiB freed");

        MimeMessage parsed = MimeMessagesTest.parse(sent.raw().getBytes(StandardCharsets.UTF_8));
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(text).contains("/uploads", "1,500", "120", "3,355,443 bytes", "3 min 00 s");
        assertThat(html).contains("<td", "/uploads", "1,500", "120", "3,355,443 bytes");
    }

    @Test
    void anUnverifiedSenderIsNotSentAndSaysWhatToDo() {
        try (FakeSesV2 strict = FakeSesV2.builder().requireVerifiedSender(true).start();
                SesV2Client c = client(strict.endpoint())) {
            Delivery delivery = new SesMailer(c, CLOCK).send(report());
            assertThat(delivery)
                    .isInstanceOfSatisfying(
                            Delivery.NotSent.class,
                            n ->
                                    assertThat(n.reason())
                                            .startsWith(
                                                    "the sender address reports@sluice.example is"
                                                            + " not a verified SES identity: verify"
                                                            + " it (or its domain)")
                                            .contains("set senderAddress")
                                            .contains("SES said: Email address is not verified"));
            assertThat(strict.sentEmails()).isEmpty();

            c.createEmailIdentity(b -> b.emailIdentity("sluice.example"));
            assertThat(new SesMailer(c, CLOCK).send(report())).isInstanceOf(Delivery.Sent.class);
            assertThat(strict.sentEmails()).hasSize(1);
        }
    }

    @Test
    void anUnreachableEndpointIsNotSentNeverAnException() {
        URI gone;
        try (FakeSesV2 closed = FakeSesV2.inMemory()) {
            gone = closed.endpoint();
        }
        try (SesV2Client c = client(gone)) {
            Delivery delivery = new SesMailer(c, CLOCK).send(report());
            assertThat(delivery)
                    .isInstanceOfSatisfying(
                            Delivery.NotSent.class,
                            n ->
                                    assertThat(n.reason())
                                            .startsWith(
                                                    "SES could not be reached: check the network"));
        }
    }

    @Test
    void aFailureToRenderIsNotSentNeverAnException() {
        // Anything failing before SES is called (here the clock) must not escape either.
        Clock broken =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        throw new IllegalStateException("clock unavailable");
                    }
                };
        assertThat(new SesMailer(client, broken).send(report()))
                .isInstanceOfSatisfying(
                        Delivery.NotSent.class,
                        n ->
                                assertThat(n.reason())
                                        .startsWith("the report could not be prepared for sending")
                                        .contains("clock unavailable"));
        assertThat(fake.sentEmails()).isEmpty();
    }

    static List<Object[]> errors() {
        return List.of(
                new Object[] {
                    rejected(
                            MessageRejectedException.builder(),
                            "Email address is not verified. The following identities failed the"
                                    + " check in region US-EAST-1: ops@example.com"),
                    "a recipient is not verified and the SES account is in the sandbox, which"
                            + " only sends to verified addresses"
                },
                new Object[] {
                    rejected(
                            MessageRejectedException.builder(),
                            "Email address is not verified. The following identities failed the"
                                    + " check in region US-EAST-1: reports@sluice.example,"
                                    + " ops@example.com"),
                    "SES found an address that is not verified: if it is the sender, verify it"
                },
                new Object[] {
                    rejected(MessageRejectedException.builder(), "Message length exceeds 40 MB"),
                    "SES rejected the message (content or size) (SES said: Message length"
                },
                new Object[] {
                    rejected(MailFromDomainNotVerifiedException.builder(), "MAIL FROM"),
                    "the custom MAIL FROM domain of reports@sluice.example's identity is not"
                            + " verified"
                },
                new Object[] {
                    rejected(AccountSuspendedException.builder(), "suspended"),
                    "SES has suspended sending for this account"
                },
                new Object[] {
                    rejected(SendingPausedException.builder(), "paused"),
                    "sending is paused for this account"
                },
                new Object[] {
                    rejected(TooManyRequestsException.builder(), "slow down"),
                    "SES throttled the request after the client's retries"
                },
                new Object[] {
                    rejected(
                            SesV2Exception.builder()
                                    .awsErrorDetails(
                                            AwsErrorDetails.builder()
                                                    .errorCode("Throttling")
                                                    .errorMessage("Rate exceeded")
                                                    .build())
                                    .statusCode(400),
                            null),
                    "SES throttled the request after the client's retries"
                },
                new Object[] {
                    rejected(LimitExceededException.builder(), "Daily message quota exceeded"),
                    "an SES sending quota is exhausted"
                },
                new Object[] {
                    rejected(NotFoundException.builder(), "Configuration set does not exist"),
                    "SES did not find a resource the message refers to"
                },
                new Object[] {
                    rejected(BadRequestException.builder(), "Missing final '@domain'"),
                    "SES refused the request as malformed (SES said: Missing final '@domain')"
                },
                new Object[] {
                    rejected(SesV2Exception.builder().statusCode(403), "not authorized"),
                    "SES denied the request: the function's role needs ses:SendEmail on the"
                            + " sender identity reports@sluice.example"
                },
                new Object[] {
                    rejected(SesV2Exception.builder().statusCode(503), "Service Unavailable"),
                    "SES failed with HTTP 503: try again later"
                },
                new Object[] {
                    SdkClientException.create("Unable to execute HTTP request: Connection refused"),
                    "SES could not be reached: check the network path to the SES endpoint (NAT"
                            + " gateway or VPC endpoint), the region and the credentials (Unable"
                },
                new Object[] {
                    SdkException.create("odd", null), "sending through SES failed (odd)"
                });
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("errors")
    void everySesErrorBecomesAnActionableReason(SdkException error, String expected) {
        assertThat(SesMailer.reason(error, report())).startsWith(expected);
    }

    private static AwsServiceException rejected(
            AwsServiceException.Builder builder, String message) {
        if (message != null) {
            builder.awsErrorDetails(AwsErrorDetails.builder().errorMessage(message).build());
        }
        return builder.build();
    }

    private static MailMessage report() {
        return MailMessage.builder()
                .from(SENDER)
                .to(EmailAddress.parse("ops@example.com", "to"))
                .subject("Sluice quota report: no user or folder over 80 %")
                .text("nothing")
                .html("<p>nothing</p>")
                .build();
    }

    private static SesV2Client client(URI endpoint) {
        return SesV2Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
