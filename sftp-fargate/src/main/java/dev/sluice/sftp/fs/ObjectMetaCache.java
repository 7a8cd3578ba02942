package dev.sluice.sftp.fs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this task knows of objects' metadata (mtime and hashes), so that a listing does not HEAD
 * every object again: S3 listings carry no user metadata. An entry holds for one version of an
 * object: its ETag and its LastModified (a single-part self-copy that changes only the metadata
 * keeps the ETag, so the ETag alone would not do), compared to the second: a listing gives
 * milliseconds, a HEAD's Last-Modified header only seconds. Bounded, least recently used first out.
 *
 * <p>An object this task wrote with PutObject or a multipart copy is known by its ETag only (S3
 * does not return its LastModified): the first lookup that matches the ETag pins the entry to the
 * LastModified it sees.
 */
public final class ObjectMetaCache {

    /** Enough for a few large listings; ~300 bytes an entry. */
    public static final int DEFAULT_ENTRIES = 65_536;

    private record Known(String etag, Instant lastModified, ObjectMeta meta) {}

    private final Map<String, Known> entries;

    /** A cache of at most {@code maxEntries} objects. */
    public ObjectMetaCache(int maxEntries) {
        this.entries =
                new LinkedHashMap<>(1024, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                        return size() > maxEntries;
                    }
                };
    }

    /**
     * Remembers {@code meta} for the object at {@code key} with {@code etag}; {@code lastModified}
     * null when unknown (pinned at the first lookup).
     */
    public synchronized void put(
            Mount m, String key, String etag, Instant lastModified, ObjectMeta meta) {
        if (etag == null) {
            return;
        }
        entries.put(id(m, key), new Known(etag, seconds(lastModified), meta));
    }

    /** The metadata of that version of the object, if this task knows it. */
    public synchronized Optional<ObjectMeta> get(
            Mount m, String key, String etag, Instant lastModified) {
        String id = id(m, key);
        Known e = entries.get(id);
        if (e == null || etag == null || !e.etag.equals(etag)) {
            return Optional.empty();
        }
        Instant seen = seconds(lastModified);
        if (e.lastModified == null) {
            entries.put(id, new Known(etag, seen, e.meta));
            return Optional.of(e.meta);
        }
        return e.lastModified.equals(seen) ? Optional.of(e.meta) : Optional.empty();
    }

    /** Forgets everything (tests: a new task). */
    public synchronized void clear() {
        entries.clear();
    }

    private static Instant seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String id(Mount m, String key) {
        return m.bucket() + "/" + key;
    }
}
