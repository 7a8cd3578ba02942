package dev.sluice.config;

/**
 * What chmod, chown and set-times do over SFTP ({@link Settings#SETSTAT_MODE}): they have no
 * meaning on S3.
 */
public enum SetStatMode {
    /** Accept and ignore them (clients such as WinSCP send them after every upload). */
    IGNORE,
    /** Refuse them. */
    REFUSE
}
