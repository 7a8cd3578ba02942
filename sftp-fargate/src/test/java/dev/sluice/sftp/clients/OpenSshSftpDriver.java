package dev.sluice.sftp.clients;

import dev.sluice.sftp.OpenSsh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenSSH's {@code sftp} in batch mode with one cipher, logging in with the account's key. */
final class OpenSshSftpDriver implements ClientDriver {

    private final Account account;
    private final String cipher;

    OpenSshSftpDriver(Account account, String cipher) {
        this.account = account;
        this.cipher = cipher;
    }

    /** Options every OpenSSH program of the matrix (sftp, scp, lftp's ssh) passes. */
    static List<String> sshOptions(Account account) {
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "-o",
                                "IdentitiesOnly=yes",
                                "-o",
                                "PasswordAuthentication=no",
                                "-o",
                                "KbdInteractiveAuthentication=no"));
        options.addAll(OpenSsh.LOOPBACK_OPTIONS);
        options.addAll(List.of("-o", "ConnectTimeout=10", "-i", account.key().toString()));
        return List.copyOf(options);
    }

    private Command.Run batch(String... commands) {
        List<String> command = new ArrayList<>(List.of("sftp", "-b", "-", "-c", cipher));
        command.addAll(List.of("-P", Integer.toString(account.port())));
        command.addAll(sshOptions(account));
        command.add(account.user() + "@127.0.0.1");
        return Command.run(command, Map.of(), String.join("\n", commands) + "\n", null).orFail();
    }

    @Override
    public void upload(Path local, String remote) {
        batch("put " + local + " " + remote);
    }

    @Override
    public void download(String remote, Path local) {
        batch("get " + remote + " " + local);
    }

    @Override
    public void mkdir(String dir) {
        batch("mkdir " + dir);
    }

    @Override
    public void rename(String from, String to) {
        batch("rename " + from + " " + to);
    }

    @Override
    public void delete(String file) {
        batch("rm " + file);
    }

    @Override
    public void rmdir(String dir) {
        batch("rmdir " + dir);
    }

    @Override
    public Map<String, Entry> list(String dir) {
        return LongListing.parse(batch("ls -l " + dir).output());
    }

    @Override
    public void resumeDownload(String remote, Path partial) {
        batch("reget " + remote + " " + partial);
    }
}
