package dev.sluice.sftp.clients;

import dev.sluice.sftp.OpenSsh;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python SFTP library (paramiko or asyncssh) through its script under {@code
 * src/test/resources/clients/}, one operation per run, with Debian's {@code /usr/bin/python3}.
 */
final class PythonDriver implements ClientDriver {

    private static final Pattern ENTRY =
            Pattern.compile(
                    "\\{\"name\": \"([^\"]+)\", \"size\": (\\d+), \"dir\": (true|false)\\}");

    private final Account account;
    private final Path script;

    PythonDriver(Account account, String script) {
        this.account = account;
        this.script = resource(script);
    }

    static Path resource(String name) {
        URL url = PythonDriver.class.getResource("/clients/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource clients/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Command.Run run(String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                OpenSsh.PYTHON3,
                                script.toString(),
                                "127.0.0.1",
                                Integer.toString(account.port()),
                                account.user(),
                                account.key().toString()));
        command.addAll(List.of(args));
        return Command.run(command).orFail();
    }

    @Override
    public void upload(Path local, String remote) {
        run("put", local.toString(), remote);
    }

    @Override
    public void download(String remote, Path local) {
        run("get", remote, local.toString());
    }

    @Override
    public void mkdir(String dir) {
        run("mkdir", dir);
    }

    @Override
    public void rename(String from, String to) {
        run("rename", from, to);
    }

    @Override
    public void delete(String file) {
        run("rm", file);
    }

    @Override
    public void rmdir(String dir) {
        run("rmdir", dir);
    }

    @Override
    public Map<String, Entry> list(String dir) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(run("ls", dir).output());
        while (m.find()) {
            entries.put(
                    m.group(1),
                    new Entry(Boolean.parseBoolean(m.group(3)), Long.parseLong(m.group(2))));
        }
        return entries;
    }

    @Override
    public void resumeDownload(String remote, Path partial) {
        run("reget", remote, partial.toString());
    }
}
