package dev.sluice.jobs;

/**
 * When a job must stop and re-queue the rest of its work: on AWS shortly before the invocation's
 * time runs out, in the local mode after a slice of time so that other work gets a turn.
 */
@FunctionalInterface
public interface Deadline {

    /** True once the job should checkpoint and hand the rest over. */
    boolean near();

    /** A deadline {@code millis} from now on the wall clock. */
    static Deadline in(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        return () -> System.nanoTime() - end >= 0;
    }
}
