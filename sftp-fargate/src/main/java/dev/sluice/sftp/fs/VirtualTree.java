package dev.sluice.sftp.fs;

import dev.sluice.paths.VirtualPath;
import dev.sluice.quota.LeasedObject;
import dev.sluice.quota.QuotaLease;
import dev.sluice.quota.QuotaScope;
import dev.sluice.quota.QuotaSpace;
import dev.sluice.quota.Quotas;
import dev.sluice.sftp.download.RangedReader;
import dev.sluice.sftp.throttle.Throttle;
import dev.sluice.sftp.upload.PartSizer;
import dev.sluice.sftp.upload.Upload;
import dev.sluice.sftp.upload.UploadTarget;
import dev.sluice.users.Permission;
import dev.sluice.users.User;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One session's view of its files: virtual paths ("/dir/file") over the user's home and virtual
 * folders in S3, with every operation checked against the user's permissions, file name rules and
 * quotas. Paths arriving here are clean (see {@link VirtualPath}); nothing can name a key outside
 * the session's mounts.
 *
 * <p>Semantics on S3: a directory exists when it is a mount point (or above one), has a "dir/"
 * marker object, or has objects below it. mkdir writes the marker; rmdir removes it and refuses
 * while anything else is below. Renaming a file is a copy and a delete; renaming a directory copies
 * and deletes every object below it, as SFTPGo does on S3 (not atomic; refused above {@code
 * renameDirMaxObjects}).
 */
public final class VirtualTree {

    /**
     * What a tree needs besides the user.
     *
     * @param times the task's object metadata cache and the listing HEADs that fill it
     */
    public record Services(
            Quotas quotas,
            Upload.Services uploads,
            ExecutorService downloadPool,
            int renameDirMaxObjects,
            ListingTimes times) {}

    /** S3's limit on an object key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    private final User user;
    private final MountTable mounts;
    private final Access access;
    private final Services services;
    private final Throttle uploadThrottle;
    private final Throttle downloadThrottle;
    private final PartSizer sizer;
    private final Instant sessionStart = Instant.now();

    /** This session's uploads still open, by virtual path: a set-times on one waits for commit. */
    private final Map<String, Upload> openUploads = new ConcurrentHashMap<>();

    /** Who this tree serves (user and connection), recorded with quota leases. */
    private final String session;

    public VirtualTree(User user, MountTable mounts, Services services) {
        this(user, mounts, services, user.username());
    }

    public VirtualTree(User user, MountTable mounts, Services services, String session) {
        this.session = session;
        this.user = user;
        this.mounts = mounts;
        this.access = new Access(user);
        this.services = services;
        this.uploadThrottle = new Throttle(user.uploadBandwidth());
        this.downloadThrottle = new Throttle(user.downloadBandwidth());
        this.sizer = PartSizer.forMegabytes(user.filesystem().s3config().uploadPartSize());
    }

    public User user() {
        return user;
    }

    public Access access() {
        return access;
    }

    // ------------------------------------------------------------------ reading the tree

    /**
     * The entry at {@code path}; NoSuchFileException when there is none (or its name is filtered).
     */
    public FileInfo stat(String path) throws IOException {
        String name = VirtualPath.name(path);
        if (mounts.isVirtualDirectory(path)) {
            return FileInfo.directory(name, sessionStart);
        }
        Mount m = mounts.mountOf(path);
        String key = m.key(path);
        var head = ObjectStore.head(m, key);
        if (head.isPresent()) {
            if (!access.fileNameAllowed(path)) {
                throw new NoSuchFileException(path);
            }
            ObjectMeta meta = remember(m, key, head.get());
            return FileInfo.file(
                    name,
                    head.get().contentLength(),
                    meta.timeOr(head.get().lastModified()),
                    head.get().eTag());
        }
        var marker = ObjectStore.head(m, key + "/");
        if (marker.isPresent()) {
            return FileInfo.directory(name, marker.get().lastModified());
        }
        if (ObjectStore.hasAnyBelow(m, key + "/")) {
            return FileInfo.directory(name, sessionStart);
        }
        throw new NoSuchFileException(path);
    }

