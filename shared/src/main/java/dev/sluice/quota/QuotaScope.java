package dev.sluice.quota;

import dev.sluice.paths.VirtualPath;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which usage counters a file counts against, and with which limits, following SFTPGo: a file in
 * the user's home counts against the user; a file in a virtual folder always counts against the
 * folder, and also against the user when the mapping's quota is -1 ("included in the user's
 * quota"), in which case the user's limits apply. A mapping's own quota (0 = unlimited) limits the
 * folder. Applied through {@link Quotas}, the quota service every protocol calls.
 */
public final class QuotaScope {

    /** The kind of item whose counters are touched. */
    public enum Owner {
        USER,
        FOLDER
    }

    /**
     * A counter to change and the limits that bound it (0 = unlimited).
     *
     * @param key the user name or the folder name
     */
    public record Counter(Owner owner, String key, long maxSize, int maxFiles) {
        public boolean limited() {
            return maxSize > 0 || maxFiles > 0;
        }
    }

    private QuotaScope() {}

    /** The counters a file at {@code filePath} (clean, absolute) is charged to. */
    public static List<Counter> countersFor(User user, String filePath) {
        List<Counter> out = new ArrayList<>(2);
        Optional<VirtualFolderMapping> mount = mountOf(user, filePath);
        if (mount.isPresent()) {
            VirtualFolderMapping m = mount.get();
            boolean includedInUser = m.quotaSize() == -1 || m.quotaFiles() == -1;
            out.add(
                    new Counter(
                            Owner.FOLDER,
                            m.name(),
                            Math.max(0, m.quotaSize()),
                            Math.max(0, m.quotaFiles())));
            if (includedInUser) {
                out.add(
                        new Counter(
                                Owner.USER, user.username(), user.quotaSize(), user.quotaFiles()));
            }
        } else {
            out.add(new Counter(Owner.USER, user.username(), user.quotaSize(), user.quotaFiles()));
        }
        return out;
    }

    /** The virtual folder mapping holding {@code path}: the deepest mount point at or above it. */
    public static Optional<VirtualFolderMapping> mountOf(User user, String path) {
        VirtualFolderMapping best = null;
        for (VirtualFolderMapping m : user.virtualFolders()) {
            Optional<String> mountPoint = VirtualPath.clean(m.virtualPath());
            if (mountPoint.isPresent()
                    && VirtualPath.isWithin(path, mountPoint.get())
                    && (best == null
                            || mountPoint.get().length()
                                    > VirtualPath.clean(best.virtualPath()).orElse("").length())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }
}
