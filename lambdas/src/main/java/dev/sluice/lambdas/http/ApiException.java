package dev.sluice.lambdas.http;

/**
 * A request that cannot be served, with the status and the words the client gets. Thrown from
 * anywhere inside a handler; the {@link Router} turns it into {"error", "message"}.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "Bad Request", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "Not Found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "Conflict", message);
    }

    public ApiResponse toResponse() {
        ApiResponse response = ApiResponse.error(status, error, getMessage());
        // RFC 7235: a 401 names the schemes that would work.
        return status == 401
                ? response.withHeader(
                        "WWW-Authenticate", "Bearer realm=\"sluice\", Basic realm=\"sluice\"")
                : response;
    }
}
