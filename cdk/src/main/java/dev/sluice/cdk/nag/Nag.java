package dev.sluice.cdk.nag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Records cdk-nag suppressions as resource metadata in cdk-nag's own format ({@code
 * Metadata.cdk_nag.rules_to_suppress}). The app writes them itself so that cdk-nag stays a
 * test-only dependency: the tests run {@code AwsSolutionsChecks}, and the deployed templates carry
 * each accepted finding with its reason next to the resource it concerns.
 */
public final class Nag {

    private static final String METADATA_KEY = "cdk_nag";

    private Nag() {}

    /** Suppresses on the construct's own CloudFormation resource and on every resource below it. */
    public static void suppress(IConstruct construct, Suppression... suppressions) {
        for (IConstruct child : construct.getNode().findAll()) {
            if (child instanceof CfnResource resource) {
                add(resource, List.of(suppressions));
            }
        }
    }

    /**
     * Suppresses on the resources at these paths below the stack (for resources CDK creates
     * itself).
     */
    public static void suppressPath(Stack stack, String path, Suppression... suppressions) {
        IConstruct target = stack.getNode().tryFindChild(path.split("/")[0]);
        String[] parts = path.split("/");
        for (int i = 1; target != null && i < parts.length; i++) {
            target = target.getNode().tryFindChild(parts[i]);
        }
        if (target == null) {
            throw new IllegalStateException(
                    "no construct at "
                            + stack.getNode().getPath()
                            + "/"
                            + path
                            + " to suppress "
                            + List.of(suppressions).stream().map(Suppression::ruleId).toList()
                            + " on");
        }
        suppress(target, suppressions);
    }

    @SuppressWarnings("unchecked")
    private static void add(CfnResource resource, List<Suppression> suppressions) {
        Object existing = resource.getMetadata(METADATA_KEY);
        List<Object> rules = new ArrayList<>();
        if (existing instanceof Map<?, ?> map
                && map.get("rules_to_suppress") instanceof List<?> list) {
            rules.addAll(list);
        }
        for (Suppression s : suppressions) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", s.ruleId());
            rule.put("reason", s.reason());
            if (!s.appliesTo().isEmpty()) {
                rule.put(
                        "applies_to",
                        s.appliesTo().stream()
                                .map(a -> a.startsWith("/") ? (Object) Map.of("regex", a) : a)
                                .toList());
            }
            if (!rules.contains(rule)) {
                rules.add(rule);
            }
        }
        resource.addMetadata(METADATA_KEY, Map.of("rules_to_suppress", rules));
    }
}
