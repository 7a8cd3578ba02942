package dev.sluice.cdk.nag;

import java.util.List;

/**
 * One accepted cdk-nag finding and why it is accepted.
 *
 * @param ruleId e.g. {@code AwsSolutions-IAM5}
 * @param reason why the finding is right for Sluice (shown in the template and in reviews)
 * @param appliesTo for granular rules (IAM4/IAM5): the exact findings, or {@code /regex/} patterns;
 *     empty suppresses the rule for the resource as a whole
 */
public record Suppression(String ruleId, String reason, List<String> appliesTo) {

    public Suppression {
        appliesTo = List.copyOf(appliesTo);
        if (!ruleId.startsWith("AwsSolutions-")) {
            throw new IllegalArgumentException("only AwsSolutions rules are checked: " + ruleId);
        }
        if (reason.strip().length() < 20) {
            throw new IllegalArgumentException(
                    ruleId + ": a suppression needs a real reason (got \"" + reason + "\")");
        }
        if (!reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            // cdk-nag base64-encodes reasons with other characters, which hides them in the
            // template.
            throw new IllegalArgumentException(
                    ruleId + ": write the reason in plain ASCII: " + reason);
        }
    }

    public static Suppression of(String rule, String reason) {
        return new Suppression("AwsSolutions-" + rule, reason, List.of());
    }

    public static Suppression of(String rule, String reason, String... appliesTo) {
        return new Suppression("AwsSolutions-" + rule, reason, List.of(appliesTo));
    }
}
