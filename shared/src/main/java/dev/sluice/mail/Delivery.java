package dev.sluice.mail;

/**
 * What became of a message handed to a {@link Mailer}: sent, or not sent and why. A value, not an
 * exception, so a report that cannot be mailed never fails the job that produced it.
 */
public sealed interface Delivery permits Delivery.Sent, Delivery.NotSent {

    /**
     * The mail service accepted the message.
     *
     * @param messageId the service's id for it (SES's MessageId), for tracing bounces
     */
    record Sent(String messageId) implements Delivery {}

    /**
     * The message was not sent.
     *
     * @param reason what went wrong and what an operator can do about it
     */
    record NotSent(String reason) implements Delivery {}
}
