package dev.sluice.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;

/** Writes the API's answers on standard output in the chosen {@link OutputFormat}. */
public final class Printer {

    private final OutputFormat format;
    private final Ansi ansi;
    private final PrintWriter out;
    private final ObjectMapper json;
    private final YAMLMapper yaml =
            new YAMLMapper(
                    YAMLFactory.builder()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                            .build());

    /**
     * A printer.
     *
     * @param format json, table or yaml
     * @param ansi colours, or none
     * @param out standard output
     * @param json parses the API's answers
     */
    public Printer(OutputFormat format, Ansi ansi, PrintWriter out, ObjectMapper json) {
        this.format = format;
        this.ansi = ansi;
        this.out = out;
        this.json = json;
    }

    /** Prints an answer's body: as sent for JSON, converted for table and YAML. */
    public void body(String body) {
        if (body.isBlank()) {
            return;
        }
        try {
            JsonNode tree = json.readTree(body);
            switch (format) {
                case json -> out.println(ansi.enabled() ? colored(tree) : body.strip());
                case table -> out.println(new TableRenderer(ansi).render(tree));
                case yaml -> out.print(yaml.writeValueAsString(tree));
            }
        } catch (JsonProcessingException e) {
            out.println(body.strip());
        }
        out.flush();
    }

    /** Prints a document the CLI built (a dump read back, a summary). */
    public void document(JsonNode tree) {
        try {
            body(json.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    private String colored(JsonNode tree) throws JsonProcessingException {
        // Colour only keys and strings of the indented form: the text stays valid JSON once the
        // escape sequences are stripped.
        String pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        StringBuilder text = new StringBuilder();
        for (String line : pretty.split("\n", -1)) {
            int colon = line.indexOf("\" : ");
            if (line.stripLeading().startsWith("\"") && colon > 0) {
                text.append(ansi.cyan(line.substring(0, colon + 1)))
                        .append(" : ")
                        .append(value(line.substring(colon + 4)));
            } else {
                text.append(value(line));
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    private String value(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("\"") ? text.replace(trimmed, ansi.green(trimmed)) : text;
    }
}
