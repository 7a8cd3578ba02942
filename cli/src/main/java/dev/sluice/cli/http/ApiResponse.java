package dev.sluice.cli.http;

/**
 * What the API answered.
 *
 * @param status the HTTP status
 * @param body the body as sent (JSON for every API route)
 */
public record ApiResponse(int status, String body) {

    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
