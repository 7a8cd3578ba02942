package dev.sluice.jobs;

import java.util.Locale;

/** The kinds of background work, each with its own lock per subject and its own history. */
public enum JobKind {
    /** One user's retention check (SFTPGo's {@code RetentionCheck}); subject: the user name. */
    RETENTION_CHECK,
    /** One run of a named retention policy over the users it covers; subject: the policy. */
    RETENTION_POLICY,
    /** One user's quota scan (SFTPGo's {@code QuotaScan}); subject: the user name. */
    QUOTA_SCAN_USER,
    /** One virtual folder's quota scan (SFTPGo's {@code FolderQuotaScan}); subject: its name. */
    QUOTA_SCAN_FOLDER,
    /**
     * One run of the daily quota scan over every user and folder: its fan-out cursor, and the
     * parent its per-owner scans count themselves in; subject: {@code all}.
     */
    QUOTA_SCAN_ALL,
    /**
     * One restore of a dump ({@code loaddata}): its cursor through the dump's objects and its
     * report so far, so that a restore cut short is finished by sending the dump again; subject: a
     * digest of the dump and the restore's options.
     */
    RESTORE;

    /** The value stored and shown ({@code retention_check}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
