package dev.sluice.reports;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table a report shows, rendered as aligned text by {@link TextTable} and as HTML by {@link
 * HtmlPage}. Cells hold plain text (already through {@link UserText#plain}); the HTML renderer
 * escapes them.
 *
 * @param headers the column titles
 * @param numeric the indexes of right-aligned columns
 * @param rows the body rows, each as long as {@code headers}
 * @param footer a totals row, if any
 */
record Table(
        List<String> headers,
        Set<Integer> numeric,
        List<List<String>> rows,
        Optional<List<String>> footer) {

    Table {
        headers = List.copyOf(headers);
        numeric = Set.copyOf(numeric);
        rows = List.copyOf(rows);
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("row " + row + " does not fit " + headers);
            }
        }
    }

    boolean isNumeric(int column) {
        return numeric.contains(column);
    }
}
