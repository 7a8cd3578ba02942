package dev.sluice.dynamo;

/**
 * SFTPGo's listing parameters: skip {@code offset} items, return at most {@code limit}, ordered by
 * name. SFTPGo's default limit is 100 and its maximum 500; Sluice keeps both.
 */
public record PageRequest(int offset, int limit, SortOrder order) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit, SortOrder.ASC);
    }
}
