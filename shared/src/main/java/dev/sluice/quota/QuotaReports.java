package dev.sluice.quota;

import dev.sluice.reports.QuotaSummary;

/** Where the daily quota scan's report goes once its last scan finished. */
@FunctionalInterface
public interface QuotaReports {

    /** No report (no recipients or no sender configured). */
    QuotaReports NONE = summary -> {};

    /** Delivers the report; never throws (a report that cannot go out is logged). */
    void finished(QuotaSummary summary);

    /** Whether anyone receives reports (so the daily run only claims a report it will send). */
    default boolean wanted() {
        return this != NONE;
    }
}
