package dev.sluice.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH {@code sftp} client in batch mode, with its own known_hosts file, so tests see
 * exactly what a user's terminal would (including a changed host key).
 */
final class OpenSshClient {

    /** What one sftp run did. */
    record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path workDir;
    private final Path knownHosts;

    OpenSshClient(Path workDir) {
        this.workDir = workDir;
        this.knownHosts = workDir.resolve("known_hosts");
    }

    Path knownHosts() {
        return knownHosts;
    }

    Path newKey(String name) throws IOException, InterruptedException {
        Path key = workDir.resolve(name);
        run(
                List.of(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-C",
                        name,
                        "-f",
                        key.toString()));
        return key;
    }

    Run withKey(Path key, String user, int port, String batch, boolean strictHostKey)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "sftp",
                                "-b",
                                "-",
                                "-i",
                                key.toString(),
                                "-o",
                                "IdentitiesOnly=yes",
                                "-o",
                                "PasswordAuthentication=no",
                                "-o",
                                "KbdInteractiveAuthentication=no"));
        command.addAll(common(user, port, strictHostKey));
        return run(command, batch);
    }

    Run withPassword(String password, String user, int port, String batch)
            throws IOException, InterruptedException {
        return withPassword(password, user, port, batch, List.of());
    }

    /** {@link #withPassword(String, String, int, String)} with more OpenSSH options. */
    Run withPassword(String password, String user, int port, String batch, List<String> options)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "sshpass",
                                "-e",
                                "sftp",
                                "-o",
                                "PubkeyAuthentication=no",
                                "-o",
                                "BatchMode=no",
                                "-o",
                                "PreferredAuthentications=password,keyboard-interactive"));
        command.addAll(options);
        command.addAll(common(user, port, false));
        // sftp -b would disable password prompts; sshpass answers them, the batch comes on stdin.
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("SSHPASS", password);
        return finish(builder.start(), batch);
    }

    private List<String> common(String user, int port, boolean strictHostKey) {
        return List.of(
                "-P",
                Integer.toString(port),
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "StrictHostKeyChecking=" + (strictHostKey ? "yes" : "accept-new"),
                "-o",
                "ConnectTimeout=10",
                // Test systems pick free ports: pin the host key to a name, not to host:port.
                "-o",
                "HostKeyAlias=sluice-e2e",
                user + "@127.0.0.1");
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        return run(command, "");
    }

    private Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .start();
        return finish(process, stdin);
    }

    private static Run finish(Process process, String stdin)
            throws IOException, InterruptedException {
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, "timed out");
        }
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static String fingerprintLines(Path knownHosts) throws IOException {
        return Files.readString(knownHosts);
    }
}
