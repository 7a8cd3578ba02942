package dev.sluice.reports;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Table} as aligned columns for the plain-text part. */
final class TextTable {

    private static final String INDENT = "  ";
    private static final String GAP = "  ";

    private TextTable() {}

    static String render(Table table) {
        List<List<String>> all = new ArrayList<>();
        all.add(table.headers());
        all.addAll(table.rows());
        table.footer().ifPresent(all::add);
        int[] widths = new int[table.headers().size()];
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], length(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, table, table.headers(), widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, table, rule, widths);
        for (List<String> row : table.rows()) {
            line(out, table, row, widths);
        }
        table.footer()
                .ifPresent(
                        footer -> {
                            line(out, table, rule, widths);
                            line(out, table, footer, widths);
                        });
        return out.toString();
    }

    private static void line(StringBuilder out, Table table, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(INDENT);
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - length(cell));
            line.append(table.isNumeric(i) ? pad + cell : cell + pad);
            if (i < widths.length - 1) {
                line.append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static int length(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
