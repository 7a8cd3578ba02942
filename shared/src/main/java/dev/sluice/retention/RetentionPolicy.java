package dev.sluice.retention;

import java.util.List;

/**
 * A named retention policy (a Sluice extension to SFTPGo's API, under {@code
 * /api/v2/retention/policies}): rules, the users they apply to, when they run, and who receives the
 * report. Each run checks every covered user as a retention check of its own.
 *
 * @param name unique; also names its EventBridge Scheduler schedule
 * @param folders the rules, as in a check's body
 * @param covers which users
 * @param schedule an EventBridge Scheduler expression: {@code cron(...)}, {@code rate(...)} or
 *     {@code at(...)}
 * @param timezone the IANA time zone the schedule is read in (UTC when empty)
 * @param recipients who receives each run's report (none: no report)
 * @param enabled a disabled policy keeps its schedule, disabled
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record RetentionPolicy(
        String name,
        String description,
        List<FolderRetention> folders,
        Coverage covers,
        String schedule,
        String timezone,
        List<String> recipients,
        Boolean enabled,
        long createdAt,
        long updatedAt) {

    public RetentionPolicy {
        description = description == null ? "" : description;
        folders = folders == null ? List.of() : List.copyOf(folders);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        timezone = timezone == null || timezone.isBlank() ? "UTC" : timezone;
        enabled = enabled == null || enabled;
    }

    /** Whether its schedule fires. */
    public boolean active() {
        return enabled;
    }

    /** The same policy with its timestamps set. */
    public RetentionPolicy stamped(long created, long updated) {
        return new RetentionPolicy(
                name,
                description,
                folders,
                covers,
                schedule,
                timezone,
                recipients,
                enabled,
                created,
                updated);
    }

    /**
     * Which users a policy covers: exactly one of the three.
     *
     * @param usernames these users
     * @param allUsers every user
     * @param folder every user that mounts this virtual folder
     */
    public record Coverage(List<String> usernames, Boolean allUsers, String folder) {
        public Coverage {
            usernames = usernames == null ? null : List.copyOf(usernames);
        }

        public boolean everyone() {
            return Boolean.TRUE.equals(allUsers);
        }
    }
}
