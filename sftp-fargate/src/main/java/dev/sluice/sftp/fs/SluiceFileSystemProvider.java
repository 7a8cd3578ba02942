package dev.sluice.sftp.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The java.nio face of the session trees: MINA's SFTP subsystem calls {@code Files.*} on session
 * paths (exists, isDirectory, size), and those land here. Every call is answered by the path's
 * {@link VirtualTree}, which checks the user's rules.
 */
public final class SluiceFileSystemProvider extends FileSystemProvider {

    /** A file system for one session's tree. */
    public SessionFileSystem newSession(VirtualTree tree) {
        return new SessionFileSystem(this, tree);
    }

    static SessionPath cast(Path path) {
        if (!(path instanceof SessionPath p)) {
            throw new ProviderMismatchException("not a Sluice session path: " + path);
        }
        return p;
    }

    static VirtualTree tree(Path path) {
        return cast(path).getFileSystem().tree();
    }

    /** The entry at {@code path}: from the listing it came from, else from S3. */
    static FileInfo info(Path path) throws IOException {
        SessionPath p = cast(path);
        return p.known() != null ? p.known() : p.getFileSystem().tree().stat(p.virtualPath());
    }

    @Override
    public String getScheme() {
        return "sluice";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("session file systems are made per login");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("session file systems are made per login");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("session file systems are made per login");
    }

    @Override
    public SeekableByteChannel newByteChannel(
            Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        VirtualTree tree = tree(path);
        String vp = cast(path).virtualPath();
        if (options.contains(StandardOpenOption.WRITE)
                || options.contains(StandardOpenOption.APPEND)) {
            // An upload is committed only by a protocol adapter that knows the file is complete
            // (SluiceSftpAccessor); a java.nio channel's close() would be a commit nobody decided.
            throw new UnsupportedOperationException("uploads go through the SFTP subsystem");
        }
        return tree.openRead(vp);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(
            Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        SessionPath d = cast(dir);
        Iterator<FileInfo> entries = d.getFileSystem().tree().list(d.virtualPath());
        return new DirectoryStream<>() {
            private boolean taken;

            @Override
            public Iterator<Path> iterator() {
                if (taken) {
                    throw new IllegalStateException("a directory stream can be iterated once");
                }
                taken = true;
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Path next() {
                        return d.getFileSystem().withInfo(d, entries.next());
                    }
                };
            }

            @Override
            public void close() {
                // pages are fetched lazily; nothing held open
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        tree(dir).mkdir(cast(dir).virtualPath());
    }

    @Override
    public void delete(Path path) throws IOException {
        FileInfo info = info(path);
        String vp = cast(path).virtualPath();
        if (info.directory()) {
            tree(path).rmdir(vp);
        } else {
            tree(path).remove(vp);
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw new UnsupportedOperationException("server-side copy is not offered over SFTP");
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        tree(source)
                .rename(
                        cast(source).virtualPath(),
                        cast(target).virtualPath(),
                        Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public boolean isSameFile(Path path, Path path2) {
        return cast(path).virtualPath().equals(cast(path2).virtualPath());
    }

    @Override
    public boolean isHidden(Path path) {
        return false;
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("S3 has no file store");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        info(path); // existence; what the user may do is checked by each operation
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(
            Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        return (V)
                new BasicFileAttributeView() {
                    @Override
                    public String name() {
                        return "basic";
                    }

                    @Override
                    public BasicFileAttributes readAttributes() throws IOException {
                        return new FileInfoAttributes(info(path), tree(path).user().username());
                    }

                    @Override
                    public void setTimes(
                            java.nio.file.attribute.FileTime lastModified,
                            java.nio.file.attribute.FileTime lastAccess,
                            java.nio.file.attribute.FileTime create) {
                        throw new UnsupportedOperationException(
                                "S3 objects keep the time they were written");
                    }
                };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(
            Path path, Class<A> type, LinkOption... options) throws IOException {
        if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
            throw new UnsupportedOperationException(
                    "attributes " + type.getSimpleName() + " are not supported");
        }
        return (A) new FileInfoAttributes(info(path), tree(path).user().username());
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        String view =
                attributes.contains(":")
                        ? attributes.substring(0, attributes.indexOf(':'))
                        : "basic";
        Map<String, Object> all =
                new FileInfoAttributes(info(path), tree(path).user().username()).asMap(view);
        String wanted =
                attributes.contains(":")
                        ? attributes.substring(attributes.indexOf(':') + 1)
                        : attributes;
        if (wanted.equals("*")) {
            return all;
        }
        Map<String, Object> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : wanted.split(",")) {
            if (all.containsKey(name)) {
                out.put(name, all.get(name));
            }
        }
        return out;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("S3 objects have no settable attributes");
    }
}
