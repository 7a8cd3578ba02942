package dev.sluice.cdk.jobs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Permission to send mail as the configured sender and nobody else. SES authorizes a send against
 * the verified identity, which may be the address itself or its domain, so both identity ARNs are
 * named; the {@code ses:FromAddress} condition pins the sender either way. The identity itself is
 * verified outside CDK (it needs a DNS change or a click in a mail), see README-deploy.md.
 */
public final class SesSending {

    private SesSending() {
    }

    public static void grant(Stack stack, IGrantable grantee, String sender) {
        String domain = sender.substring(sender.indexOf('@') + 1);
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
            .effect(Effect.ALLOW)
            .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
            .resources(List.of(identityArn(stack, sender), identityArn(stack, domain)))
            .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", sender)))
            .build());
    }

    private static String identityArn(Stack stack, String identity) {
        return stack.formatArn(ArnComponents.builder().service("ses").resource("identity").resourceName(identity).build());
    }
}
