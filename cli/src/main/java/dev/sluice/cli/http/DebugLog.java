package dev.sluice.cli.http;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** {@code --debug}: each request and response on standard error, secrets masked. */
public final class DebugLog {

    private final PrintWriter err;
    private final SecretMasker masker;
    private final boolean enabled;

    /**
     * A log.
     *
     * @param err where lines go
     * @param masker hides credentials
     * @param enabled whether {@code --debug} was given
     */
    public DebugLog(PrintWriter err, SecretMasker masker, boolean enabled) {
        this.err = err;
        this.masker = masker;
        this.enabled = enabled;
    }

    /** Prints the request line, headers and body. */
    public void request(HttpRequest request, String body) {
        if (!enabled) {
            return;
        }
        err.println("> " + request.method() + " " + request.uri());
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                err.println("> " + header.getKey() + ": " + masker.header(header.getKey(), value));
            }
        }
        if (!body.isEmpty()) {
            err.println("> " + masker.body(body));
        }
        err.flush();
    }

    /** Prints the status, the time taken and the body. */
    public void response(int status, long millis, String body) {
        if (!enabled) {
            return;
        }
        err.println("< " + status + " (" + millis + " ms)");
        if (!body.isEmpty()) {
            err.println("< " + masker.body(body));
        }
        err.flush();
    }

    /** Prints a note (a token taken from the cache, a retry). */
    public void note(String text) {
        if (enabled) {
            err.println("* " + text);
            err.flush();
        }
    }
}
