package dev.sluice.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** SFTPGo's listing parameters: {@code --offset}, {@code --limit}, {@code --order}. */
public final class ListingOptions {

    @Option(names = "--offset", description = "Skip this many (default: 0).")
    Integer offset;

    @Option(names = "--limit", description = "At most this many, 1-500 (default: 100).")
    Integer limit;

    @Option(names = "--order", description = "ASC or DESC, by name (default: ASC).")
    String order;

    /** Creates the options (picocli fills them). */
    public ListingOptions() {}

    /** The query parameters given. */
    public Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        if (offset != null) {
            query.put("offset", offset.toString());
        }
        if (limit != null) {
            query.put("limit", limit.toString());
        }
        if (order != null) {
            query.put("order", order);
        }
        return query;
    }
}
