package dev.sluice.cdk.config;

/**
 * API Gateway's throttling of the REST API, in requests per second (steady rate) and requests at
 * once (burst): a default for every route, and a lower limit of its own for {@code /api/v2/token},
 * whose every call costs a password hash, so that a flood of logins stays within that route's limit
 * instead of taking the capacity other callers' requests need.
 *
 * @param rateLimit steady requests per second of each route without a limit of its own ({@code
 *     apiRateLimit}, 50)
 * @param burstLimit requests at once of each such route ({@code apiBurstLimit}, 100)
 * @param tokenRateLimit steady requests per second of {@code /api/v2/token} ({@code
 *     tokenRateLimit}, 5)
 * @param tokenBurstLimit requests at once of {@code /api/v2/token} ({@code tokenBurstLimit}, 10)
 */
public record ApiThrottle(int rateLimit, int burstLimit, int tokenRateLimit, int tokenBurstLimit) {

    /** API Gateway's default account limit per region (10,000 requests per second). */
    static final int MAX = 10_000;

    /** The limits when no parameter is given. */
    public static final ApiThrottle DEFAULT = new ApiThrottle(50, 100, 5, 10);

    public ApiThrottle {
        inRange("apiRateLimit", rateLimit);
        inRange("apiBurstLimit", burstLimit);
        inRange("tokenRateLimit", tokenRateLimit);
        inRange("tokenBurstLimit", tokenBurstLimit);
        notAbove("tokenRateLimit", tokenRateLimit, "apiRateLimit", rateLimit);
        notAbove("tokenBurstLimit", tokenBurstLimit, "apiBurstLimit", burstLimit);
    }

    static ApiThrottle read(ContextReader read) {
        return new ApiThrottle(
                read.integer("apiRateLimit", DEFAULT.rateLimit()),
                read.integer("apiBurstLimit", DEFAULT.burstLimit()),
                read.integer("tokenRateLimit", DEFAULT.tokenRateLimit()),
                read.integer("tokenBurstLimit", DEFAULT.tokenBurstLimit()));
    }

    private static void inRange(String parameter, int value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(
                    "context "
                            + parameter
                            + ": must be an integer between 1 and "
                            + MAX
                            + " (API Gateway's default account limit), got "
                            + value);
        }
    }

    /** The token route's own limit exists to be lower: higher, it would protect nothing. */
    private static void notAbove(String parameter, int value, String other, int limit) {
        if (value > limit) {
            throw new IllegalArgumentException(
                    "context "
                            + parameter
                            + ": must be at most "
                            + other
                            + " ("
                            + limit
                            + "): /api/v2/token gets a lower limit than the other routes, got "
                            + value);
        }
    }
}
