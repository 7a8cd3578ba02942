package dev.sluice.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a JSON answer for people: a list of objects as aligned columns (one per scalar field;
 * lists of values joined with commas; nested objects left to {@code get}), an object as {@code key
 * value} lines with nested fields flattened ({@code filters.allowed_ip}).
 */
public final class TableRenderer {

    private static final int MAX_CELL = 60;

    private final Ansi ansi;

    /**
     * A renderer.
     *
     * @param ansi colours the header
     */
    public TableRenderer(Ansi ansi) {
        this.ansi = ansi;
    }

    /** The text for a JSON document. */
    public String render(JsonNode node) {
        if (node.isArray()) {
            return list(node);
        }
        if (node.isObject()) {
            return object(node);
        }
        return Terminal.safe(node.asText());
    }

    private String list(JsonNode array) {
        if (array.isEmpty()) {
            return "(none)";
        }
        if (!array.get(0).isObject()) {
            List<String> values = new ArrayList<>();
            array.forEach(v -> values.add(cell(v)));
            return String.join("\n", values);
        }
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : array) {
            for (Map.Entry<String, JsonNode> field : row.properties()) {
                if (tabular(field.getValue())) {
                    columns.add(field.getKey());
                }
            }
        }
        List<String> fields = new ArrayList<>(columns);
        List<String> names = fields.stream().map(Terminal::safe).toList();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : array) {
            rows.add(fields.stream().map(c -> row.has(c) ? cell(row.get(c)) : "").toList());
        }
        int[] widths = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            widths[i] = names.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder(ansi.bold(line(names, widths)));
        for (List<String> row : rows) {
            text.append('\n').append(line(row, widths));
        }
        return text.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        return line.toString().stripTrailing();
    }

    private String object(JsonNode object) {
        if (object.isEmpty()) {
            return "(empty)";
        }
        List<String[]> pairs = new ArrayList<>();
        flatten("", object, pairs);
        int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        return pairs.stream()
                .map(
                        p ->
                                (ansi.bold(p[0]) + " ".repeat(width - p[0].length() + 2) + p[1])
                                        .stripTrailing())
                .collect(Collectors.joining("\n"));
    }

    private static void flatten(String prefix, JsonNode node, List<String[]> pairs) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(
                        prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                        field.getValue(),
                        pairs);
            }
        } else if (node.isArray() && !tabular(node)) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), pairs);
            }
        } else {
            pairs.add(new String[] {Terminal.safe(prefix), cell(node)});
        }
    }

    /** Whether a value fits in a cell: a scalar or a list of scalars. */
    private static boolean tabular(JsonNode value) {
        if (value.isValueNode() || value.isNull()) {
            return true;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static String cell(JsonNode value) {
        String text;
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            text = String.join(",", items);
        } else if (value.isContainerNode()) {
            text = value.toString();
        } else if (value.isNull()) {
            text = "";
        } else {
            text = value.asText();
        }
        text = Terminal.safe(text.replace('\n', ' ').replace('\t', ' '));
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
    }
}
