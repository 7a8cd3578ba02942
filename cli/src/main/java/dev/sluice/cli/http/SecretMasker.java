package dev.sluice.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hides credentials in what {@code --debug} prints: authentication headers and, in JSON bodies, the
 * values of fields that hold passwords, tokens, keys and secrets.
 */
public final class SecretMasker {

    static final String MASK = "***";

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-sftpgo-api-key");
    private static final Set<String> SECRET_FIELDS =
            Set.of("password", "access_token", "key", "payload", "access_secret", "secret");

    private final ObjectMapper mapper;

    /**
     * A masker.
     *
     * @param mapper parses bodies
     */
    public SecretMasker(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The header's value to print: the scheme only for {@code Authorization}, else {@code ***}. */
    public String header(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!SECRET_HEADERS.contains(lower)) {
            return value;
        }
        int space = value.indexOf(' ');
        return lower.equals("authorization") && space > 0
                ? value.substring(0, space) + " " + MASK
                : MASK;
    }

    /** The body to print: JSON with secret fields masked; a non-JSON body by its size only. */
    public String body(String body) {
        if (body.isEmpty()) {
            return body;
        }
        try {
            JsonNode tree = mapper.readTree(body);
            mask(tree);
            return mapper.writeValueAsString(tree);
        } catch (java.io.IOException e) {
            return "(" + body.length() + " characters, not JSON)";
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (SECRET_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT))
                        && field.getValue().isValueNode()
                        && !field.getValue().isNull()) {
                    field.setValue(object.textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(SecretMasker::mask);
        }
    }
}
