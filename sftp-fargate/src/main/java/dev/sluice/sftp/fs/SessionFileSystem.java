package dev.sluice.sftp.fs;

import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.file.util.BaseFileSystem;

/**
 * One session's file system: its {@link VirtualTree} seen through java.nio, as MINA's SFTP wants.
 */
public final class SessionFileSystem extends BaseFileSystem<SessionPath> {

    private final VirtualTree tree;
    private volatile boolean open = true;

    SessionFileSystem(SluiceFileSystemProvider provider, VirtualTree tree) {
        super(provider);
        this.tree = tree;
    }

    public VirtualTree tree() {
        return tree;
    }

    @Override
    protected SessionPath create(String root, List<String> names) {
        return new SessionPath(this, root, names, null);
    }

    SessionPath withInfo(SessionPath dir, FileInfo info) {
        SessionPath child = dir.resolve(info.name());
        return new SessionPath(this, "/", names(child), info);
    }

    private static List<String> names(SessionPath p) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (java.nio.file.Path part : p) {
            out.add(part.toString());
        }
        return out;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "posix", "unix");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("S3 has no users or groups");
    }
}
