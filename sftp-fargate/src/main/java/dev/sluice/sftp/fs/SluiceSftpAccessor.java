package dev.sluice.sftp.fs;

import dev.sluice.config.SetStatMode;
import dev.sluice.paths.VirtualPath;
import dev.sluice.users.Permission;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * Where MINA's SFTP subsystem meets the session's {@link VirtualTree}. MINA 2.19 routes every file
 * operation through an {@link SftpFileSystemAccessor}; overriding it (rather than only providing a
 * java.nio file system) gives the S3 tree the SFTP-level facts java.nio cannot carry: the open
 * flags of an upload, the handle lifecycle (an upload commits when the client closes its handle,
 * see {@link SftpUploadChannel}), and attribute changes that S3 cannot honour. The file system's
 * refusals become SFTP status codes here ({@link SftpStatus}). Plain {@code Files.*} probes still
 * go to {@link SluiceFileSystemProvider}.
 */
public final class SluiceSftpAccessor implements SftpFileSystemAccessor {

    private final SetStatMode setStatMode;

    public SluiceSftpAccessor(SetStatMode setStatMode) {
        this.setStatMode = setStatMode;
    }

    @Override
    public Path resolveLocalFilePath(
            SftpSubsystemProxy subsystem, Path rootDir, String remotePath) {
        String clean = SftpPaths.resolve(remotePath);
        return rootDir.getFileSystem().getPath(clean);
    }

    @Override
    public SeekableByteChannel openFile(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Set<? extends OpenOption> options,
            FileAttribute<?>... attrs)
            throws IOException {
        VirtualTree tree = SluiceFileSystemProvider.tree(file);
        String path = SluiceFileSystemProvider.cast(file).virtualPath();
        if (fileHandle == null) {
            // MINA opens a handle-less channel only to apply a SETSTAT size change (truncate).
            return new SizeOnlyChannel(tree.stat(path).size());
        }
        if (options.contains(StandardOpenOption.WRITE)
                || options.contains(StandardOpenOption.APPEND)) {
            return new SftpUploadChannel(
                    SftpStatus.translated(
                            () ->
                                    tree.openWrite(
                                            path,
                                            options.contains(StandardOpenOption.CREATE)
                                                    || options.contains(
                                                            StandardOpenOption.CREATE_NEW),
                                            options.contains(StandardOpenOption.CREATE_NEW),
                                            options.contains(
                                                    StandardOpenOption.TRUNCATE_EXISTING))));
        }
        return tree.openRead(path);
    }

    @Override
    public void closeFile(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Channel channel,
            Set<? extends OpenOption> options)
            throws IOException {
        // Always close an upload, even one already aborted: its close reports the failure to the
        // client.
        if (channel != null && (channel.isOpen() || channel instanceof SftpUploadChannel)) {
            channel.close();
        }
    }

    @Override
    public FileLock tryLock(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Channel channel,
            long position,
            long size,
            boolean shared) {
        throw new UnsupportedOperationException("S3 has no byte-range locks");
    }

    @Override
    public void syncFileData(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Channel channel) {
        // An upload is durable when the handle is closed and S3 completes it; there is nothing to
        // sync before.
    }

    @Override
    public DirectoryStream<Path> openDirectory(
            SftpSubsystemProxy subsystem,
            DirectoryHandle dirHandle,
            Path dir,
            String handle,
            LinkOption... linkOptions)
            throws IOException {
        return dir.getFileSystem().provider().newDirectoryStream(dir, p -> true);
    }

    @Override
    public Map<String, ?> readFileAttributes(
            SftpSubsystemProxy subsystem, Path file, String view, LinkOption... options)
            throws IOException {
        return file.getFileSystem().provider().readAttributes(file, view, options);
    }

    // ------------------------------------------------------------------ attribute changes S3
    // cannot store

    @Override
    public void setFileAttribute(
            SftpSubsystemProxy subsystem,
            Path file,
            String view,
            String attribute,
            Object value,
            LinkOption... options)
            throws IOException {
        switch (attribute) {
            case "lastModifiedTime" -> setTimes(file, value);
            case "lastAccessTime", "creationTime" -> setTimes(file, null);
            case "uid", "gid", "owner", "group" -> setStat(file, Permission.CHOWN, attribute);
            default -> setStat(file, Permission.CHMOD, attribute);
        }
    }

