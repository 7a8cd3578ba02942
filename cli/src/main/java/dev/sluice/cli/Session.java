package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.http.ApiClient;
import dev.sluice.cli.output.ErrorPrinter;
import dev.sluice.cli.output.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a sub-command works with: the API client, the printer for results, the environment and the
 * JSON mapper.
 *
 * @param api calls the REST API
 * @param printer writes results on standard output
 * @param errors writes warnings on standard error
 * @param env streams and variables
 * @param mapper JSON
 */
public record Session(
        ApiClient api,
        Printer printer,
        ErrorPrinter errors,
        CliEnvironment env,
        ObjectMapper mapper) {

    /**
     * Reads a JSON document from a file, or from standard input for {@code -}.
     *
     * @param source a path or {@code -}
     * @param option the option that named it, for the message
     */
    public JsonNode readDocument(String source, String option) {
        String text;
        try {
            text =
                    source.equals("-")
                            ? new String(env.in().readAllBytes(), StandardCharsets.UTF_8)
                            : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage(option + ": cannot read " + source + ": " + e);
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw CliFailure.usage(
                    option + ": " + source + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads a JSON object ({@code --from-file}). */
    public ObjectNode readObject(String source, String option) {
        JsonNode node = readDocument(source, option);
        if (!node.isObject()) {
            throw CliFailure.usage(option + ": " + source + " must hold a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * The document an {@code add} starts from: {@code --from-file}'s object, or an empty one;
     * {@code name}, when given, sets its {@code nameField}, which must then be present.
     */
    public ObjectNode newDocument(String fromFile, String nameField, String name, String label) {
        ObjectNode document =
                fromFile == null ? mapper.createObjectNode() : readObject(fromFile, "--from-file");
        if (name != null) {
            document.put(nameField, name);
        }
        if (!document.hasNonNull(nameField)) {
            throw CliFailure.usage(
                    "a " + label + " is required (argument or the document's " + nameField + ")");
        }
        return document;
    }

    /** POSTs {@code document} to {@code path} and prints the answer: what every add does. */
    public int create(String path, ObjectNode document) {
        printer.body(
                api.post(path, java.util.Map.of(), java.util.Optional.of(json(document))).body());
        return ExitCodes.OK;
    }

    /** The JSON text of a document. */
    public String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }
}
