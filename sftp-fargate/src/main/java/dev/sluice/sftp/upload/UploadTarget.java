package dev.sluice.sftp.upload;

import dev.sluice.quota.LeasedObject;
import dev.sluice.quota.QuotaScope;
import dev.sluice.sftp.fs.Mount;
import java.util.List;
import java.util.Optional;

/**
 * Where an upload goes and under which limits.
 *
 * @param existing the object being replaced or resumed, if any
 * @param truncate the client opened with TRUNCATE (or CREATE_NEW): existing bytes are dropped
 * @param maxFileSize {@code max_upload_file_size} in bytes; 0 = unlimited
 * @param session who uploads (user and connection), recorded with the upload's quota lease
 * @param object the object with its storage owner, recorded with the lease for a reaper
 */
public record UploadTarget(
        Mount mount,
        String key,
        String virtualPath,
        Optional<Existing> existing,
        boolean truncate,
        List<QuotaScope.Counter> counters,
        long maxFileSize,
        PartSizer sizer,
        String session,
        LeasedObject object) {

    /** The object at the key when the upload was opened. */
    public record Existing(long size, String etag) {}
}
