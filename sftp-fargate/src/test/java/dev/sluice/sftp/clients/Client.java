package dev.sluice.sftp.clients;

import dev.sluice.sftp.OpenSsh;
import java.util.Map;
import java.util.function.Function;

/**
 * Every client of the matrix: its name as docs/compatibility.md ("Clients tested") lists it, what
 * must be installed, what it cannot do and why, and its driver.
 */
enum Client {
    SFTP_AES128_GCM(
            "OpenSSH sftp, aes128-gcm",
            () -> OpenSsh.assumeInstalled("sftp"),
            Map.of(Feature.SYNC, "sftp has no sync or mirror command"),
            a -> new OpenSshSftpDriver(a, "aes128-gcm@openssh.com")),
    SFTP_CHACHA20(
            "OpenSSH sftp, chacha20-poly1305",
            () -> OpenSsh.assumeInstalled("sftp"),
            Map.of(Feature.SYNC, "sftp has no sync or mirror command"),
            a -> new OpenSshSftpDriver(a, "chacha20-poly1305@openssh.com")),
    SCP_AES128_GCM(
            "OpenSSH scp, aes128-gcm",
            () -> OpenSsh.assumeInstalled("scp"),
            ScpDriver.LACKS,
            a -> new ScpDriver(a, "aes128-gcm@openssh.com", false)),
    SCP_CHACHA20(
            "OpenSSH scp, chacha20-poly1305",
            () -> OpenSsh.assumeInstalled("scp"),
            ScpDriver.LACKS,
            a -> new ScpDriver(a, "chacha20-poly1305@openssh.com", false)),
    SCP_LEGACY(
            "OpenSSH scp -O (legacy SCP protocol)",
            () -> OpenSsh.assumeInstalled("scp"),
            ScpDriver.LACKS,
            a -> new ScpDriver(a, "aes128-gcm@openssh.com", true)),
    PARAMIKO(
            "paramiko",
            () -> OpenSsh.assumePython3Module("paramiko", "python3-paramiko"),
            Map.of(Feature.SYNC, "paramiko is a library without a sync"),
            a -> new PythonDriver(a, "paramiko_driver.py")),
    ASYNCSSH(
            "asyncssh",
            () -> OpenSsh.assumePython3Module("asyncssh", "python3-asyncssh"),
            Map.of(Feature.SYNC, "asyncssh is a library without a sync"),
            a -> new PythonDriver(a, "asyncssh_driver.py")),
    RCLONE(
            "rclone",
            () -> OpenSsh.assumeInstalled("rclone"),
            Map.of(
                    Feature.RESUME,
                    "rclone 1.60 restarts an interrupted download from the first byte"),
            RcloneDriver::new),
    LFTP("lftp", () -> OpenSsh.assumeInstalled("lftp", "ssh"), Map.of(), LftpDriver::new),
    CURL(
            "curl (libssh2)",
            () -> OpenSsh.assumeInstalled("curl"),
            Map.of(Feature.SYNC, "curl has no sync or mirror"),
            CurlDriver::new),
    MINA(
            "Apache MINA SSHD SftpClient",
            () -> {},
            Map.of(Feature.SYNC, "MINA's SftpClient is a library without a sync"),
            MinaDriver::new);

    private final String title;
    private final Runnable requirement;
    private final Map<Feature, String> lacks;
    private final Function<Account, ClientDriver> driver;

    Client(
            String title,
            Runnable requirement,
            Map<Feature, String> lacks,
            Function<Account, ClientDriver> driver) {
        this.title = title;
        this.requirement = requirement;
        this.lacks = lacks;
        this.driver = driver;
    }

    /** The name in the docs' table. */
    String title() {
        return title;
    }

    /** Skips (or fails under CI=true) when the client is not installed. */
    void assumeInstalled() {
        requirement.run();
    }

    boolean has(Feature feature) {
        return !lacks.containsKey(feature);
    }

    /** Why the client cannot do {@code feature}; empty when it can. */
    String whyNot(Feature feature) {
        return lacks.getOrDefault(feature, "");
    }

    /**
     * Whether a second sync can only find nothing to send when the server keeps the client's
     * modification times: rclone compares them; lftp's {@code mirror -R} by default keeps a remote
     * file that is newer than the local one ("some remote back-ends cannot preserve timestamps",
     * its manual says), so it sends nothing again either way.
     */
    boolean secondSyncNeedsKeptMtimes() {
        return this == RCLONE;
    }

    ClientDriver driver(Account account) {
        return driver.apply(account);
    }

    @Override
    public String toString() {
        return title;
    }
}
