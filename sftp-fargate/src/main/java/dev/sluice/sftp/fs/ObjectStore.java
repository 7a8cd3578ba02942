package dev.sluice.sftp.fs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 calls behind the tree, on one mount's bucket. Directories are prefixes: a "dir/" marker
 * object where one was created empty, or simply the common prefix of the objects below it.
 */
public final class ObjectStore {

    /** Objects above this are copied part by part (CopyObject's limit is 5 GiB). */
    static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;

    static final long COPY_PART_SIZE = 512L * 1024 * 1024;
    private static final int PAGE = 1000;

    private ObjectStore() {}

    /** The object at {@code key}, if there is one. */
    public static Optional<HeadObjectResponse> head(Mount m, String key) throws IOException {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(m.s3().headObject(b -> b.bucket(m.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw io("stat", key, e);
        } catch (SdkException e) {
            throw io("stat", key, e);
        }
    }

    /** Whether anything exists below {@code prefix} (a marker or any object). */
    public static boolean hasAnyBelow(Mount m, String prefix) throws IOException {
        try {
            return m.s3().listObjectsV2(b -> b.bucket(m.bucket()).prefix(prefix).maxKeys(1))
                            .keyCount()
                    > 0;
        } catch (SdkException e) {
            throw io("list", prefix, e);
        }
    }

    /** Whether {@code prefix} holds anything other than its own marker. */
    public static boolean hasChildren(Mount m, String prefix) throws IOException {
        try {
            ListObjectsV2Response page =
                    m.s3().listObjectsV2(b -> b.bucket(m.bucket()).prefix(prefix).maxKeys(2));
            return page.contents().stream().anyMatch(o -> !o.key().equals(prefix));
        } catch (SdkException e) {
            throw io("list", prefix, e);
        }
    }

    /**
     * One directory level, paged lazily from S3 (1000 keys a page): never the whole listing in
     * memory.
     */
    public static Iterator<FileInfo> list(Mount m, String prefix) {
        return list(m, prefix, page -> page);
    }

    /**
     * One directory level as {@link #list(Mount, String)}, each page passed through {@code perPage}
     * before it is served (the clients' modification times, see {@link ListingTimes}).
     */
    public static Iterator<FileInfo> list(
            Mount m, String prefix, java.util.function.UnaryOperator<List<FileInfo>> perPage) {
        return new Iterator<>() {
            private String token;
            private boolean lastPage;
            private final List<FileInfo> buffer = new ArrayList<>();
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= buffer.size() && !lastPage) {
                    fetch();
                }
                return index < buffer.size();
            }

            @Override
            public FileInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.get(index++);
            }

            private void fetch() {
                buffer.clear();
                index = 0;
                ListObjectsV2Response page =
                        m.s3().listObjectsV2(
                                        b ->
                                                b.bucket(m.bucket())
                                                        .prefix(prefix)
                                                        .delimiter("/")
                                                        .maxKeys(PAGE)
                                                        .continuationToken(token));
                // S3 returns objects and common prefixes in two lists, each sorted: merge them.
                List<S3Object> objects = page.contents();
                List<CommonPrefix> prefixes = page.commonPrefixes();
                int i = 0;
                int j = 0;
                while (i < objects.size() || j < prefixes.size()) {
                    boolean takeObject =
                            j >= prefixes.size()
                                    || (i < objects.size()
                                            && objects.get(i)
                                                            .key()
                                                            .compareTo(prefixes.get(j).prefix())
                                                    < 0);
                    if (takeObject) {
                        S3Object o = objects.get(i++);
                        String name = o.key().substring(prefix.length());
                        if (!name.isEmpty() && !name.contains("/")) {
                            buffer.add(FileInfo.file(name, o.size(), o.lastModified(), o.eTag()));
                        }
                    } else {
                        String p = prefixes.get(j++).prefix();
                        String name = p.substring(prefix.length(), p.length() - 1);
                        if (!name.isEmpty()) {
                            buffer.add(FileInfo.directory(name, null));
                        }
                    }
                }
                List<FileInfo> served = perPage.apply(List.copyOf(buffer));
                buffer.clear();
                buffer.addAll(served);
                token = page.nextContinuationToken();
                lastPage = !Boolean.TRUE.equals(page.isTruncated()) || token == null;
            }
        };
    }

    /** Every key below {@code prefix}, flat (for directory renames), at most {@code limit} + 1. */
    public static List<S3Object> listAll(Mount m, String prefix, int limit) throws IOException {
        List<S3Object> out = new ArrayList<>();
        try {
            String token = null;
            do {
                String t = token;
                ListObjectsV2Response page =
                        m.s3().listObjectsV2(
                                        b ->
                                                b.bucket(m.bucket())
                                                        .prefix(prefix)
                                                        .continuationToken(t));
                out.addAll(page.contents());
                token =
                        Boolean.TRUE.equals(page.isTruncated())
                                ? page.nextContinuationToken()
                                : null;
            } while (token != null && out.size() <= limit);
            return out;
        } catch (SdkException e) {
            throw io("list", prefix, e);
        }
    }

    public static void putMarker(Mount m, String markerKey) throws IOException {
        try {
            m.s3().putObject(
                            b -> b.bucket(m.bucket()).key(markerKey).storageClass(m.storageClass()),
                            RequestBody.empty());
        } catch (SdkException e) {
            throw io("create directory", markerKey, e);
        }
    }

    public static void delete(Mount m, String key) throws IOException {
        try {
            m.s3().deleteObject(b -> b.bucket(m.bucket()).key(key));
        } catch (SdkException e) {
            throw io("delete", key, e);
        }
    }

    /**
     * How a copy treats the target's metadata.
     *
     * @param ifMatch copy only if the source still has this ETag (else S3 answers 412)
     * @param metadata replace the user metadata with this; empty keeps the source's
     * @param headers the content headers to keep when the metadata is replaced
     * @param storageClass the target's storage class; empty for the target mount's
     */
    public record CopyOptions(
            Optional<String> ifMatch,
            Optional<Map<String, String>> metadata,
            ContentHeaders headers,
            Optional<String> storageClass) {

        /** A plain copy (rename): metadata and headers follow the source. */
        public static final CopyOptions PLAIN =
                new CopyOptions(
                        Optional.empty(), Optional.empty(), ContentHeaders.NONE, Optional.empty());
    }

    /** The content headers a metadata-replacing copy must repeat (S3 drops them otherwise). */
    public record ContentHeaders(
            String contentType,
            String contentEncoding,
            String contentDisposition,
            String contentLanguage,
            String cacheControl) {

        /** None set. */
        public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null, null);

        /** The headers of an object as HEAD returned them. */
        public static ContentHeaders of(HeadObjectResponse h) {
            return new ContentHeaders(
                    h.contentType(),
                    h.contentEncoding(),
                    h.contentDisposition(),
                    h.contentLanguage(),
                    h.cacheControl());
        }
    }

    /** The object a copy made: its ETag and, where S3 said, its LastModified (else null). */
    public record Copied(String etag, Instant lastModified) {}

    /** Server-side copy; multipart copy above 5 GiB. Across stores it streams through this task. */
    public static void copy(Mount from, String fromKey, Mount to, String toKey, long size)
            throws IOException {
        copy(from, fromKey, to, toKey, size, CopyOptions.PLAIN);
    }

    /**
     * Replaces the user metadata of the object at {@code key} by a self-copy (S3 cannot change
     * metadata in place), pinned to {@code etag} so that a newer object is never overwritten.
     * Throws {@link Refusal} STORAGE_FAILED when the object changed meanwhile.
     */
    public static Copied replaceMetadata(
            Mount m,
            String key,
            String etag,
            long size,
            Map<String, String> metadata,
            ContentHeaders headers,
            Optional<String> storageClass)
            throws IOException {
        return copy(
                m,
                key,
                m,
                key,
                size,
                new CopyOptions(Optional.of(etag), Optional.of(metadata), headers, storageClass));
    }

    /** A copy as {@code options} say; see {@link #copy(Mount, String, Mount, String, long)}. */
    public static Copied copy(
            Mount from, String fromKey, Mount to, String toKey, long size, CopyOptions options)
            throws IOException {
        String storageClass = options.storageClass().orElse(to.storageClass());
        String ifMatch = options.ifMatch().orElse(null);
        // A self-copy (set-times, metadata after an upload) must not land over an object written
        // while it ran: the source pin checks only the start, so the destination is pinned too.
        String destinationIfMatch =
                from.sameStoreAs(to) && from.bucket().equals(to.bucket()) && fromKey.equals(toKey)
                        ? ifMatch
                        : null;
        ContentHeaders h = options.headers();
        try {
            if (!from.sameStoreAs(to)) {
                try (var in =
                        from.s3()
                                .getObject(
                                        b ->
                                                b.bucket(from.bucket())
                                                        .key(fromKey)
                                                        .ifMatch(ifMatch))) {
                    Map<String, String> metadata =
                            options.metadata().orElse(in.response().metadata());
                    var put =
                            to.s3()
                                    .putObject(
                                            b ->
                                                    b.bucket(to.bucket())
                                                            .key(toKey)
                                                            .metadata(metadata)
                                                            .storageClass(storageClass),
                                            RequestBody.fromInputStream(in, size));
                    return new Copied(put.eTag(), null);
                }
            }
            if (size <= SINGLE_COPY_LIMIT) {
                var copied =
                        to.s3()
                                .copyObject(
                                        b -> {
                                            b.sourceBucket(from.bucket())
                                                    .sourceKey(fromKey)
                                                    .copySourceIfMatch(ifMatch)
                                                    .destinationBucket(to.bucket())
                                                    .destinationKey(toKey)
                                                    .ifMatch(destinationIfMatch)
                                                    .storageClass(storageClass);
                                            options.metadata()
                                                    .ifPresent(
                                                            md ->
                                                                    b.metadataDirective(
                                                                                    MetadataDirective
                                                                                            .REPLACE)
                                                                            .metadata(md)
                                                                            .contentType(
                                                                                    h.contentType())
                                                                            .contentEncoding(
                                                                                    h
                                                                                            .contentEncoding())
                                                                            .contentDisposition(
                                                                                    h
                                                                                            .contentDisposition())
                                                                            .contentLanguage(
                                                                                    h
                                                                                            .contentLanguage())
                                                                            .cacheControl(
                                                                                    h
                                                                                            .cacheControl()));
                                        });
                var result = copied.copyObjectResult();
                return new Copied(result.eTag(), result.lastModified());
            }
            // A multipart copy never carries the source's metadata: take it from a HEAD.
            Map<String, String> metadata;
            ContentHeaders headers;
            if (options.metadata().isPresent()) {
                metadata = options.metadata().get();
                headers = h;
            } else {
                HeadObjectResponse source =
                        head(from, fromKey).orElseThrow(() -> new NoSuchFileException(fromKey));
                metadata = source.metadata();
                headers = ContentHeaders.of(source);
            }
            String uploadId =
                    to.s3()
                            .createMultipartUpload(
                                    b ->
                                            b.bucket(to.bucket())
                                                    .key(toKey)
                                                    .storageClass(storageClass)
                                                    .metadata(metadata)
                                                    .contentType(headers.contentType())
                                                    .contentEncoding(headers.contentEncoding())
                                                    .contentDisposition(
                                                            headers.contentDisposition())
                                                    .contentLanguage(headers.contentLanguage())
                                                    .cacheControl(headers.cacheControl()))
                            .uploadId();
            try {
                List<CompletedPart> parts = new ArrayList<>();
                int number = 1;
                for (long start = 0; start < size; start += COPY_PART_SIZE, number++) {
                    long end = Math.min(size, start + COPY_PART_SIZE) - 1;
                    int n = number;
                    String range = "bytes=" + start + "-" + end;
                    var part =
                            to.s3()
                                    .uploadPartCopy(
                                            b ->
                                                    b.sourceBucket(from.bucket())
                                                            .sourceKey(fromKey)
                                                            .copySourceIfMatch(ifMatch)
                                                            .destinationBucket(to.bucket())
                                                            .destinationKey(toKey)
                                                            .uploadId(uploadId)
                                                            .partNumber(n)
                                                            .copySourceRange(range));
                    parts.add(
                            CompletedPart.builder()
                                    .partNumber(n)
                                    .eTag(part.copyPartResult().eTag())
                                    .build());
                }
                var done =
                        to.s3()
                                .completeMultipartUpload(
                                        b ->
                                                b.bucket(to.bucket())
                                                        .key(toKey)
                                                        .uploadId(uploadId)
                                                        .ifMatch(destinationIfMatch)
                                                        .multipartUpload(u -> u.parts(parts)));
                return new Copied(done.eTag(), null);
            } catch (SdkException e) {
                to.s3()
                        .abortMultipartUpload(
                                b -> b.bucket(to.bucket()).key(toKey).uploadId(uploadId));
                throw e;
            }
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(fromKey);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new Refusal(
                        Refusal.Reason.STORAGE_FAILED,
                        "the file changed on the server meanwhile; nothing was changed, retry");
            }
            throw io("copy", fromKey, e);
        } catch (SdkException e) {
            throw io("copy", fromKey, e);
        }
    }

    static IOException io(String what, String key, SdkException e) {
        return new IOException("S3 " + what + " failed for " + key + ": " + e.getMessage(), e);
    }
}
