package dev.sluice.e2e;

import dev.sluice.cli.CliEnvironment;
import dev.sluice.cli.Sluice;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@code sluice} CLI in this JVM through picocli with captured streams and an injected
 * environment, so no test reads the real {@code ~/.config} or waits on a terminal.
 */
final class CliRunner {

    /** What a run printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Map<String, String> env;
    private String stdin = "";
    private Optional<String> promptAnswer = Optional.empty();

    CliRunner(Map<String, String> env) {
        this.env = new HashMap<>(env);
    }

    /** A runner with one more (or one changed) variable. */
    CliRunner with(String name, String value) {
        CliRunner copy = copy();
        if (value == null) {
            copy.env.remove(name);
        } else {
            copy.env.put(name, value);
        }
        return copy;
    }

    private CliRunner copy() {
        CliRunner copy = new CliRunner(env);
        copy.stdin = stdin;
        copy.promptAnswer = promptAnswer;
        return copy;
    }

    /** A runner whose standard input holds {@code text}. */
    CliRunner stdin(String text) {
        CliRunner copy = copy();
        copy.stdin = text;
        return copy;
    }

    /** A runner whose prompt answers {@code answer}. */
    CliRunner answering(String answer) {
        CliRunner copy = copy();
        copy.promptAnswer = Optional.of(answer);
        return copy;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Optional<String> answer = promptAnswer;
        CliEnvironment environment =
                new CliEnvironment(
                        Map.copyOf(env),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        question -> answer,
                        false);
        int code = Sluice.run(environment, args);
        return new Result(code, out.toString(), err.toString());
    }
}
