package dev.sluice.mail;

import dev.sluice.validation.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * An e-mail to send: one sender, up to {@value EmailAddress#MAX_RECIPIENTS} recipients, a subject,
 * and the same content as plain text and as HTML (mail programs show whichever they prefer).
 *
 * @param from the sender; with SES, a verified identity (the address or its domain)
 * @param to the recipients, at least one, no duplicates
 * @param subject one line, no control characters
 * @param text the plain-text part
 * @param html the HTML part, a whole document
 */
public record MailMessage(
        EmailAddress from, List<EmailAddress> to, String subject, String text, String html) {

    /** Long enough for any report subject, short enough for one header line to stay readable. */
    public static final int MAX_SUBJECT = 250;

    /**
     * Validates every field and reports every problem at once.
     *
     * @throws dev.sluice.validation.ValidationException naming {@code from}, {@code to}, {@code
     *     subject}, {@code text} or {@code html}
     */
    public MailMessage {
        Problems problems = new Problems();
        if (from == null) {
            problems.add("from", null, "is required (the sender address)");
        }
        to = to == null ? List.of() : List.copyOf(to);
        if (to.isEmpty()) {
            problems.add("to", null, "must name at least one recipient");
        } else if (to.size() > EmailAddress.MAX_RECIPIENTS) {
            problems.add(
                    "to",
                    to.size() + " addresses",
                    "must name at most "
                            + EmailAddress.MAX_RECIPIENTS
                            + " recipients (SES's limit)");
        }
        for (int i = 0; i < to.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (to.get(i).sameMailbox(to.get(j))) {
                    problems.add(
                            "to[" + i + "]", to.get(i), "is listed twice (also to[" + j + "])");
                    break;
                }
            }
        }
        if (subject == null || subject.isBlank()) {
            problems.add("subject", null, "is required");
        } else if (subject.chars().anyMatch(Character::isISOControl)) {
            // A CR or LF here would end the Subject header and start one of the caller's choosing.
            problems.add("subject", subject, "must be one line without control characters");
        } else if (subject.length() > MAX_SUBJECT) {
            problems.add("subject", subject, "must be at most " + MAX_SUBJECT + " characters");
        }
        if (text == null || text.isEmpty()) {
            problems.add("text", null, "is required (the plain-text part)");
        }
        if (html == null || html.isEmpty()) {
            problems.add("html", null, "is required (the HTML part)");
        }
        problems.throwIfAny();
    }

    /** Starts a message; {@link Builder#build()} validates it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a message's parts; nothing is checked before {@link #build()}. */
    public static final class Builder {

        private EmailAddress from;
        private final List<EmailAddress> to = new ArrayList<>();
        private String subject;
        private String text;
        private String html;

        private Builder() {}

        /** Sets the sender. */
        public Builder from(EmailAddress sender) {
            this.from = sender;
            return this;
        }

        /** Adds recipients, after those already added. */
        public Builder to(List<EmailAddress> recipients) {
            this.to.addAll(recipients);
            return this;
        }

        /** Adds one recipient. */
        public Builder to(EmailAddress recipient) {
            this.to.add(recipient);
            return this;
        }

        /** Sets the subject line. */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** Sets the plain-text part. */
        public Builder text(String value) {
            this.text = value;
            return this;
        }

        /** Sets the HTML part. */
        public Builder html(String value) {
            this.html = value;
            return this;
        }

        /**
         * The message.
         *
         * @throws dev.sluice.validation.ValidationException listing every missing or bad part
         */
        public MailMessage build() {
            return new MailMessage(from, to, subject, text, html);
        }
    }
}
