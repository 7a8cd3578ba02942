package dev.sluice.config;

/**
 * What chmod and chown (no meaning on S3), and set-times without the {@code chtimes} permission, do
 * over SFTP ({@link Settings#SETSTAT_MODE}). Set-times with {@code chtimes} is kept in the object's
 * metadata whatever the mode.
 */
public enum SetStatMode {
    /** Accept and ignore them (clients such as WinSCP send them after every upload). */
    IGNORE,
    /** Refuse them. */
    REFUSE
}
