package dev.sluice.sftp.fs;

import dev.sluice.paths.VirtualPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A session's mounts, deepest first: a virtual path belongs to the deepest mount point at or above
 * it. Directories above a mount point that hold nothing else still have to appear (a folder mounted
 * at /shared/data makes /shared a directory); {@link #virtualChildren} names them.
 */
public final class MountTable {

    private final List<Mount> deepestFirst;

    public MountTable(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.mountPoint().length()).reversed());
        this.deepestFirst = List.copyOf(sorted);
        if (deepestFirst.stream().noneMatch(m -> m.mountPoint().equals("/"))) {
            throw new IllegalArgumentException("a mount table needs a mount at /");
        }
    }

    /** The mount holding {@code path}. */
    public Mount mountOf(String path) {
        for (Mount m : deepestFirst) {
            if (VirtualPath.isWithin(path, m.mountPoint())) {
                return m;
            }
        }
        throw new IllegalStateException("no mount at /");
    }

    /** True for a mount point itself and for the directories above one (they always exist). */
    public boolean isVirtualDirectory(String path) {
        for (Mount m : deepestFirst) {
            if (VirtualPath.isWithin(m.mountPoint(), path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code path} is a mount point (other than "/"): it cannot be removed or renamed.
     */
    public boolean isMountPoint(String path) {
        return !path.equals("/")
                && deepestFirst.stream().anyMatch(m -> m.mountPoint().equals(path));
    }

    /** True when {@code path} contains a mount point below it. */
    public boolean containsMountBelow(String path) {
        return deepestFirst.stream()
                .anyMatch(
                        m ->
                                !m.mountPoint().equals(path)
                                        && VirtualPath.isWithin(m.mountPoint(), path));
    }

    /** Names of the entries a listing of {@code directory} must show because of mounts below it. */
    public TreeSet<String> virtualChildren(String directory) {
        TreeSet<String> names = new TreeSet<>();
        for (Mount m : deepestFirst) {
            String point = m.mountPoint();
            if (!point.equals(directory) && VirtualPath.isWithin(point, directory)) {
                String rest =
                        directory.equals("/")
                                ? point.substring(1)
                                : point.substring(directory.length() + 1);
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return names;
    }
}
