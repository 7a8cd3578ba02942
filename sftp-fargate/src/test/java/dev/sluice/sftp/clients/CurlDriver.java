package dev.sluice.sftp.clients;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * curl's {@code sftp://} (libssh2), logging in with the account's key; directory operations are
 * curl's SFTP quote commands ({@code -Q}).
 */
final class CurlDriver implements ClientDriver {

    private final Account account;

    CurlDriver(Account account) {
        this.account = account;
    }

    private String url(String path) {
        return "sftp://127.0.0.1:" + account.port() + path;
    }

    private Command.Run curl(String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "curl",
                                "-sS",
                                // no known_hosts for a test server's fresh host key
                                "-k",
                                "--max-time",
                                "60",
                                "--user",
                                account.user() + ":",
                                "--key",
                                account.key().toString(),
                                "--pubkey",
                                account.key() + ".pub"));
        command.addAll(List.of(args));
        return Command.run(command, Map.of(), "", null).orFail();
    }

    /** One SFTP quote command, then curl lists "/" into nothing (it needs a transfer). */
    private void quote(String sftpCommand) {
        curl("-Q", sftpCommand, "-o", "/dev/null", url("/"));
    }

    @Override
    public void upload(Path local, String remote) {
        curl("-T", local.toString(), url(remote));
    }

    @Override
    public void download(String remote, Path local) {
        curl("-o", local.toString(), url(remote));
    }

    @Override
    public void mkdir(String dir) {
        quote("mkdir " + dir);
    }

    @Override
    public void rename(String from, String to) {
        quote("rename " + from + " " + to);
    }

    @Override
    public void delete(String file) {
        quote("rm " + file);
    }

    @Override
    public void rmdir(String dir) {
        quote("rmdir " + dir);
    }

    @Override
    public Map<String, Entry> list(String dir) {
        return LongListing.parse(curl(url(dir + "/")).output());
    }

    @Override
    public void resumeDownload(String remote, Path partial) {
        curl("-C", "-", "-o", partial.toString(), url(remote));
    }
}
