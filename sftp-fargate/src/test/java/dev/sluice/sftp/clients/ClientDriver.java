package dev.sluice.sftp.clients;

import java.nio.file.Path;
import java.util.Map;

/**
 * One real client as the matrix drives it, logged in as one {@link Account}. Each call is one
 * complete client run (a process, or a session for the in-process Java client) and throws an
 * AssertionError carrying the client's output when the client reports a failure. Operations a
 * client lacks throw {@link UnsupportedOperationException}; {@link Client} says which those are,
 * and the matrix skips them with that reason.
 */
interface ClientDriver extends AutoCloseable {

    /**
     * One listing entry.
     *
     * @param directory whether the entry is a directory
     * @param size its size in bytes as the client reports it
     */
    record Entry(boolean directory, long size) {}

    /**
     * What a sync or mirror run did.
     *
     * @param filesTransferred how many files the client says it copied
     * @param output what it printed
     */
    record SyncRun(int filesTransferred, String output) {}

    /** Ends what the driver keeps open between operations (nothing, for most). */
    @Override
    default void close() {}

    /** Uploads {@code local} to the absolute remote path {@code remote}. */
    void upload(Path local, String remote);

    /** Downloads {@code remote} to {@code local} (a new file). */
    void download(String remote, Path local);

    /** Makes a directory. */
    default void mkdir(String dir) {
        throw new UnsupportedOperationException("mkdir");
    }

    /** Renames a file. */
    default void rename(String from, String to) {
        throw new UnsupportedOperationException("rename");
    }

    /** Deletes a file. */
    default void delete(String file) {
        throw new UnsupportedOperationException("delete");
    }

    /** Removes an empty directory. */
    default void rmdir(String dir) {
        throw new UnsupportedOperationException("rmdir");
    }

    /** A directory's entries by name, without {@code .} and {@code ..}. */
    default Map<String, Entry> list(String dir) {
        throw new UnsupportedOperationException("list");
    }

    /**
     * Resumes the download of {@code remote} into {@code partial}, which holds the first bytes an
     * interrupted download left: the client continues at the local file's size.
     */
    default void resumeDownload(String remote, Path partial) {
        throw new UnsupportedOperationException("resume");
    }

    /**
     * The client's own sync or mirror of the local folder {@code localDir} to {@code remoteDir}.
     */
    default SyncRun sync(Path localDir, String remoteDir) {
        throw new UnsupportedOperationException("sync");
    }
}