    /**
     * Set-times: with "chtimes" the modification time is kept in the object's metadata ({@link
     * VirtualTree#setModifiedTime}); the access and creation times are accepted and ignored.
     * Without "chtimes", SLUICE_SETSTAT_MODE decides as for chmod: ignored, or permission denied.
     *
     * @param value the new modification time; null for a time S3 does not keep
     */
    private void setTimes(Path file, Object value) throws IOException {
        VirtualTree tree = SluiceFileSystemProvider.tree(file);
        String path = SluiceFileSystemProvider.cast(file).virtualPath();
        if (!tree.access().allows(VirtualPath.parent(path), Permission.CHTIMES)) {
            if (setStatMode == SetStatMode.IGNORE) {
                return;
            }
            tree.access().require(VirtualPath.parent(path), path, Permission.CHTIMES);
        }
        if (value instanceof FileTime time) {
            SftpStatus.translated(
                    () -> {
                        tree.setModifiedTime(path, time.toInstant());
                        return null;
                    });
        }
    }

    @Override
    public void setFileOwner(
            SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        setStat(file, Permission.CHOWN, "owner");
    }

    @Override
    public void setGroupOwner(
            SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        setStat(file, Permission.CHOWN, "group");
    }

    @Override
    public void setFilePermissions(
            SftpSubsystemProxy subsystem,
            Path file,
            Set<PosixFilePermission> perms,
            LinkOption... options)
            throws IOException {
        setStat(file, Permission.CHMOD, "permissions");
    }

    @Override
    public void setFileAccessControl(
            SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl, LinkOption... options)
            throws IOException {
        setStat(file, Permission.CHMOD, "acl");
    }

    /**
     * chmod/chown: S3 keeps neither. By default they are accepted and ignored, as clients such as
     * WinSCP send them after every upload and would otherwise report the transfer failed; with
     * SLUICE_SETSTAT_MODE=refuse they fail (permission denied without the permission, unsupported
     * with it).
     */
    private void setStat(Path file, Permission needed, String what) throws IOException {
        if (setStatMode == SetStatMode.IGNORE) {
            return;
        }
        VirtualTree tree = SluiceFileSystemProvider.tree(file);
        String path = SluiceFileSystemProvider.cast(file).virtualPath();
        tree.access().require(VirtualPath.parent(path), path, needed);
        throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "S3 cannot store " + what);
    }

    // ------------------------------------------------------------------ tree changes

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        SluiceFileSystemProvider.tree(path)
                .mkdir(SluiceFileSystemProvider.cast(path).virtualPath());
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory)
            throws IOException {
        VirtualTree tree = SluiceFileSystemProvider.tree(path);
        String vp = SluiceFileSystemProvider.cast(path).virtualPath();
        if (isDirectory) {
            tree.rmdir(vp);
        } else {
            tree.remove(vp);
        }
    }

    @Override
    public void renameFile(
            SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        SftpStatus.translated(
                () -> {
                    SluiceFileSystemProvider.tree(oldPath)
                            .rename(
                                    SluiceFileSystemProvider.cast(oldPath).virtualPath(),
                                    SluiceFileSystemProvider.cast(newPath).virtualPath(),
                                    opts != null
                                            && (opts.contains(StandardCopyOption.REPLACE_EXISTING)
                                                    || opts.contains(
                                                            StandardCopyOption.ATOMIC_MOVE)));
                    return null;
                });
    }

    @Override
    public void copyFile(
            SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts) {
        throw new UnsupportedOperationException("server-side copy is not offered over SFTP");
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
            throws IOException {
        String path = SluiceFileSystemProvider.cast(link).virtualPath();
        SluiceFileSystemProvider.tree(link)
                .access()
                .require(VirtualPath.parent(path), path, Permission.CREATE_SYMLINKS);
        throw new UnsupportedOperationException("S3 has no links");
    }

    @Override
    public String resolveLinkTarget(SftpSubsystemProxy subsystem, Path link) throws IOException {
        throw new NotLinkException(link.toString());
    }
}
