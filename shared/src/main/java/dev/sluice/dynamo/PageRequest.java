package dev.sluice.dynamo;

/**
 * SFTPGo's listing parameters: skip {@code offset} items, return at most {@code limit}, ordered by
 * name. SFTPGo's default limit is 100 and its maximum 500; Sluice keeps both.
 */
public record PageRequest(int offset, int limit, SortOrder order) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    /**
     * DynamoDB has no server-side offset: skipped items are read. This bounds what one listing
     * request may read (and so its time and cost); page further with a narrower listing.
     */
    public static final int MAX_OFFSET = 100_000;

    public PageRequest {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit, SortOrder.ASC);
    }
}
