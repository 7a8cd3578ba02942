package dev.sluice.sftp.fs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a listing page the clients' modification times: S3 lists LastModified but no user metadata,
 * so each object this task has not seen yet is HEADed once (in parallel, on a bounded pool shared
 * by the task) and remembered in the {@link ObjectMetaCache}. A HEAD that fails shows S3's
 * LastModified rather than failing the listing.
 */
public final class ListingTimes {

    private static final Logger log = LoggerFactory.getLogger(ListingTimes.class);

    private final ObjectMetaCache cache;
    private final ExecutorService heads;

    /** Resolves through {@code cache}, HEADing on {@code heads}. */
    public ListingTimes(ObjectMetaCache cache, ExecutorService heads) {
        this.cache = cache;
        this.heads = heads;
    }

    /** The cache it fills. */
    public ObjectMetaCache cache() {
        return cache;
    }

    /**
     * {@code page} (entries of the directory at key prefix {@code prefix}) with each file's time
     * replaced by its stored mtime where it has one.
     */
    public List<FileInfo> resolve(Mount m, String prefix, List<FileInfo> page) {
        List<FileInfo> out = new ArrayList<>(page);
        Map<Integer, CompletableFuture<ObjectMeta>> pending = new java.util.HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            FileInfo f = out.get(i);
            if (f.directory()) {
                continue;
            }
            String key = prefix + f.name();
            var known = cache.get(m, key, f.etag(), f.lastModified());
            if (known.isPresent()) {
                out.set(i, withTime(f, known.get()));
                continue;
            }
            try {
                pending.put(i, CompletableFuture.supplyAsync(() -> head(m, key, f), heads));
            } catch (RejectedExecutionException stopping) {
                // the task is stopping: S3's time will do
            }
        }
        pending.forEach(
                (i, future) -> {
                    FileInfo f = out.get(i);
                    out.set(i, withTime(f, future.exceptionally(e -> ObjectMeta.NONE).join()));
                });
        return out;
    }

    private ObjectMeta head(Mount m, String key, FileInfo listed) {
        try {
            var head = ObjectStore.head(m, key);
            if (head.isEmpty()) {
                return ObjectMeta.NONE; // deleted since the listing
            }
            ObjectMeta meta = ObjectMeta.parse(head.get().metadata());
            cache.put(m, key, head.get().eTag(), head.get().lastModified(), meta);
            return head.get().eTag().equals(listed.etag()) ? meta : ObjectMeta.NONE;
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("HEAD of {} failed, listing S3's time: {}", key, e.toString());
            return ObjectMeta.NONE;
        }
    }

    private static FileInfo withTime(FileInfo f, ObjectMeta meta) {
        Instant t = meta.timeOr(f.lastModified());
        return t.equals(f.lastModified()) ? f : FileInfo.file(f.name(), f.size(), t, f.etag());
    }
}
