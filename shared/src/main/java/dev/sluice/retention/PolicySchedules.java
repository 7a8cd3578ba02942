package dev.sluice.retention;

/**
 * The schedules that start policy runs: EventBridge Scheduler on AWS (one schedule per policy, its
 * target the retention queue with {@code {"policy":"<name>"}}), timers in the local mode.
 */
public interface PolicySchedules {

    /**
     * Creates the policy's schedule, or changes it to the policy's expression, zone and state.
     *
     * @throws ScheduleException when the scheduler refused or could not be reached
     */
    void put(RetentionPolicy policy);

    /** Removes the policy's schedule; nothing when there is none. */
    void delete(String policyName);

    /** The scheduler refused a schedule, or could not be reached. */
    final class ScheduleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ScheduleException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
