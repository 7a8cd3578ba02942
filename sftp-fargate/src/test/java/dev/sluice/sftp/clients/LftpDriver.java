package dev.sluice.sftp.clients;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * lftp's {@code sftp://}, which runs OpenSSH's {@code ssh} as its transport (so the account's key
 * logs in), one {@code lftp -c} per operation, stopping at the first failed command.
 */
final class LftpDriver implements ClientDriver {

    private final Account account;

    LftpDriver(Account account) {
        this.account = account;
    }

    private Command.Run lftp(String commands) {
        String ssh =
                "ssh -a -x "
                        + OpenSshSftpDriver.sshOptions(account).stream()
                                .collect(Collectors.joining(" "));
        String script =
                "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 30;"
                        + " set sftp:connect-program '"
                        + ssh
                        + "'; open -u "
                        + account.user()
                        + ", -p "
                        + account.port()
                        + " sftp://127.0.0.1; "
                        + commands;
        return Command.run(List.of("lftp", "-c", script), Map.of(), "", null).orFail();
    }

    @Override
    public void upload(Path local, String remote) {
        lftp("put " + local + " -o " + remote);
    }

    @Override
    public void download(String remote, Path local) {
        lftp("get " + remote + " -o " + local);
    }

    @Override
    public void mkdir(String dir) {
        lftp("mkdir " + dir);
    }

    @Override
    public void rename(String from, String to) {
        lftp("mv " + from + " " + to);
    }

    @Override
    public void delete(String file) {
        lftp("rm " + file);
    }

    @Override
    public void rmdir(String dir) {
        lftp("rmdir " + dir);
    }

    @Override
    public Map<String, Entry> list(String dir) {
        return LongListing.parse(lftp("cls -l " + dir + "/").output());
    }

    @Override
    public void resumeDownload(String remote, Path partial) {
        lftp("get -c " + remote + " -o " + partial);
    }

    @Override
    public SyncRun sync(Path localDir, String remoteDir) {
        String output = lftp("mirror -R -v " + localDir + " " + remoteDir).output();
        // -v prints "Transferring file `<name>'" for each file it sends.
        int sent = (int) output.lines().filter(l -> l.startsWith("Transferring file")).count();
        return new SyncRun(sent, output);
    }
}
