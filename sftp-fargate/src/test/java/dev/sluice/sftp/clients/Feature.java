package dev.sluice.sftp.clients;

/** The parts of the matrix scenario a client may lack (every client uploads and downloads). */
enum Feature {
    /** mkdir, rename, delete, rmdir and a listing with names and sizes. */
    FILES,
    /** Resuming an interrupted download at the local file's size. */
    RESUME,
    /** A sync or mirror command of the client's own. */
    SYNC
}
