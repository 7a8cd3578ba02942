package dev.sluice.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.http.ApiRefusal;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Shows an API refusal on standard error as the API stated it: its message and error, then each
 * {@code errors[]} entry as {@code field: problem (got "value")}, with a hint for 401 and 403.
 */
public final class ErrorPrinter {

    private final PrintWriter err;
    private final Ansi ansi;
    private final ObjectMapper mapper;

    /**
     * A printer.
     *
     * @param err standard error
     * @param ansi colours, or none
     * @param mapper parses the body
     */
    public ErrorPrinter(PrintWriter err, Ansi ansi, ObjectMapper mapper) {
        this.err = err;
        this.ansi = ansi;
        this.mapper = mapper;
    }

    /** Prints a refusal. */
    public void refusal(ApiRefusal refusal) {
        JsonNode body;
        try {
            body = mapper.readTree(refusal.body());
        } catch (IOException e) {
            body = null;
        }
        String head =
                "sluice: " + refusal.method() + " " + refusal.path() + ": HTTP " + refusal.status();
        if (body == null || !body.isObject()) {
            err.println(
                    ansi.red(head)
                            + (refusal.body().isBlank()
                                    ? ""
                                    : ": " + Terminal.safe(refusal.body().strip())));
        } else {
            String message = body.path("message").asText("");
            String error = body.path("error").asText("");
            StringBuilder line = new StringBuilder(head);
            if (!message.isEmpty()) {
                line.append(": ").append(message);
            }
            if (!error.isEmpty() && !error.equals(message)) {
                line.append(" (").append(error).append(')');
            }
            err.println(ansi.red(Terminal.safe(line.toString())));
            for (JsonNode problem : body.path("errors")) {
                StringBuilder entry = new StringBuilder("  ");
                entry.append(problem.path("field").asText("?"))
                        .append(": ")
                        .append(problem.path("problem").asText(""));
                if (problem.hasNonNull("value")) {
                    entry.append(" (got \"").append(problem.path("value").asText()).append("\")");
                }
                err.println(Terminal.safe(entry.toString()));
            }
        }
        if (refusal.status() == 401) {
            err.println(
                    "  hint: give --api-key, or --user with --password-file / SLUICE_PASSWORD,"
                            + " or a profile (docs/cli.md)");
        } else if (refusal.status() == 403) {
            err.println("  hint: the identity lacks the permission this route needs");
        }
        err.flush();
    }

    /** Prints a failure of the CLI's own (no API answer). */
    public void failure(String message) {
        err.println(ansi.red("sluice: " + message));
        err.flush();
    }

    /** Prints a progress note. */
    public void progress(String message) {
        err.println("sluice: " + message);
        err.flush();
    }

    /** Prints a warning. */
    public void warning(String message) {
        err.println(ansi.yellow("sluice: warning: " + message));
        err.flush();
    }
}
