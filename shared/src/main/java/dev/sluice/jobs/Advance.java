package dev.sluice.jobs;

/** What one invocation of a job did to its run. */
public sealed interface Advance permits Advance.Finished, Advance.Paused, Advance.Lost {

    /** The run is finished (or failed) and stored so. */
    record Finished(JobRun run) implements Advance {}

    /** The run is checkpointed: send its message again to go on. */
    record Paused(JobRun run) implements Advance {}

    /**
     * Another invocation advanced the run or took its subject over: this one stops, writing nothing
     * more.
     */
    record Lost(String runId) implements Advance {}
}
