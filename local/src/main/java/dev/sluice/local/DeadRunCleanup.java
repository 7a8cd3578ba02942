package dev.sluice.local;

import dev.sluice.embedded.EmbeddedS3;
import dev.sluice.quota.QuotaReaper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * What a run that died (kill -9, power loss) leaves in the data folder, cleared at start before
 * anything is served: its quota leases (their reservations leave the counters, or are settled when
 * the upload had completed) and its unfinished multipart uploads (their parts fill the disk). One
 * process owns the data folder (it is locked), so everything found is a dead run's. On AWS the
 * reapers of the other tasks and the bucket's lifecycle rule do the same.
 */
final class DeadRunCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(DeadRunCleanup.class);

    /** What was cleared. */
    record Result(int leasesReaped, int leasesLeft, int uploadsAborted, long partBytesFreed) {}

    private DeadRunCleanup() {}

    static Result run(QuotaReaper reaper, S3Client s3, String bucket, EmbeddedS3 store) {
        QuotaReaper.Result leases = reaper.reapAll();
        int aborted = 0;
        for (MultipartUpload upload :
                s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
            s3.abortMultipartUpload(
                    b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            aborted++;
        }
        // An abort removes the complete parts; a part the dead run was still writing stays as a
        // file.
        long freed = store.deleteUnfinishedUploadFiles();
        if (leases.reaped() + leases.skipped() + aborted > 0 || freed > 0) {
            LOG.warn(
                    "the previous run stopped without cleaning up: {} quota reservations given back or settled, {} left"
                            + " for later, {} unfinished uploads aborted, {} bytes of their parts removed",
                    leases.reaped(),
                    leases.skipped(),
                    aborted,
                    freed);
        }
        return new Result(leases.reaped(), leases.skipped(), aborted, freed);
    }
}
