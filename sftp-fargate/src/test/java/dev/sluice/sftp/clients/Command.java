package dev.sluice.sftp.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an outside client program and keeps what it printed, for drivers and their failures. */
final class Command {

    /**
     * How one run ended.
     *
     * @param command what ran
     * @param exitCode its exit code (-1 when it timed out)
     * @param output stdout and stderr, interleaved
     */
    record Run(List<String> command, int exitCode, String output) {

        /** This run, or an AssertionError that shows the command and everything it printed. */
        Run orFail() {
            if (exitCode != 0) {
                throw new AssertionError(
                        "exit " + exitCode + " from " + String.join(" ", command) + "\n" + output);
            }
            return this;
        }
    }

    private Command() {}

    static Run run(List<String> command) {
        return run(command, Map.of(), "", null);
    }

    /** Runs {@code command} with extra environment, {@code stdin}, in {@code dir} if not null. */
    static Run run(List<String> command, Map<String, String> env, String stdin, Path dir) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        try {
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            // Read before waiting: a client that fills the pipe would otherwise never end.
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(
                        command, -1, "timed out\n" + new String(out, StandardCharsets.UTF_8));
            }
            return new Run(command, process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
