package dev.sluice.mail;

/** Sends e-mail; never throws for a message it cannot send. */
public interface Mailer {

    /**
     * Sends one message.
     *
     * @param message a validated message
     * @return {@link Delivery.Sent} with the service's message id, or {@link Delivery.NotSent} with
     *     a reason an operator can act on
     */
    Delivery send(MailMessage message);
}
