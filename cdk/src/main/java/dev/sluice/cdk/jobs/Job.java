package dev.sluice.cdk.jobs;

import static dev.sluice.cdk.storage.TableAccess.READ_UPDATE;

import dev.sluice.cdk.storage.TableAccess;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.Map;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;

/**
 * The scheduled jobs. Each runs from its own SQS queue: a daily EventBridge rule puts a "scan
 * everything" message on it, and the API puts on-demand requests on the same queue (SFTPGo's quota
 * scans answer at once and run in the background). The queue gives retries, a dead-letter queue for
 * what keeps failing, and one place where concurrency is capped so a big scan cannot exhaust
 * DynamoDB or S3 request rates.
 *
 * <p>Retention checks arrive with the retention API. SFTPGo runs them on demand ({@code POST
 * /api/v2/retention/users/{username}/check}), which Sluice does not serve yet, and Sluice stores no
 * per-user retention policy, so a daily retention job would have nothing to apply. When it comes it
 * is one more entry here (its handler, tables and schedule), its queue in {@link JobQueues}, and
 * the rights only it needs: deleting files and mailing reports through SES.
 */
public enum Job {
    QUOTA_SCAN(
            "QuotaScan",
            "dev.sluice.lambdas.jobs.QuotaScanHandler::handleRequest",
            "Recounts users' and folders' quota usage from S3 (counters drift when files change outside SFTP)",
            Schedule.cron(CronOptions.builder().minute("0").hour("2").build()),
            // Quota leases: a scan reaps lapsed ones first (UpdateItem only: a reaped lease is
            // marked, not deleted).
            Map.of(
                    Tables.USERS,
                    READ_UPDATE,
                    Tables.FOLDERS,
                    READ_UPDATE,
                    Tables.QUOTA_LEASES,
                    READ_UPDATE));

    /**
     * The body of the message the schedule sends, {@code {"source":"schedule","scope":"all"}};
     * on-demand requests from the API name their user instead.
     */
    public static final Map<String, String> SCHEDULED_MESSAGE = scheduledMessage();

    private static Map<String, String> scheduledMessage() {
        // Ordered, so the synthesized rule (and the template) is the same on every run.
        Map<String, String> message = new java.util.LinkedHashMap<>();
        message.put("source", "schedule");
        message.put("scope", "all");
        return java.util.Collections.unmodifiableMap(message);
    }

    private final String id;
    private final String handler;
    private final String description;
    private final Schedule schedule;
    private final Map<TableSpec, TableAccess> tables;

    Job(
            String id,
            String handler,
            String description,
            Schedule schedule,
            Map<TableSpec, TableAccess> tables) {
        this.id = id;
        this.handler = handler;
        this.description = description;
        this.schedule = schedule;
        this.tables = tables;
    }

    public String id() {
        return id;
    }

    public String handler() {
        return handler;
    }

    public String description() {
        return description;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** Tables the job reads, and updates usage counters in after counting files. */
    public Map<TableSpec, TableAccess> tables() {
        return tables;
    }
}
