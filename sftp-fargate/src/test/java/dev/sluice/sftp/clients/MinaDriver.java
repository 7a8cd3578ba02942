package dev.sluice.sftp.clients;

import dev.sluice.sftp.Mina;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.sftp.client.SftpClient;

/**
 * Apache MINA SSHD's SftpClient (Java, SFTP v6) in this JVM, logging in with the account's password
 * once and keeping the session until {@link #close()}.
 */
final class MinaDriver implements ClientDriver {

    private final Account account;

    MinaDriver(Account account) {
        this.account = account;
    }

    private interface Work<T> {
        T on(SftpClient sftp) throws IOException;
    }

    private Mina.Sftp open;

    private <T> T session(Work<T> work) {
        try {
            if (open == null) {
                open = Mina.open(account.port(), account.user(), account.password());
            }
            return work.on(open.client());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    @Override
    public void upload(Path local, String remote) {
        session(
                sftp -> {
                    try (OutputStream out = sftp.write(remote)) {
                        return Files.copy(local, out);
                    }
                });
    }

    @Override
    public void download(String remote, Path local) {
        session(
                sftp -> {
                    try (InputStream in = sftp.read(remote)) {
                        return Files.copy(in, local);
                    }
                });
    }

    @Override
    public void mkdir(String dir) {
        session(
                sftp -> {
                    sftp.mkdir(dir);
                    return null;
                });
    }

    @Override
    public void rename(String from, String to) {
        session(
                sftp -> {
                    sftp.rename(from, to);
                    return null;
                });
    }

    @Override
    public void delete(String file) {
        session(
                sftp -> {
                    sftp.remove(file);
                    return null;
                });
    }

    @Override
    public void rmdir(String dir) {
        session(
                sftp -> {
                    sftp.rmdir(dir);
                    return null;
                });
    }

    @Override
    public Map<String, Entry> list(String dir) {
        return session(
                sftp -> {
                    Map<String, Entry> entries = new LinkedHashMap<>();
                    for (SftpClient.DirEntry e : sftp.readDir(dir)) {
                        if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                            SftpClient.Attributes a = e.getAttributes();
                            entries.put(e.getFilename(), new Entry(a.isDirectory(), a.getSize()));
                        }
                    }
                    return entries;
                });
    }

    @Override
    public void resumeDownload(String remote, Path partial) {
        // The API reads at an offset, as a resuming application does.
        session(
                sftp -> {
                    long offset = Files.size(partial);
                    byte[] buffer = new byte[32 * 1024];
                    try (SftpClient.CloseableHandle h =
                                    sftp.open(remote, SftpClient.OpenMode.Read);
                            OutputStream out =
                                    Files.newOutputStream(partial, StandardOpenOption.APPEND)) {
                        for (int n; (n = sftp.read(h, offset, buffer, 0, buffer.length)) > 0; ) {
                            out.write(buffer, 0, n);
                            offset += n;
                        }
                    }
                    return null;
                });
    }
}