    public Optional<FileInfo> find(String path) throws IOException {
        try {
            return Optional.of(stat(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The entries of a directory, paged from S3 as the client reads; needs "list". */
    public Iterator<FileInfo> list(String dir) throws IOException {
        access.require(dir, dir, Permission.LIST);
        FileInfo self = stat(dir);
        if (!self.directory()) {
            throw new NotDirectoryException(dir);
        }
        TreeSet<String> virtual = mounts.virtualChildren(dir);
        Mount m = mounts.mountOf(dir);
        String prefix = m.directoryPrefix(dir);
        Iterator<FileInfo> stored =
                ObjectStore.list(m, prefix, page -> services.times().resolve(m, prefix, page));
        Iterator<String> virtualNames = virtual.iterator();
        return new Iterator<>() {
            private FileInfo next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (virtualNames.hasNext()) {
                        next = FileInfo.directory(virtualNames.next(), sessionStart);
                    } else if (stored.hasNext()) {
                        FileInfo candidate = stored.next();
                        if (candidate.directory()) {
                            // A delimiter listing carries no time for a prefix (a mkdir'ed
                            // directory's marker is inside it): now, as for virtual directories,
                            // rather than 1 January 1970.
                            candidate = FileInfo.directory(candidate.name(), sessionStart);
                        }
                        String child =
                                dir.equals("/")
                                        ? "/" + candidate.name()
                                        : dir + "/" + candidate.name();
                        boolean hidden =
                                virtual.contains(candidate.name())
                                        || (!candidate.directory()
                                                && !access.fileNameAllowed(child))
                                        || VirtualPath.clean(child).filter(child::equals).isEmpty();
                        if (!hidden) {
                            next = candidate;
                        }
                    } else {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public FileInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                FileInfo out = next;
                next = null;
                return out;
            }
        };
    }

    /**
     * The room the quota of {@code path} leaves ({@code statvfs}): the user's, or a virtual
     * folder's own inside one. NoSuchFileException when there is nothing at {@code path}.
     */
    public QuotaSpace space(String path) throws IOException {
        stat(path);
        return services.quotas().space(user, path);
    }

    // ------------------------------------------------------------------ times and hashes

    /**
     * Sets the file's modification time (the caller checked "chtimes"): on an upload of this
     * session still open it is kept for the commit; on a stored object its metadata is replaced by
     * a self-copy pinned to the ETag just seen (other metadata and the storage class stay).
     * Directories have no time to keep on S3: accepted and ignored.
     */
    public void setModifiedTime(String path, Instant time) throws IOException {
        Upload open = openUploads.get(path);
        if (open != null && open.setModifiedTime(time)) {
            return;
        }
        if (mounts.isVirtualDirectory(path)) {
            return;
        }
        Mount m = mounts.mountOf(path);
        String key = m.key(path);
        var head = ObjectStore.head(m, key);
        if (head.isEmpty()) {
            stat(path); // a directory (ignored), or NoSuchFileException
            return;
        }
        if (!access.fileNameAllowed(path)) {
            throw new NoSuchFileException(path);
        }
        HeadObjectResponse h = head.get();
        ObjectMeta meta = ObjectMeta.parse(h.metadata());
        if (meta.mtime().filter(time::equals).isPresent()) {
            return; // already so: no copy
        }
        ObjectMeta updated = meta.withMtime(time);
        // The copy rewrites the object: it is charged to the upload bandwidth like the upload, so
        // repeated set-times on a large file cannot copy faster than the user may upload.
        uploadThrottle.take(h.contentLength());
        var copied =
                ObjectStore.replaceMetadata(
                        m,
                        key,
                        h.eTag(),
                        h.contentLength(),
                        updated.mergedInto(h.metadata()),
                        ObjectStore.ContentHeaders.of(h),
                        storageClassOf(h, m));
        services.times().cache().put(m, key, copied.etag(), copied.lastModified(), updated);
    }

    /**
     * The file's {@code checksum} in lower-case hex, as {@code md5sum} prints it; needs "download"
     * (the same rules as reading it). From the object's metadata when the upload stored it, else by
     * reading the object (ranged GETs, the session's download bandwidth limit).
     */
    public String checksum(String path, Checksum checksum) throws IOException {
        access.require(VirtualPath.parent(path), path, Permission.DOWNLOAD);
        access.requireFileName(path);
        if (mounts.isVirtualDirectory(path)) {
            throw new FileSystemException(path, null, "is a directory");
        }
        Mount m = mounts.mountOf(path);
        String key = m.key(path);
        var head = ObjectStore.head(m, key);
        if (head.isEmpty()) {
            if (stat(path).directory()) {
                throw new FileSystemException(path, null, "is a directory");
            }
            throw new NoSuchFileException(path);
        }
        HeadObjectResponse h = head.get();
        var stored = checksum.stored(remember(m, key, h));
        if (stored.isPresent()) {
            return stored.get();
        }
        MessageDigest digest = checksum.digest();
        try (var in =
                new RangedReader(
                        m,
                        key,
                        h.contentLength(),
                        h.eTag(),
                        services.downloadPool(),
                        downloadThrottle)) {
            ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
            while (in.read(buffer.clear()) > 0) {
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The object's storage class for a copy that keeps it: HEAD omits STANDARD, which then must be
     * said when the mount would otherwise put its own class.
     */
    private static Optional<String> storageClassOf(HeadObjectResponse h, Mount m) {
        if (h.storageClassAsString() != null) {
            return Optional.of(h.storageClassAsString());
        }
        return m.storageClass() == null ? Optional.empty() : Optional.of("STANDARD");
    }

    private ObjectMeta remember(Mount m, String key, HeadObjectResponse h) {
        ObjectMeta meta = ObjectMeta.parse(h.metadata());
        services.times().cache().put(m, key, h.eTag(), h.lastModified(), meta);
        return meta;
    }

    // ------------------------------------------------------------------ changing the tree

    public void mkdir(String path) throws IOException {
        String parent = VirtualPath.parent(path);
        access.require(parent, path, Permission.CREATE_DIRS);
        if (find(path).isPresent()) {
            throw new FileAlreadyExistsException(path);
        }
        requireDirectory(parent);
        Mount m = mounts.mountOf(path);
        requireStorable(m.key(path) + "/");
        ObjectStore.putMarker(m, m.key(path) + "/");
    }

    public void rmdir(String path) throws IOException {
        access.require(VirtualPath.parent(path), path, Permission.DELETE_DIRS);
        if (path.equals("/") || mounts.isVirtualDirectory(path)) {
            throw new AccessDeniedException(
                    path, null, "a virtual folder's mount point cannot be removed");
        }
        FileInfo info = stat(path);
        if (!info.directory()) {
            throw new NotDirectoryException(path);
        }
        Mount m = mounts.mountOf(path);
        String prefix = m.key(path) + "/";
        if (ObjectStore.hasChildren(m, prefix)) {
            throw new DirectoryNotEmptyException(path);
        }
        ObjectStore.delete(m, prefix);
    }

    public void remove(String path) throws IOException {
        access.require(VirtualPath.parent(path), path, Permission.DELETE_FILES);
        FileInfo info = stat(path);
        if (info.directory()) {
            throw new FileSystemException(path, null, "is a directory; use rmdir");
        }
        Mount m = mounts.mountOf(path);
        ObjectStore.delete(m, m.key(path));
        services.quotas()
                .charge(
                        QuotaScope.countersFor(user, path),
                        -info.size(),
                        -1,
                        services.uploads().settlements());
    }

    /**
     * Renames a file or a directory. {@code replace}: the client allows an existing target file to
     * be replaced (posix-rename); plain SFTP v3 rename refuses an existing target.
     */
    public void rename(String from, String to, boolean replace) throws IOException {
        if (from.equals(to)) {
            return;
        }
        if (from.equals("/") || mounts.isVirtualDirectory(from)) {
            throw new AccessDeniedException(
                    from, null, "a virtual folder's mount point cannot be renamed");
        }
        FileInfo source = stat(from);
        String fromDir = VirtualPath.parent(from);
        String toDir = VirtualPath.parent(to);
        if (source.directory()) {
            renameDirectory(from, to, fromDir, toDir);
            return;
        }
        access.require(fromDir, from, Permission.RENAME_FILES);
        access.require(toDir, to, Permission.RENAME_FILES);
        access.requireFileName(to);
        Optional<FileInfo> target = find(to);
        if (target.isPresent()) {
            if (target.get().directory()) {
                throw new FileAlreadyExistsException(to, null, "a directory exists there");
            }
            if (!replace) {
                throw new FileAlreadyExistsException(to);
            }
            access.require(toDir, to, Permission.OVERWRITE);
        }
        if (mounts.isVirtualDirectory(to)) {
            throw new FileAlreadyExistsException(to, null, "a virtual folder is mounted there");
        }
        requireDirectory(toDir);
        Mount src = mounts.mountOf(from);
        Mount dst = mounts.mountOf(to);
        List<QuotaScope.Counter> fromCounters = QuotaScope.countersFor(user, from);
        List<QuotaScope.Counter> toCounters = QuotaScope.countersFor(user, to);
        boolean moveUsage = !fromCounters.equals(toCounters);
        // Moving usage between counters: the copy's bytes are reserved (bounded) under a lease, so
        // a
        // crash during a long server-side copy leaves nothing behind once the lease lapses.
        QuotaLease lease =
                moveUsage ? services.quotas().open(toCounters, session, Optional.empty()) : null;
        int newFiles = target.isPresent() ? 0 : 1;
        if (moveUsage) {
            Refusal.require(services.quotas().reserve(lease, source.size(), newFiles));
        }
        try {
            ObjectStore.copy(src, src.key(from), dst, dst.key(to), source.size());
        } catch (IOException | RuntimeException e) {
            if (moveUsage) {
                services.quotas().release(lease);
            }
            throw e;
        }
        if (moveUsage) {
            services.quotas().commit(lease, source.size(), newFiles);
        }
        ObjectStore.delete(src, src.key(from));
        if (moveUsage) {
            services.quotas().charge(fromCounters, -source.size(), -1);
        } else if (target.isPresent()) {
            services.quotas().charge(toCounters, -target.get().size(), -1);
        }
        if (moveUsage && target.isPresent()) {
            services.quotas().charge(toCounters, -target.get().size(), 0);
        }
    }

    private void renameDirectory(String from, String to, String fromDir, String toDir)
            throws IOException {
        access.require(fromDir, from, Permission.RENAME_DIRS);
        access.require(toDir, to, Permission.RENAME_DIRS);
        if (VirtualPath.isWithin(to, from)) {
            throw new FileSystemException(from, to, "cannot move a directory into itself");
        }
        if (mounts.containsMountBelow(from) || mounts.isVirtualDirectory(to)) {
            throw new AccessDeniedException(
                    from, to, "directories holding virtual folders cannot be renamed");
        }
        if (find(to).isPresent()) {
            throw new FileAlreadyExistsException(to);
        }
        requireDirectory(toDir);
        Mount src = mounts.mountOf(from);
        Mount dst = mounts.mountOf(to);
        String fromPrefix = src.key(from) + "/";
        String toPrefix = dst.key(to) + "/";
        List<S3Object> objects =
                ObjectStore.listAll(src, fromPrefix, services.renameDirMaxObjects());
        if (objects.size() > services.renameDirMaxObjects()) {
            throw new Refusal(
                    Refusal.Reason.UNSUPPORTED,
                    "directory holds more than "
                            + services.renameDirMaxObjects()
                            + " objects; S3 has no directory rename, move its files in smaller steps");
        }
        boolean moveUsage =
                !QuotaScope.countersFor(user, from).equals(QuotaScope.countersFor(user, to));
        if (moveUsage) {
            throw new Refusal(
                    Refusal.Reason.UNSUPPORTED,
                    "directories cannot be renamed across virtual folders with their own quota; move the files");
        }
        // Copy everything first, then delete: an interruption leaves both copies, never neither.
        for (S3Object o : objects) {
            ObjectStore.copy(
                    src, o.key(), dst, toPrefix + o.key().substring(fromPrefix.length()), o.size());
        }
        if (objects.isEmpty()) {
            ObjectStore.putMarker(dst, toPrefix);
        }
        for (S3Object o : objects) {
            ObjectStore.delete(src, o.key());
        }
    }

    // ------------------------------------------------------------------ file contents

    /** A channel reading the file with ranged GETs; needs "download". */
    public SeekableByteChannel openRead(String path) throws IOException {
        access.require(VirtualPath.parent(path), path, Permission.DOWNLOAD);
        access.requireFileName(path);
        FileInfo info = stat(path);
        if (info.directory()) {
            throw new FileSystemException(path, null, "is a directory");
        }
        Mount m = mounts.mountOf(path);
        return new RangedReader(
                m,
                m.key(path),
                info.size(),
                info.etag(),
                services.downloadPool(),
                downloadThrottle);
    }

    /**
     * An upload of the file; needs "upload", plus "overwrite" when the file exists. The caller (a
     * protocol adapter) commits it when its protocol says the file is complete, and aborts it
     * otherwise; closing it without a commit aborts.
     *
     * @param create create the file if missing
     * @param createNew fail if it exists
     * @param truncate drop the existing content
     */
    public Upload openWrite(String path, boolean create, boolean createNew, boolean truncate)
            throws IOException {
        String dir = VirtualPath.parent(path);
        access.require(dir, path, Permission.UPLOAD);
        access.requireFileName(path);
        if (mounts.isVirtualDirectory(path)) {
            throw new FileSystemException(path, null, "is a directory");
        }
        Optional<FileInfo> existing = findForWrite(path);
        if (existing.isPresent()) {
            if (existing.get().directory()) {
                throw new FileSystemException(path, null, "is a directory");
            }
            if (createNew) {
                throw new FileAlreadyExistsException(path);
            }
            access.require(dir, path, Permission.OVERWRITE);
        } else {
            if (!create) {
                throw new NoSuchFileException(path);
            }
            requireDirectory(dir);
        }
        Mount m = mounts.mountOf(path);
        requireStorable(m.key(path));
        List<QuotaScope.Counter> counters = QuotaScope.countersFor(user, path);
        Refusal.require(services.quotas().room(counters, existing.isEmpty()));
        var object =
                new LeasedObject(
                        m.bucket(),
                        m.key(path),
                        m.folder().isPresent() ? QuotaScope.Owner.FOLDER : QuotaScope.Owner.USER,
                        m.folder().orElse(user.username()));
        var target =
                new UploadTarget(
                        m,
                        m.key(path),
                        path,
                        existing.map(e -> new UploadTarget.Existing(e.size(), e.etag())),
                        truncate || createNew,
                        counters,
                        user.filters().maxUploadFileSize(),
                        sizer,
                        session,
                        object);
        Upload upload =
                new Upload(
                        target,
                        services.uploads(),
                        uploadThrottle,
                        (t, stored) ->
                                services.times()
                                        .cache()
                                        .put(
                                                t.mount(),
                                                t.key(),
                                                stored.etag(),
                                                stored.lastModified(),
                                                stored.meta()));
        openUploads.values().removeIf(u -> !u.isOpen());
        openUploads.put(path, upload);
        return upload;
    }

    /** S3 refuses keys over 1024 bytes; say so before any store call, naming the limit. */
    private static void requireStorable(String key) throws FileSystemException {
        int bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            // The name itself is not echoed: it is what is too long.
            throw new FileSystemException(
                    null,
                    null,
                    "name too long: its S3 key would be "
                            + bytes
                            + " bytes, S3 allows at most "
                            + MAX_KEY_BYTES);
        }
    }

    /**
     * What an upload to {@code path} (not a mount point, its name allowed) would replace: the file,
     * a directory (no time: the caller refuses it), or nothing. Two requests at most where {@link
     * #stat} needs three for a new file: one listing answers both a marker and objects below.
     */
    private Optional<FileInfo> findForWrite(String path) throws IOException {
        Mount m = mounts.mountOf(path);
        String key = m.key(path);
        var head = ObjectStore.head(m, key);
        String name = VirtualPath.name(path);
        if (head.isPresent()) {
            return Optional.of(
                    FileInfo.file(
                            name,
                            head.get().contentLength(),
                            head.get().lastModified(),
                            head.get().eTag()));
        }
        if (ObjectStore.hasAnyBelow(m, key + "/")) {
            return Optional.of(FileInfo.directory(name, sessionStart));
        }
        return Optional.empty();
    }

    /**
     * Refuses unless {@code dir} is a directory: a mount point, a marker or objects below it decide
     * the common case; only a refusal pays for {@link #stat}, which tells a file from nothing.
     */
    private void requireDirectory(String dir) throws IOException {
        if (mounts.isVirtualDirectory(dir)) {
            return;
        }
        Mount m = mounts.mountOf(dir);
        String prefix = m.key(dir) + "/";
        // A marker first: one HEAD, where a listing may cost S3 stand-ins a walk of the directory.
        if (ObjectStore.head(m, prefix).isPresent() || ObjectStore.hasAnyBelow(m, prefix)) {
            return;
        }
        FileInfo parent = stat(dir);
        if (!parent.directory()) {
            throw new NotDirectoryException(dir);
        }
    }
}
