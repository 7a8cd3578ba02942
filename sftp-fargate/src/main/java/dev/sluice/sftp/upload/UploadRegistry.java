package dev.sluice.sftp.upload;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The uploads open on this task, so a shutdown can wait for them to finish and abort the rest. */
public final class UploadRegistry {

    private final Set<Upload> open = ConcurrentHashMap.newKeySet();

    void opened(Upload upload) {
        open.add(upload);
    }

    void ended(Upload upload) {
        open.remove(upload);
    }

    public int openCount() {
        return open.size();
    }

    /** Waits up to {@code deadline} for open uploads to end; returns how many are still open. */
    public int awaitIdle(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!open.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        return open.size();
    }

    /** Aborts every open upload (their multipart uploads are aborted, reservations released). */
    public void abortAll(String reason) {
        for (Upload upload : open) {
            upload.abort(reason);
        }
    }
}
