package dev.sluice.sftp.fs;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.DefaultGroupPrincipal;
import org.apache.sshd.sftp.server.DefaultUserPrincipal;

/**
 * A {@link FileInfo} in the shapes MINA asks for: java.nio attributes, the attribute maps of the
 * "basic"/"posix"/"unix" views, and SFTP attributes for directory listings. S3 has no owners or
 * modes: files show as 0644 and directories as 0755, owned by the session's user.
 */
public record FileInfoAttributes(FileInfo info, String ownerName) implements PosixFileAttributes {

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(info.lastModified());
    }

    @Override
    public FileTime lastAccessTime() {
        return lastModifiedTime();
    }

    @Override
    public FileTime creationTime() {
        return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return !info.directory();
    }

    @Override
    public boolean isDirectory() {
        return info.directory();
    }

    @Override
    public boolean isSymbolicLink() {
        return false;
    }

    @Override
    public boolean isOther() {
        return false;
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public Object fileKey() {
        return null;
    }

    @Override
    public UserPrincipal owner() {
        // MINA prints a principal's toString in listings' long names: a named principal, not a
        // lambda.
        return new DefaultUserPrincipal(ownerName);
    }

    @Override
    public GroupPrincipal group() {
        return new DefaultGroupPrincipal(ownerName);
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        return info.directory() ? DIR_MODE : FILE_MODE;
    }

    /** The map a "view:*" attribute read returns. */
    public Map<String, Object> asMap(String view) {
        Map<String, Object> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        out.put("size", size());
        out.put("isRegularFile", isRegularFile());
        out.put("isDirectory", isDirectory());
        out.put("isSymbolicLink", false);
        out.put("isOther", false);
        out.put("lastModifiedTime", lastModifiedTime());
        out.put("lastAccessTime", lastAccessTime());
        out.put("creationTime", creationTime());
        out.put("fileKey", null);
        if (!view.equals("basic")) {
            out.put("owner", owner());
            out.put("group", group());
            out.put("permissions", permissions());
        }
        if (view.equals("unix")) {
            out.put("uid", 0);
            out.put("gid", 0);
            out.put(
                    "mode",
                    (info.directory() ? SftpConstants.S_IFDIR : SftpConstants.S_IFREG)
                            | (info.directory() ? 0755 : 0644));
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    /** SFTP attributes for a directory listing entry (saves one S3 call per entry). */
    public SftpClient.Attributes sftpAttributes() {
        SftpClient.Attributes a = new SftpClient.Attributes();
        a.setType(
                info.directory()
                        ? SftpConstants.SSH_FILEXFER_TYPE_DIRECTORY
                        : SftpConstants.SSH_FILEXFER_TYPE_REGULAR);
        a.setSize(info.size());
        a.setPermissions(
                (info.directory() ? SftpConstants.S_IFDIR | 0755 : SftpConstants.S_IFREG | 0644));
        a.setModifyTime(lastModifiedTime());
        a.setAccessTime(lastModifiedTime());
        // MINA builds the listing's long name from these (else "OWNER@ GROUP@").
        a.setOwner(ownerName);
        a.setGroup(ownerName);
        return a;
    }
}
