package dev.sluice.cdk.mail;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The SES identity reports are sent from ({@code senderAddress}): the right to send through it, and
 * through nothing else.
 *
 * @param address the sender, as validated by {@code SluiceConfig} (a bare address, no wildcards)
 */
public record SenderIdentity(String address) {

    /** SES v2's SendEmail authorizes as {@code ses:SendEmail}; raw MIME as {@code SendRawEmail}. */
    public static final List<String> SEND_ACTIONS = List.of("ses:SendEmail", "ses:SendRawEmail");

    /** The domain part, {@code example.com} for {@code reports@example.com}. */
    public String domain() {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /**
     * The two identities SES may authorize a message from this sender against: the address, and its
     * domain (SES checks whichever of them is verified).
     */
    public List<String> identityArns(Stack stack) {
        return List.of(identityArn(stack, address), identityArn(stack, domain()));
    }

    /**
     * Lets {@code grantee} send mail through the identity, with this sender only ({@code
     * ses:FromAddress}): a verified domain would otherwise let it send as anyone at that domain.
     */
    public void grantSend(IRole grantee) {
        grantee.addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(SEND_ACTIONS)
                        .resources(identityArns(Stack.of(grantee)))
                        .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", address)))
                        .build());
    }

    private static String identityArn(Stack stack, String identity) {
        return stack.formatArn(
                ArnComponents.builder()
                        .service("ses")
                        .resource("identity")
                        .resourceName(identity)
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                        .build());
    }
}
