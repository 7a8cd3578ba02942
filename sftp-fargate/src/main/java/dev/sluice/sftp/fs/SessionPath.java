package dev.sluice.sftp.fs;

import java.util.List;
import org.apache.sshd.common.file.util.BasePath;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.fs.WithFileAttributes;

/**
 * A path of a session's file system. Paths from a directory listing carry the entry's attributes,
 * so listing a directory of N files costs its S3 list pages, not N more requests.
 */
public final class SessionPath extends BasePath<SessionPath, SessionFileSystem>
        implements WithFileAttributes {

    private final FileInfo known;

    SessionPath(SessionFileSystem fs, String root, List<String> names, FileInfo known) {
        super(fs, root, names);
        this.known = known;
    }

    /** The attributes this path came with, or null. */
    public FileInfo known() {
        return known;
    }

    /** The clean absolute virtual path ("/a/b"). */
    public String virtualPath() {
        SessionPath abs = toAbsolutePath().normalize();
        return abs.names.isEmpty() ? "/" : "/" + String.join("/", abs.names);
    }

    @Override
    public SftpClient.Attributes getAttributes() {
        return known == null
                ? null
                : new FileInfoAttributes(known, getFileSystem().tree().user().username())
                        .sftpAttributes();
    }

    @Override
    public SessionPath toRealPath(java.nio.file.LinkOption... options) {
        return toAbsolutePath().normalize();
    }
}
