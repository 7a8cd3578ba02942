package dev.sluice.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SFTPGo dump fixtures under src/test/resources/backup/sftpgo (made by generate.go
 * there).
 */
final class SftpgoFixtures {

    static final String FOLDER = "/backup/sftpgo/";

    private static final Pattern STEP = Pattern.compile("([a-z_0-9]+)(?:\\[(\\d+)])?");

    private SftpgoFixtures() {}

    static String text(String name) {
        try (InputStream in = SftpgoFixtures.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return Json.mapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of expected.json's "dumps", one per SFTPGo release. */
    static List<JsonNode> expectedDumps() {
        List<JsonNode> out = new ArrayList<>();
        json("expected.json").get("dumps").forEach(out::add);
        return out;
    }

    /** The node at a path such as {@code users[1].filesystem.s3config.access_secret}. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.")) {
            Matcher m = STEP.matcher(step);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad path step " + step + " in " + path);
            }
            node = node.path(m.group(1));
            if (m.group(2) != null) {
                node = node.path(Integer.parseInt(m.group(2)));
            }
        }
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("nothing at " + path);
        }
        return node;
    }

    /** The element of {@code array} whose {@code field} is {@code value}. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(field).asText(null))) {
                return element;
            }
        }
        throw new IllegalArgumentException("no element with " + field + " = " + value);
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
