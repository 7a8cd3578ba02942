package dev.sluice.embedded;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message accepted by an SES endpoint: what a test or a person wants to check.
 *
 * @param messageId the id SES returned to the sender
 * @param timestamp when it was accepted
 * @param from the sender as given ({@code FromEmailAddress}, or the raw message's From header)
 * @param to the To recipients
 * @param cc the Cc recipients
 * @param bcc the Bcc recipients (known for Simple content or an explicit Destination only)
 * @param replyTo the Reply-To addresses
 * @param subject the decoded subject, or null
 * @param text the decoded text/plain body, or null
 * @param html the decoded text/html body, or null
 * @param raw the whole RFC 5322 message (built from Simple content, or as sent for Raw), or null
 *     where the backend does not keep it
 * @param emlFile where the message was written as an {@code .eml} file, or null
 */
public record SentEmail(
        String messageId,
        Instant timestamp,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        String subject,
        String text,
        String html,
        String raw,
        Path emlFile) {

    public SentEmail {
        Objects.requireNonNull(messageId, "messageId");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
    }

    /**
     * The record of a raw RFC 5322 message: sender, recipients and subject from its headers, the
     * first text/plain and text/html parts (attachments skipped) decoded, line breaks as {@code
     * \n}.
     */
    public static SentEmail fromRawMessage(String messageId, Instant timestamp, byte[] message) {
        Mime.Parsed p = Mime.parse(message);
        return new SentEmail(
                messageId,
                timestamp,
                p.from(),
                p.to(),
                p.cc(),
                p.bcc(),
                p.replyTo(),
                p.subject(),
                p.text(),
                p.html(),
                new String(message, java.nio.charset.StandardCharsets.UTF_8),
                null);
    }

    /** Every recipient: To, Cc and Bcc. */
    public List<String> recipients() {
        return java.util.stream.Stream.of(to, cc, bcc).flatMap(List::stream).toList();
    }

    /**
     * Whether {@code address} is among the recipients, compared on the bare address ({@code "Alice
     * <a@example.com>"} matches {@code a@example.com}), case-insensitively.
     */
    public boolean isAddressedTo(String address) {
        String wanted = bareAddress(address);
        return recipients().stream().anyMatch(r -> bareAddress(r).equalsIgnoreCase(wanted));
    }

    public Optional<Path> emlFileIfWritten() {
        return Optional.ofNullable(emlFile);
    }

    /** {@code "Name <a@b>"} → {@code a@b}; a bare address is returned trimmed. */
    public static String bareAddress(String address) {
        if (address == null) {
            return "";
        }
        int lt = address.lastIndexOf('<');
        int gt = address.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            return address.substring(lt + 1, gt).trim();
        }
        return address.trim();
    }
}
