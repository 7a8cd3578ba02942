package dev.sluice.reports;

import java.util.List;

/**
 * Builds the HTML part: a plain document with inline styles (mail programs drop style sheets). It
 * escapes every string it is given, so callers cannot forget to.
 */
final class HtmlPage {

    private static final String BODY =
            "font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;line-height:1.4";
    private static final String TABLE = "border-collapse:collapse;margin:8px 0 16px 0";
    private static final String CELL = "border:1px solid #ccc;padding:4px 8px;text-align:left";
    private static final String NUMBER = "border:1px solid #ccc;padding:4px 8px;text-align:right";
    private static final String HEAD = "background:#f2f2f2;";

    private final StringBuilder html = new StringBuilder();

    HtmlPage(String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>")
                .append(UserText.escape(title))
                .append("</title>\n</head>\n<body style=\"")
                .append(BODY)
                .append("\">\n");
    }

    HtmlPage heading(int level, String text) {
        String size = level == 1 ? "20px" : "16px";
        html.append("<h")
                .append(level)
                .append(" style=\"font-size:")
                .append(size)
                .append("\">")
                .append(UserText.escape(text))
                .append("</h")
                .append(level)
                .append(">\n");
        return this;
    }

    HtmlPage paragraph(String text) {
        html.append("<p>").append(UserText.escape(text)).append("</p>\n");
        return this;
    }

    HtmlPage list(List<String> items) {
        html.append("<ul>\n");
        for (String item : items) {
            html.append("<li>").append(UserText.escape(item)).append("</li>\n");
        }
        html.append("</ul>\n");
        return this;
    }

    HtmlPage table(Table table) {
        html.append("<table style=\"").append(TABLE).append("\">\n<thead>\n");
        row(table, table.headers(), "th", HEAD);
        html.append("</thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            row(table, row, "td", "");
        }
        html.append("</tbody>\n");
        table.footer()
                .ifPresent(
                        footer -> {
                            html.append("<tfoot>\n");
                            row(table, footer, "th", HEAD);
                            html.append("</tfoot>\n");
                        });
        html.append("</table>\n");
        return this;
    }

    String build() {
        return html + "</body>\n</html>\n";
    }

    private void row(Table table, List<String> cells, String tag, String extraStyle) {
        html.append("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            html.append('<')
                    .append(tag)
                    .append(" style=\"")
                    .append(extraStyle)
                    .append(table.isNumeric(i) ? NUMBER : CELL)
                    .append("\">")
                    .append(UserText.escape(cells.get(i)))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
        html.append("</tr>\n");
    }
}
