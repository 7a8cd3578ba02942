package dev.sluice.quota;

/**
 * What a reaper asks S3 about the object of a lapsed lease: did the upload complete (the object
 * carries the lease id in its metadata), and, for a released one, abort its multipart upload.
 */
public interface ObjectProbe {

    enum Completion {
        COMPLETED,
        NOT_COMPLETED,
        UNKNOWN
    }

    /** Whether the object at {@code object} is the one lease {@code leaseId} wrote. */
    Completion completion(LeasedObject object, String leaseId);

    /** Aborts the multipart upload (best effort: the bucket's lifecycle rule is the backstop). */
    void abortUpload(LeasedObject object, String uploadId);
}
