package dev.sluice.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs external clients (OpenSSH {@code ssh}, rclone, lftp) against the test server. */
public final class Ssh {

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Ssh() {}

    /** {@code ssh user@127.0.0.1 command} with a key, stdin closed. */
    public static Result exec(int port, Path key, String user, String command) {
        OpenSsh.assumeInstalled("ssh");
        List<String> cmd =
                new ArrayList<>(
                        List.of("ssh", "-p", Integer.toString(port), "-n", "-o", "BatchMode=yes"));
        cmd.addAll(OpenSsh.LOOPBACK_OPTIONS);
        cmd.addAll(
                List.of(
                        "-o",
                        "IdentitiesOnly=yes",
                        "-i",
                        key.toString(),
                        user + "@127.0.0.1",
                        command));
        return run(cmd, Map.of(), null);
    }

    /** Runs {@code cmd} with extra environment, waits up to 5 minutes. */
    public static Result run(List<String> cmd, Map<String, String> env, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out =
                    CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err =
                    CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(0) + " did not finish in 5 minutes");
            }
            return new Result(
                    p.exitValue(),
                    new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
