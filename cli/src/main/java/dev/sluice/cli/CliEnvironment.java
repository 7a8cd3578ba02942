package dev.sluice.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from and writes to outside its arguments: environment variables, the standard
 * streams, a prompt for secrets and whether a person sits at a terminal. Tests inject their own so
 * that nothing reads the real {@code ~/.config} or waits on a console.
 *
 * @param variables the environment ({@code SLUICE_*}, {@code HOME}, {@code NO_COLOR})
 * @param out standard output: results only
 * @param err standard error: warnings, errors, debug lines
 * @param in standard input ({@code --from-file -})
 * @param prompt asks for a secret without echo
 * @param terminal whether output goes to a person (colour by default, prompts allowed)
 */
public record CliEnvironment(
        Map<String, String> variables,
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        SecretPrompt prompt,
        boolean terminal) {

    /** Asks for a secret. */
    @FunctionalInterface
    public interface SecretPrompt {
        /**
         * Asks for a secret without echoing it.
         *
         * @param question what to ask, e.g. {@code Password for admin: }
         * @return the answer, or empty when nobody can answer (no terminal)
         */
        Optional<String> ask(String question);
    }

    /** The process's real environment and streams. */
    public static CliEnvironment system() {
        Console console = System.console();
        SecretPrompt prompt =
                question ->
                        console == null
                                ? Optional.empty()
                                : Optional.ofNullable(console.readPassword("%s", question))
                                        .map(String::new);
        return new CliEnvironment(
                System.getenv(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                System.in,
                prompt,
                console != null);
    }

    /** A variable's value, empty when unset or blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    /** The user's home directory: {@code HOME}, else the JVM's {@code user.home}. */
    public Path home() {
        return Path.of(variable("HOME").orElseGet(() -> System.getProperty("user.home")));
    }
}
