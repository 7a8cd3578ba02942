package dev.sluice.sftp.exec;

import dev.sluice.sftp.fs.Checksum;
import dev.sluice.sftp.fs.SessionFileSystem;
import dev.sluice.sftp.fs.SftpPaths;
import dev.sluice.sftp.fs.VirtualTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * The SSH exec commands Sluice answers, as SFTPGo serves them: {@code md5sum}, {@code sha1sum},
 * {@code sha256sum}, {@code sha512sum} with one path (or none: they hash their standard input,
 * which is how rclone probes for them), and {@code cd} and {@code pwd} (always "/"). Hashes come
 * from the object's metadata, or by reading the object when it has none; a hash needs the same
 * permission as a download of that file, checked by the session's {@link VirtualTree}. Nothing is
 * run by a shell: the request is split into words ({@link ShellWords}) and anything else is refused
 * with exit status 1 and a message naming what is supported. An SCP factory may delegate to this
 * one.
 */
public final class SluiceCommands implements CommandFactory {

    /** The commands answered, in the order the refusal names them. */
    public static final List<String> SUPPORTED =
            List.of("md5sum", "sha1sum", "sha256sum", "sha512sum", "cd", "pwd");

    /** What a hash command reads from standard input at most (rclone's probe sends nothing). */
    static final long MAX_STDIN_BYTES = 1024 * 1024;

    private static final AttributeRepository.AttributeKey<VirtualTree> TREE =
            new AttributeRepository.AttributeKey<>();

    private final FileSystemFactory files;
    private final ExecutorService pool;
    private final String protocols;

    /**
     * @param files makes the session's file system (the same the SFTP subsystem gets)
     * @param pool bounded pool the commands run on
     * @param protocols what else the server runs, for the refusal (e.g. "SFTP, scp")
     */
    public SluiceCommands(FileSystemFactory files, ExecutorService pool, String protocols) {
        this.files = files;
        this.pool = pool;
        this.protocols = protocols;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        Optional<List<String>> parsed = ShellWords.split(command);
        if (parsed.isEmpty() || parsed.get().isEmpty()) {
            return refusal("sluice", "cannot read this command (empty, too long or open quote)");
        }
        List<String> words = parsed.get();
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        Optional<Checksum> checksum = Checksum.ofCommand(name);
        if (checksum.isPresent()) {
            if (args.size() > 1) {
                return refusal(name, "takes one file path (got " + args.size() + " arguments)");
            }
            if (args.isEmpty()) {
                return new ExecCommand(
                        name, (c, in, out, err) -> hashInput(checksum.get(), in, out, err), pool);
            }
            String arg = args.get(0);
            return new ExecCommand(
                    name, (c, in, out, err) -> hashFile(c, checksum.get(), arg, out, err), pool);
        }
        return switch (name) {
            case "pwd" -> new ExecCommand(name, (c, in, out, err) -> print(out, "/\n"), pool);
            case "cd" -> new ExecCommand(name, (c, in, out, err) -> 0, pool);
            default ->
                    refusal(
                            "sluice",
                            "command not supported: only "
                                    + protocols
                                    + " and the commands "
                                    + String.join(", ", SUPPORTED)
                                    + " are available");
        };
    }

    private Command refusal(String name, String message) {
        return new ExecCommand(
                name, (c, in, out, err) -> print(err, name + ": " + message + "\n") + 1, pool);
    }

    private static int print(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        return 0;
    }

    /** {@code md5sum} without a file: the hash of standard input, named "-" (rclone's probe). */
    private static int hashInput(
            Checksum checksum, InputStream in, OutputStream out, OutputStream err)
            throws IOException {
        var digest = checksum.digest();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > MAX_STDIN_BYTES) {
                // A probe sends nothing; an endless stream would hold a thread of the shared pool.
                return print(
                                err,
                                checksum.command()
                                        + ": standard input is limited to "
                                        + MAX_STDIN_BYTES
                                        + " bytes here\n")
                        + 1;
            }
            digest.update(buffer, 0, n);
        }
        return print(out, HexFormat.of().formatHex(digest.digest()) + "  -\n");
    }

    private int hashFile(
            ChannelSession channel,
            Checksum checksum,
            String arg,
            OutputStream out,
            OutputStream err)
            throws IOException {
        String name = checksum.command();
        String path;
        try {
            path = SftpPaths.resolve(arg);
        } catch (InvalidPathException e) {
            return print(err, name + ": " + printable(arg) + ": not an acceptable path\n") + 1;
        }
        try {
            String hex = tree(channel).checksum(path, checksum);
            return print(out, hex + "  " + arg + "\n");
        } catch (NoSuchFileException e) {
            return print(err, name + ": " + printable(arg) + ": No such file or directory\n") + 1;
        } catch (AccessDeniedException e) {
            return print(err, name + ": " + printable(arg) + ": Permission denied\n") + 1;
        } catch (FileSystemException e) {
            String why = e.getReason() == null ? "cannot read it" : e.getReason();
            return print(err, name + ": " + printable(arg) + ": " + why + "\n") + 1;
        }
    }

    /** The session's tree, made once per session (its mounts come from the user's folders). */
    private VirtualTree tree(ChannelSession channel) throws IOException {
        try {
            return channel.getSession()
                    .computeAttributeIfAbsent(
                            TREE,
                            k -> {
                                try {
                                    return ((SessionFileSystem)
                                                    files.createFileSystem(channel.getSession()))
                                            .tree();
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A name for an error message: at most 256 characters, control characters shown as '?'. */
    private static String printable(String arg) {
        String cut = arg.length() > 256 ? arg.substring(0, 256) + "..." : arg;
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
