package dev.sluice.reports;

/**
 * A rendered report, ready to become a mail message.
 *
 * @param subject one line, control characters removed
 * @param text the plain-text part
 * @param html the HTML part, a whole document with every user-controlled string escaped
 */
public record MailContent(String subject, String text, String html) {}
