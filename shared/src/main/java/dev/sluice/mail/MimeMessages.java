package dev.sluice.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * Renders a {@link MailMessage} as an RFC 5322 message (MIME, {@code multipart/alternative}: the
 * text part first, then the HTML part, both UTF-8), ready for SES's raw content or an {@code .eml}
 * file. Jakarta Mail (Angus) does the encoding: quoted-printable or base64 per part, RFC 2047
 * encoded words for a non-ASCII subject or display name, header folding. Nothing is sent from here;
 * there is no SMTP.
 */
public final class MimeMessages {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    // No properties: the session is only a factory for MIME objects, it never opens a transport.
    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeMessages() {}

    /**
     * The message's bytes.
     *
     * @param message what to render
     * @param date the Date header
     * @param messageIdDomain the right-hand side of the Message-ID, e.g. the sender's domain
     * @return the whole message, headers and body, with CRLF line ends
     * @throws IllegalArgumentException if {@code messageIdDomain} is not a domain name
     */
    public static byte[] render(MailMessage message, Instant date, String messageIdDomain) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(date, "date");
        EmailAddress.domainProblem(Objects.requireNonNull(messageIdDomain, "messageIdDomain"))
                .ifPresent(
                        problem -> {
                            throw new IllegalArgumentException(
                                    "messageIdDomain " + problem + ": " + messageIdDomain);
                        });
        String messageId = "<" + UUID.randomUUID() + "@" + messageIdDomain + ">";
        try {
            MimeMessage mime = new FixedIdMessage(messageId);
            mime.setFrom(internet(message.from()));
            InternetAddress[] to = new InternetAddress[message.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = internet(message.to().get(i));
            }
            mime.setRecipients(Message.RecipientType.TO, to);
            mime.setSubject(message.subject(), UTF_8);
            mime.setSentDate(Date.from(date));
            // RFC 3834: tells vacation responders and ticket systems not to answer a report.
            mime.setHeader("Auto-Submitted", "auto-generated");
            // Exchange ignores Auto-Submitted; this is its equivalent.
            mime.setHeader("X-Auto-Response-Suppress", "All");

            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), UTF_8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), UTF_8, "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text); // least preferred first (RFC 2046)
            alternative.addBodyPart(html);
            mime.setContent(alternative);
            mime.saveChanges();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            // Everything is in memory and validated: this is a bug, not bad input.
            throw new IllegalStateException("cannot render the message: " + e.getMessage(), e);
        }
    }

    private static InternetAddress internet(EmailAddress address) throws IOException {
        if (address.displayName().isPresent()) {
            return new InternetAddress(address.address(), address.displayName().get(), UTF_8);
        }
        InternetAddress bare = new InternetAddress();
        bare.setAddress(address.address());
        return bare;
    }

    /**
     * Keeps the Message-ID given: the library's own would be built from the host name, which costs
     * a DNS lookup and says nothing useful from a Lambda function.
     */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(String messageId) {
            super(SESSION);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
