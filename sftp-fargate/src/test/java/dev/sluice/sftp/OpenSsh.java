package dev.sluice.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real OpenSSH {@code sftp} client in batch mode against the test server. */
public final class OpenSsh {

    /** What a batch run printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private OpenSsh() {}

    /** Skips the calling test with a clear message when a tool is not installed. */
    public static void assumeInstalled(String... tools) {
        for (String tool : tools) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Path.of(dir, tool).toFile().canExecute()) {
                    found = true;
                    break;
                }
            }
            String message =
                    tool
                            + " is not installed (Debian: apt-get install -y openssh-client sshpass ssh-audit;"
                            + " scripts/install-test-tools does it)";
            // As scripts/install-test-tools says: skipped on a developer's machine, a failure in
            // CI.
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.assertTrue(found, message);
            }
            Assumptions.assumeTrue(found, message + "; skipping the tests that drive it");
        }
    }

    /**
     * Skips (or, under CI=true, fails) unless Debian's python3 can import {@code module} (package
     * {@code debianPackage}).
     */
    public static void assumePython3Module(String module, String debianPackage) {
        boolean found;
        try {
            Process p =
                    new ProcessBuilder(PYTHON3, "-c", "import " + module)
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().readAllBytes();
            found = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String message =
                PYTHON3
                        + " cannot import "
                        + module
                        + " (Debian: apt-get install -y "
                        + debianPackage
                        + "; scripts/install-test-tools does it)";
        if ("true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.assertTrue(found, message);
        }
        Assumptions.assumeTrue(found, message + "; skipping the tests that drive it");
    }

    /**
     * Debian's interpreter, where apt installs python3-* modules (a python3 earlier on PATH may not
     * see them).
     */
    public static final String PYTHON3 = "/usr/bin/python3";

    /**
     * The options every OpenSSH client in the tests passes for a throwaway server on loopback:
     * accept its host key without remembering it, print errors only.
     */
    public static final List<String> LOOPBACK_OPTIONS =
            List.of(
                    "-o",
                    "StrictHostKeyChecking=no",
                    "-o",
                    "UserKnownHostsFile=/dev/null",
                    "-o",
                    "LogLevel=ERROR");

    static List<String> common(int port) {
        List<String> options = new java.util.ArrayList<>(List.of("-P", Integer.toString(port)));
        options.addAll(LOOPBACK_OPTIONS);
        options.addAll(List.of("-o", "ConnectTimeout=10"));
        return List.copyOf(options);
    }

    /** {@code sftp -b -} with a key; {@code commands} one per line. */
    public static Result withKey(
            int port, Path key, String user, String commands, String... extraOptions) {
        assumeInstalled("sftp");
        List<String> cmd = new ArrayList<>(List.of("sftp", "-b", "-"));
        cmd.addAll(common(port));
        cmd.addAll(
                List.of(
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "PasswordAuthentication=no",
                        "-o",
                        "KbdInteractiveAuthentication=no",
                        "-i",
                        key.toString()));
        cmd.addAll(List.of(extraOptions));
        cmd.add(user + "@127.0.0.1");
        return run(cmd, commands, null);
    }

    /** {@code sshpass -p ... sftp -b -} with a password (password or keyboard-interactive). */
    public static Result withPassword(
            int port, String user, String password, String method, String commands) {
        assumeInstalled("sftp", "sshpass");
        List<String> cmd =
                new ArrayList<>(List.of("sshpass", "-e", "sftp", "-oBatchMode=no", "-b", "-"));
        cmd.addAll(common(port));
        cmd.addAll(
                List.of(
                        "-o",
                        "PubkeyAuthentication=no",
                        "-o",
                        "PreferredAuthentications=" + method,
                        "-o",
                        "NumberOfPasswordPrompts=1"));
        cmd.add(user + "@127.0.0.1");
        return run(cmd, commands, password);
    }

    static Result run(List<String> cmd, String stdin, String password) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (password != null) {
                pb.environment().put("SSHPASS", password);
            }
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out\n" + new String(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
