package dev.sluice.cli.http;

import dev.sluice.cli.ExitCodes;

/** The API answered with an error status; the CLI shows its body as the API wrote it. */
public final class ApiRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String path;
    private final int status;
    private final String body;

    /**
     * A refusal.
     *
     * @param method the request's method
     * @param path the request's path
     * @param status the HTTP status (4xx or 5xx)
     * @param body the error body ({@code {"error", "message", "errors": [...]}})
     */
    public ApiRefusal(String method, String path, int status, String body) {
        super(method + " " + path + ": HTTP " + status);
        this.method = method;
        this.path = path;
        this.status = status;
        this.body = body;
    }

    /** The request's method. */
    public String method() {
        return method;
    }

    /** The request's path. */
    public String path() {
        return path;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The body as the API sent it. */
    public String body() {
        return body;
    }

    /** 4 for 401/403 (authentication), 1 for every other refusal. */
    public int exitCode() {
        return status == 401 || status == 403 ? ExitCodes.AUTHENTICATION : ExitCodes.API_REFUSED;
    }
}
