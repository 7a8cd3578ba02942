package dev.sluice.jobs;

/** Where a run stands. */
public enum JobState {
    RUNNING,
    /** Done; the result holds what it did (errors on single files included). */
    FINISHED,
    /** Stopped for good: its error says why (its message dead-lettered, its lock taken over). */
    FAILED
}
