package dev.sluice.sftp.scp;

import dev.sluice.paths.VirtualPath;
import dev.sluice.sftp.fs.FileInfo;
import dev.sluice.sftp.fs.SessionPath;
import dev.sluice.sftp.fs.SftpPaths;
import dev.sluice.sftp.fs.VirtualTree;
import dev.sluice.users.Permission;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.ScpException;
import org.apache.sshd.scp.common.ScpFileOpener;
import org.apache.sshd.scp.common.ScpSourceStreamResolver;
import org.apache.sshd.scp.common.ScpTargetStreamResolver;
import org.apache.sshd.scp.common.helpers.ScpAckInfo;
import org.apache.sshd.scp.common.helpers.ScpTimestampCommandDetails;

/**
 * MINA's SCP code on a session's {@link VirtualTree}: every path the client names is cleaned as an
 * SFTP path is ({@link SftpPaths}), uploads go through {@link VirtualTree#openWrite} (upload and
 * overwrite permissions, file patterns, quotas, max file size, bandwidth, atomic multipart
 * uploads), downloads through {@link VirtualTree#openRead} (download permission, ranged reads),
 * directories through {@link VirtualTree#mkdir} (create_dirs). One per SCP command: it holds that
 * command's input (to see the client's status byte after each file) and the upload in flight.
 *
 * <p>An upload commits only when all the announced bytes arrived and the client then sent its
 * all-clear (a 0 byte); a client that fails to read its own file sends an error there instead (with
 * padding in place of the data), and a client that disconnects sends nothing: both store nothing.
 * {@code -p} times and modes are accepted and not applied (S3 keeps the time an object is written).
 */
final class ScpTreeOpener implements ScpFileOpener {

    private static final Set<PosixFilePermission> FILE_MODE =
            PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIRECTORY_MODE =
            PosixFilePermissions.fromString("rwxr-xr-x");

    private volatile ScpInput input;
    private volatile ScpUploadStream open;

    /** The command's input, wrapped; set before the command runs. */
    void attach(ScpInput in) {
        this.input = in;
    }

    /** The session went away: the file in flight, if any, never completed. */
    void abortOpenUpload(String reason) {
        ScpUploadStream upload = open;
        if (upload != null) {
            upload.abort(reason);
        }
    }

    // ------------------------------------------------------------------ paths

    @Override
    public Path resolveLocalPath(Session session, FileSystem fileSystem, String commandPath)
            throws IOException {
        if (commandPath == null) {
            throw new ScpException("the SCP command names no path", ScpAckInfo.ERROR);
        }
        return fileSystem.getPath(clean(commandPath));
    }

    @Override
    public String checkRemoteFileName(FileSystem fs, String fileName) {
        return checkName(fileName);
    }

    /** A directory of a recursive upload ({@code D} line): made unless it exists. */
    @Override
    public Path resolveIncomingFilePath(
            Session session,
            Path localPath,
            String name,
            boolean preserve,
            Set<PosixFilePermission> permissions,
            ScpTimestampCommandDetails time)
            throws IOException {
        VirtualTree tree = tree(localPath);
        String dir = target(tree, virtual(localPath), name);
        Optional<FileInfo> existing = tree.find(dir);
        if (existing.isEmpty()) {
            tree.mkdir(dir);
        } else if (!existing.get().directory()) {
            throw new ScpException(
                    dir + ": a file exists there, not a directory", ScpAckInfo.ERROR);
        }
        return localPath.getFileSystem().getPath(dir);
    }

    /**
     * Where an incoming {@code C} or {@code D} named {@code name} goes: inside {@code base} when it
     * is a directory, else {@code base} itself (a new name in an existing directory, or a file to
     * replace).
     */
    private static String target(VirtualTree tree, String base, String name) throws IOException {
        Optional<FileInfo> at = tree.find(base);
        if (at.isPresent() && at.get().directory()) {
            try {
                return (base.equals("/") ? "" : base) + "/" + checkName(name);
            } catch (InvalidPathException e) {
                throw new ScpException(
                        "not an acceptable file name: " + e.getReason(), ScpAckInfo.ERROR);
            }
        }
        if (at.isPresent()) {
            return base;
        }
        String parent = VirtualPath.parent(base);
        Optional<FileInfo> dir = tree.find(parent);
        if (dir.isEmpty()) {
            throw new NoSuchFileException(parent, null, "no such directory");
        }
        if (!dir.get().directory()) {
            throw new NotDirectoryException(parent);
        }
        return base;
    }

    private static String checkName(String name) {
        if (name == null
                || name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0) {
            throw new InvalidPathException(
                    String.valueOf(name), "a file name, not a path, \".\" or \"..\"");
        }
        SftpPaths.resolve("/" + name);
        return name;
    }

    // ------------------------------------------------------------------ uploads

