package dev.sluice.sftp.bench;

import dev.sluice.sftp.OpenSsh;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** OpenSSH's {@code sftp} in batch mode with a fresh bench key, and the processes it runs. */
final class OpenSshClient {

    private final Path key;
    private final String cipher;

    private OpenSshClient(Path key, String cipher) {
        this.key = key;
        this.cipher = cipher;
    }

    /** Generates an Ed25519 key pair {@code id_bench} in {@code work}. */
    static OpenSshClient withNewKey(Path work, String cipher) throws Exception {
        Path key = work.resolve("id_bench");
        Files.deleteIfExists(key);
        Files.deleteIfExists(publicKeyFile(key));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), null);
        return new OpenSshClient(key, cipher);
    }

    /** The public key file (for authorized_keys). */
    Path publicKeyFile() {
        return publicKeyFile(key);
    }

    /** The public key, as a user's {@code public_keys} entry. */
    String publicKey() throws Exception {
        return Files.readString(publicKeyFile()).strip();
    }

    /**
     * Runs {@code commands} (one per line) in one session of {@code sftp -b -}; returns what sftp
     * printed, and fails when it exits non-zero (batch mode stops at the first failed command).
     */
    String batch(int port, String user, String commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sftp", "-b", "-", "-c", cipher));
        cmd.addAll(OpenSsh.LOOPBACK_OPTIONS);
        cmd.addAll(List.of("-o", "IdentitiesOnly=yes", "-i", key.toString()));
        cmd.addAll(List.of("-P", Integer.toString(port), user + "@127.0.0.1"));
        return run(cmd, commands.endsWith("\n") ? commands : commands + "\n");
    }

    /** Runs a process with {@code stdin}; its output, or an exception naming it when it fails. */
    static String run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes());
            }
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    private static Path publicKeyFile(Path key) {
        return key.resolveSibling(key.getFileName() + ".pub");
    }
}
