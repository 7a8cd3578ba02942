package dev.sluice.sftp.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rclone with an {@code sftp} remote named {@code sluice} configured only by environment variables
 * ({@code RCLONE_CONFIG_SLUICE_*}), logging in with the account's key.
 */
final class RcloneDriver implements ClientDriver {

    private static final Pattern ENTRY =
            Pattern.compile("\"Name\":\"([^\"]+)\",\"Size\":(-?\\d+),.*?\"IsDir\":(true|false)");

    private final Map<String, String> env;

    RcloneDriver(Account account) {
        Path config = account.work().resolve("rclone.conf");
        try {
            // An empty file of our own: rclone would otherwise read (or warn about) ~/.config.
            Files.write(config, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.env =
                Map.of(
                        "RCLONE_CONFIG", config.toString(),
                        "RCLONE_CONFIG_SLUICE_TYPE", "sftp",
                        "RCLONE_CONFIG_SLUICE_HOST", "127.0.0.1",
                        "RCLONE_CONFIG_SLUICE_PORT", Integer.toString(account.port()),
                        "RCLONE_CONFIG_SLUICE_USER", account.user(),
                        "RCLONE_CONFIG_SLUICE_KEY_FILE", account.key().toString());
    }

    private Command.Run rclone(String... args) {
        List<String> command = new ArrayList<>(List.of("rclone"));
        command.addAll(List.of(args));
        // One try each: a failure should show at once, not after rclone's retries.
        command.addAll(List.of("--retries", "1", "--low-level-retries", "1"));
        return Command.run(command, env, "", null).orFail();
    }

    private static String remote(String path) {
        return "sluice:" + path;
    }

    @Override
    public void upload(Path local, String remote) {
        rclone("copyto", local.toString(), remote(remote));
    }

    @Override
    public void download(String remote, Path local) {
        rclone("copyto", remote(remote), local.toString());
    }

    @Override
    public void mkdir(String dir) {
        rclone("mkdir", remote(dir));
    }

    @Override
    public void rename(String from, String to) {
        rclone("moveto", remote(from), remote(to));
    }

    @Override
    public void delete(String file) {
        rclone("deletefile", remote(file));
    }

    @Override
    public void rmdir(String dir) {
        rclone("rmdir", remote(dir));
    }

    @Override
    public Map<String, Entry> list(String dir) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : rclone("lsjson", remote(dir)).output().lines().toList()) {
            Matcher m = ENTRY.matcher(line);
            if (m.find()) {
                entries.put(
                        m.group(1),
                        new Entry(Boolean.parseBoolean(m.group(3)), Long.parseLong(m.group(2))));
            }
        }
        return entries;
    }

    @Override
    public SyncRun sync(Path localDir, String remoteDir) {
        String output = rclone("sync", "-v", localDir.toString(), remote(remoteDir)).output();
        // -v logs "<name>: Copied (new)" or "Copied (replaced existing)" for each file sent.
        int copied = (int) output.lines().filter(l -> l.contains(": Copied (")).count();
        return new SyncRun(copied, output);
    }
}
