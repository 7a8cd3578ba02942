package dev.sluice.sftp.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fair OpenSSH reference: a private {@code sshd} on a loopback port with {@code internal-sftp},
 * serving the local disk to the bench key. It needs root (sshd checks its own privileges) and
 * openssh-server.
 */
final class OpenSshServer implements AutoCloseable {

    private final Process daemon;
    private final int port;

    private OpenSshServer(Process daemon, int port) {
        this.daemon = daemon;
        this.port = port;
    }

    /**
     * Starts sshd authorizing {@code publicKeyFile}, with its files in {@code work}; empty when
     * sshd is missing or this is not root.
     */
    static Optional<OpenSshServer> startIfPossible(Path work, Path publicKeyFile) throws Exception {
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd) || !"root".equals(user())) {
            return Optional.empty();
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path hostKey = work.resolve("sshd_host_key");
        Files.deleteIfExists(hostKey);
        Files.deleteIfExists(work.resolve("sshd_host_key.pub"));
        OpenSshClient.run(
                List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()),
                null);
        Path authorized = work.resolve("authorized_keys");
        Files.copy(publicKeyFile, authorized, StandardCopyOption.REPLACE_EXISTING);
        Path cfg = work.resolve("sshd_config");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "ListenAddress 127.0.0.1",
                        "Port " + port,
                        "HostKey " + hostKey,
                        "AuthorizedKeysFile " + authorized,
                        "StrictModes no",
                        "UsePAM no",
                        "PermitRootLogin prohibit-password",
                        "PasswordAuthentication no",
                        "PidFile none",
                        "Subsystem sftp internal-sftp",
                        ""));
        Files.createDirectories(Path.of("/run/sshd"));
        Process daemon =
                new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", cfg.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("sshd.log").toFile())
                        .start();
        Thread.sleep(500);
        return Optional.of(new OpenSshServer(daemon, port));
    }

    int port() {
        return port;
    }

    /** The user the client logs in as (sshd serves real accounts). */
    static String user() {
        return System.getProperty("user.name");
    }

    @Override
    public void close() {
        daemon.destroy();
        try {
            daemon.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
