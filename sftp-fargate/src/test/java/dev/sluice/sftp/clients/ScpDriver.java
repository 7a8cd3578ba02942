package dev.sluice.sftp.clients;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenSSH's {@code scp}: by default over SFTP (OpenSSH 9's modern mode), with {@code -O} the legacy
 * SCP protocol, which needs the server to run {@code scp} exec requests.
 */
final class ScpDriver implements ClientDriver {

    /** What scp cannot do: it copies files and nothing else. */
    static final Map<Feature, String> LACKS =
            Map.of(
                    Feature.FILES,
                    "scp copies files only: no mkdir, rename, delete or listing",
                    Feature.RESUME,
                    "scp cannot resume a transfer",
                    Feature.SYNC,
                    "scp has no sync (scp -r copies everything every time)");

    private final Account account;
    private final String cipher;
    private final boolean legacy;

    ScpDriver(Account account, String cipher, boolean legacy) {
        this.account = account;
        this.cipher = cipher;
        this.legacy = legacy;
    }

    private void copy(String from, String to) {
        List<String> command = new ArrayList<>(List.of("scp", "-c", cipher));
        if (legacy) {
            command.add("-O");
        }
        command.addAll(List.of("-P", Integer.toString(account.port())));
        command.addAll(OpenSshSftpDriver.sshOptions(account));
        command.addAll(List.of(from, to));
        Command.Run run = Command.run(command);
        run.orFail();
    }

    private String remote(String path) {
        return account.user() + "@127.0.0.1:" + path;
    }

    @Override
    public void upload(Path local, String remote) {
        copy(local.toString(), remote(remote));
    }

    @Override
    public void download(String remote, Path local) {
        copy(remote(remote), local.toString());
    }
}