    @Override
    public ScpTargetStreamResolver createScpTargetStreamResolver(Session session, Path path) {
        return new ScpTargetStreamResolver() {
            private Path file = path;

            @Override
            public OutputStream resolveTargetStream(
                    Session s,
                    String name,
                    long length,
                    Set<PosixFilePermission> perms,
                    OpenOption... options)
                    throws IOException {
                String target = target(tree(path), virtual(path), name);
                file = path.getFileSystem().getPath(target);
                return openWrite(s, file, length, perms, options);
            }

            @Override
            public void closeTargetStream(
                    Session s,
                    String name,
                    long length,
                    Set<PosixFilePermission> perms,
                    OutputStream stream)
                    throws IOException {
                closeWrite(s, file, length, perms, stream);
            }

            @Override
            public Path getEventListenerFilePath() {
                return file;
            }

            @Override
            public void postProcessReceivedData(
                    String name,
                    boolean preserve,
                    Set<PosixFilePermission> perms,
                    ScpTimestampCommandDetails time)
                    throws IOException {
                // -p: the modification time is kept as over SFTP (object metadata, with "chtimes";
                // without it the time is dropped rather than failing a transfer that succeeded).
                // Modes: S3 has none.
                if (!preserve || time == null || file == null) {
                    return;
                }
                VirtualTree tree = tree(file);
                String target = virtual(file);
                if (tree.access().allows(VirtualPath.parent(target), Permission.CHTIMES)) {
                    tree.setModifiedTime(target, Instant.ofEpochMilli(time.getLastModifiedTime()));
                }
            }
        };
    }

    @Override
    public OutputStream openWrite(
            Session session,
            Path file,
            long size,
            Set<PosixFilePermission> permissions,
            OpenOption... options)
            throws IOException {
        if (size < 0) {
            throw new ScpException(
                    "a file's length is 0 or more, got " + size + "; nothing was stored",
                    ScpAckInfo.ERROR);
        }
        ScpUploadStream upload =
                new ScpUploadStream(tree(file).openWrite(virtual(file), true, false, true), size);
        open = upload;
        return upload;
    }

    /**
     * All announced bytes were read (or the stream ended): commit only on the client's all-clear
     * after them.
     */
    @Override
    public void closeWrite(
            Session session,
            Path file,
            long size,
            Set<PosixFilePermission> permissions,
            OutputStream os)
            throws IOException {
        ScpUploadStream upload = (ScpUploadStream) os;
        try {
            int status = input.peek();
            if (status != ScpAckInfo.OK) {
                String why =
                        status == -1
                                ? "the connection ended before the file was complete"
                                : "the client reported an error sending the file";
                upload.abort(why);
                throw new ScpException(
                        virtual(file) + ": " + why + "; nothing was stored", ScpAckInfo.ERROR);
            }
            upload.commit();
        } finally {
            open = null;
            upload.close();
        }
    }

    // ------------------------------------------------------------------ downloads

    @Override
    public ScpSourceStreamResolver createScpSourceStreamResolver(Session session, Path path)
            throws IOException {
        VirtualTree tree = tree(path);
        String vp = virtual(path);
        FileInfo info = known(path).orElse(null);
        // Opened now, before the C line goes out: a refusal (download permission, file patterns)
        // is the answer to this file, not a broken stream.
        SeekableByteChannel channel = tree.openRead(vp);
        FileInfo stat = info != null ? info : tree.stat(vp);
        return new ScpSourceStreamResolver() {
            @Override
            public String getFileName() {
                return VirtualPath.name(vp);
            }

            @Override
            public Path getEventListenerFilePath() {
                return path;
            }

            @Override
            public Collection<PosixFilePermission> getPermissions() {
                return EnumSet.copyOf(FILE_MODE);
            }

            @Override
            public ScpTimestampCommandDetails getTimestamp() {
                long millis = stat.lastModified().toEpochMilli();
                return new ScpTimestampCommandDetails(millis, millis);
            }

            @Override
            public long getSize() {
                return stat.size();
            }

            @Override
            public InputStream resolveSourceStream(
                    Session s, long fileSize, Set<PosixFilePermission> perms, OpenOption... o) {
                return Channels.newInputStream(channel);
            }

            @Override
            public String toString() {
                return vp;
            }
        };
    }

    @Override
    public InputStream openRead(
            Session session,
            Path file,
            long size,
            Set<PosixFilePermission> permissions,
            OpenOption... options)
            throws IOException {
        return Channels.newInputStream(tree(file).openRead(virtual(file)));
    }

    @Override
    public Set<PosixFilePermission> getLocalFilePermissions(
            Session session, Path path, LinkOption... options) {
        return EnumSet.copyOf(Files.isDirectory(path) ? DIRECTORY_MODE : FILE_MODE);
    }

    // ------------------------------------------------------------------ helpers

    private static VirtualTree tree(Path path) {
        if (!(path.getFileSystem() instanceof dev.sluice.sftp.fs.SessionFileSystem fs)) {
            throw new ProviderMismatchException("not a Sluice session path: " + path);
        }
        return fs.tree();
    }

    private static Optional<FileInfo> known(Path path) {
        return path instanceof SessionPath p ? Optional.ofNullable(p.known()) : Optional.empty();
    }

    private static String virtual(Path path) throws ScpException {
        return clean(path.toString());
    }

    /** The client's path as a clean virtual path, or a refusal that does not echo it. */
    private static String clean(String path) throws ScpException {
        try {
            return SftpPaths.resolve(path);
        } catch (InvalidPathException e) {
            throw new ScpException("not an acceptable path: " + e.getReason(), ScpAckInfo.ERROR);
        }
    }
}
