package dev.sluice.retention;

import dev.sluice.jobs.JobRun;
import java.util.List;

/** Where the report of a finished check or policy run goes (e-mail, or nowhere). */
public interface RetentionReports {

    /**
     * Reports a finished run to its recipients. Never throws: a report that cannot be sent is
     * logged, and the run stays as it ended.
     *
     * @param run a finished check (no parent) or policy run
     * @param checks a policy run's checks (empty for a single check)
     */
    void finished(JobRun run, List<JobRun> checks);

    /** Reports nothing (no sender configured). */
    RetentionReports NONE = (run, checks) -> {};
}
