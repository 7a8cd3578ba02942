package dev.sluice.mail;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Sends messages through SES v2 as raw MIME ({@code SendEmail} with {@code Content.Raw}), so the
 * message SES delivers is exactly the one {@link MimeMessages} rendered (and the one local mode
 * writes to its outbox). Every failure becomes {@link Delivery.NotSent} with what to do about it.
 */
public final class SesMailer implements Mailer {

    private static final String SENDER_HINT =
            "verify it (or its domain) as an SES identity in this region, or set senderAddress to"
                    + " an address SES has verified";
    private static final String SANDBOX_HINT =
            "the SES account is in the sandbox, which only sends to verified addresses: verify"
                    + " the recipients in SES or request production access for the account";

    private final SesV2Client ses;
    private final Clock clock;

    /**
     * A mailer over {@code ses}.
     *
     * @param ses the client, with its region, credentials and retry policy (throttling is retried
     *     there)
     * @param clock gives each message its Date header
     */
    public SesMailer(SesV2Client ses, Clock clock) {
        this.ses = Objects.requireNonNull(ses, "ses");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Delivery send(MailMessage message) {
        try {
            byte[] raw = MimeMessages.render(message, clock.instant(), message.from().domain());
            SendEmailResponse response =
                    ses.sendEmail(
                            b ->
                                    b.fromEmailAddress(message.from().address())
                                            .destination(
                                                    d ->
                                                            d.toAddresses(
                                                                    message.to().stream()
                                                                            .map(
                                                                                    EmailAddress
                                                                                            ::address)
                                                                            .toList()))
                                            .content(
                                                    c ->
                                                            c.raw(
                                                                    r ->
                                                                            r.data(
                                                                                    SdkBytes
                                                                                            .fromByteArray(
                                                                                                    raw)))));
            return new Delivery.Sent(response.messageId());
        } catch (SdkException e) {
            return new Delivery.NotSent(reason(e, message));
        } catch (RuntimeException e) {
            // A report that cannot be mailed must not fail the job that produced it.
            return new Delivery.NotSent("the report could not be prepared for sending: " + e);
        }
    }

    /** What went wrong, in an operator's terms, with the service's own words at the end. */
    static String reason(SdkException e, MailMessage message) {
        String from = message.from().address();
        String detail = detail(e);
        return switch (e) {
            case MessageRejectedException r -> rejected(detail, message);
            case MailFromDomainNotVerifiedException r ->
                    "the custom MAIL FROM domain of "
                            + from
                            + "'s identity is not verified: publish its MX and SPF records or"
                            + " remove the custom MAIL FROM setting"
                            + detail;
            case AccountSuspendedException r ->
                    "SES has suspended sending for this account (often for a high bounce or"
                            + " complaint rate): see the account's reputation page in the SES"
                            + " console and appeal there"
                            + detail;
            case SendingPausedException r ->
                    "sending is paused for this account or the configuration set in use:"
                            + " resume it in SES once the cause (bounces, complaints) is fixed"
                            + detail;
            case TooManyRequestsException r -> throttled(detail);
            case LimitExceededException r ->
                    "an SES sending quota is exhausted (messages per second or per 24 hours):"
                            + " wait, or ask AWS for a higher sending quota"
                            + detail;
            case NotFoundException r ->
                    "SES did not find a resource the message refers to (a configuration set or"
                            + " identity): check the sender identity in this region"
                            + detail;
            case BadRequestException r -> "SES refused the request as malformed" + detail;
            case SesV2Exception r when r.isThrottlingException() -> throttled(detail);
            case SesV2Exception r when r.statusCode() == 403 ->
                    "SES denied the request: the function's role needs ses:SendEmail on the"
                            + " sender identity "
                            + from
                            + detail;
            case SesV2Exception r ->
                    "SES failed with HTTP "
                            + r.statusCode()
                            + ": try again later; if it persists, check the AWS Health dashboard"
                            + detail;
            case SdkClientException r ->
                    "SES could not be reached: check the network path to the SES endpoint (NAT"
                            + " gateway or VPC endpoint), the region and the credentials"
                            + detail;
            default -> "sending through SES failed" + detail;
        };
    }

    private static String rejected(String detail, MailMessage message) {
        String lower = detail.toLowerCase(Locale.ROOT);
        if (!lower.contains("not verified")) {
            return "SES rejected the message (content or size)" + detail;
        }
        boolean sender = lower.contains(message.from().address().toLowerCase(Locale.ROOT));
        boolean recipient =
                message.to().stream()
                        .anyMatch(a -> lower.contains(a.address().toLowerCase(Locale.ROOT)));
        if (sender && !recipient) {
            return "the sender address "
                    + message.from().address()
                    + " is not a verified SES identity: "
                    + SENDER_HINT
                    + detail;
        }
        if (recipient && !sender) {
            return "a recipient is not verified and " + SANDBOX_HINT + detail;
        }
        return "SES found an address that is not verified: if it is the sender, "
                + SENDER_HINT
                + "; if it is a recipient, "
                + SANDBOX_HINT
                + detail;
    }

    private static String throttled(String detail) {
        return "SES throttled the request after the client's retries: the account's sending rate"
                + " is exceeded; send later or ask AWS for a higher sending rate"
                + detail;
    }

    private static String detail(SdkException e) {
        if (e instanceof SesV2Exception s && s.awsErrorDetails() != null) {
            String said = s.awsErrorDetails().errorMessage();
            return said == null || said.isBlank() ? "" : " (SES said: " + said + ")";
        }
        String text = e.getMessage();
        return text == null || text.isBlank() ? "" : " (" + text + ")";
    }
}
