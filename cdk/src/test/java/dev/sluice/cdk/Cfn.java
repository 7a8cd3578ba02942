package dev.sluice.cdk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** Small helpers for reading synthesized templates as plain Java maps and lists. */
final class Cfn {

    private Cfn() {}

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A template value as compact JSON, for substring checks on ARNs built with Fn::Join. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The logical ID of a construct's CloudFormation resource (its default child for L2
     * constructs).
     */
    static String logicalId(IConstruct construct) {
        IConstruct l1 =
                construct.getNode().getDefaultChild() != null
                        ? construct.getNode().getDefaultChild()
                        : construct;
        return Stack.of(l1).getLogicalId((CfnElement) l1);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** Statements of every IAM policy attached to the role with this logical ID. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(
            SynthesizedApp app, Stack stack, String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : app.resources(stack, "AWS::IAM::Policy").values()) {
            Map<String, Object> props = props(policy);
            boolean attached =
                    list(props.get("Roles")).stream()
                            .anyMatch(
                                    r ->
                                            r instanceof Map<?, ?> m
                                                    && roleLogicalId.equals(m.get("Ref")));
            if (attached) {
                Map<String, Object> document = (Map<String, Object>) props.get("PolicyDocument");
                list(document.get("Statement"))
                        .forEach(s -> statements.add((Map<String, Object>) s));
            }
        }
        return statements;
    }

    static List<String> actions(Map<String, Object> statement) {
        return list(statement.get("Action")).stream().map(Object::toString).toList();
    }

    /**
     * Whether an Allow statement grants {@code action}, reading IAM wildcards in its Action list
     * ({@code s3:DeleteObject*} grants {@code s3:DeleteObjectVersion}; {@code *} grants
     * everything). NotAction statements count as granting everything they do not name.
     */
    static boolean allows(Map<String, Object> statement, String action) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return false;
        }
        if (statement.containsKey("NotAction")) {
            return list(statement.get("NotAction")).stream()
                    .noneMatch(a -> matches(a.toString(), action));
        }
        return actions(statement).stream().anyMatch(pattern -> matches(pattern, action));
    }

    private static boolean matches(String pattern, String action) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        // IAM action names are case-insensitive.
        return java.util.regex.Pattern.compile(
                        regex.toString(), java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(action)
                .matches();
    }

    /**
     * Statements of every IAM policy in a stack (AWS::IAM::Policy and roles' inline policies), with
     * the policy's logical ID.
     */
    @SuppressWarnings("unchecked")
    static Map<String, List<Map<String, Object>>> allStatements(SynthesizedApp app, Stack stack) {
        Map<String, List<Map<String, Object>>> out = new java.util.LinkedHashMap<>();
        app.resources(stack, "AWS::IAM::Policy")
                .forEach(
                        (id, policy) -> {
                            Map<String, Object> document =
                                    (Map<String, Object>) props(policy).get("PolicyDocument");
                            out.put(
                                    id,
                                    list(document.get("Statement")).stream()
                                            .map(s -> (Map<String, Object>) s)
                                            .toList());
                        });
        app.resources(stack, "AWS::IAM::Role")
                .forEach(
                        (id, role) -> {
                            for (Object inline :
                                    list(props(role).getOrDefault("Policies", List.of()))) {
                                Map<String, Object> document =
                                        (Map<String, Object>)
                                                ((Map<String, Object>) inline)
                                                        .get("PolicyDocument");
                                out.put(
                                        id + "/" + ((Map<?, ?>) inline).get("PolicyName"),
                                        list(document.get("Statement")).stream()
                                                .map(s -> (Map<String, Object>) s)
                                                .toList());
                            }
                        });
        return out;
    }

    /** Statements granting at least one action of this service ("dynamodb", "s3", ...). */
    static List<Map<String, Object>> forService(
            List<Map<String, Object>> statements, String service) {
        return statements.stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith(service + ":")))
                .toList();
    }

    /**
     * Every logical ID a value references, in this template ({@code Ref}, {@code Fn::GetAtt}) or in
     * another stack (the output names of {@code Fn::GetStackOutput} embed the producer's IDs).
     */
    static Set<String> references(Object value) {
        Set<String> found = new LinkedHashSet<>();
        collect(value, found);
        return found;
    }

    private static void collect(Object value, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String ref) {
                found.add(ref);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
                found.add(getAtt.get(0).toString());
            }
            if (map.get("Fn::GetStackOutput") instanceof Map<?, ?> output
                    && output.get("OutputName") instanceof String name) {
                found.add("output:" + name);
            }
            map.values().forEach(v -> collect(v, found));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    /**
     * Whether a reference set names the resource with this logical ID (directly or via another
     * stack's output).
     */
    static boolean names(Set<String> references, String logicalId) {
        return references.stream()
                .anyMatch(
                        r ->
                                r.equals(logicalId)
                                        || r.startsWith("output:") && r.contains(logicalId));
    }
}
