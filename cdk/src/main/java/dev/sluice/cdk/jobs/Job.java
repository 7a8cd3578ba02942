package dev.sluice.cdk.jobs;

import static dev.sluice.cdk.storage.TableAccess.READ;
import static dev.sluice.cdk.storage.TableAccess.READ_UPDATE;
import static dev.sluice.cdk.storage.TableAccess.READ_WRITE;

import dev.sluice.cdk.storage.TableAccess;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;

/**
 * The background jobs. Each runs from its own SQS queue, which gives retries, a dead-letter queue
 * for what keeps failing, and one place where concurrency is capped so a big run cannot exhaust
 * DynamoDB or S3 request rates. Work reaches a queue from a daily EventBridge rule (the quota
 * scan's {@link #SCHEDULED_MESSAGE}), from the API (SFTPGo's scans and checks answer at once and
 * run in the background), from EventBridge Scheduler (retention policies bring their own schedules,
 * see {@link RetentionSchedules}), and from the job itself: a job fans out one message per user or
 * folder and re-queues the rest of a listing before Lambda's 15 minutes run out.
 */
public enum Job {
    QUOTA_SCAN(
            "QuotaScan",
            "dev.sluice.lambdas.jobs.QuotaScanHandler::handleRequest",
            "Recounts users' and folders' quota usage from S3 (counters drift when files change outside SFTP)",
            Optional.of(Schedule.cron(CronOptions.builder().minute("0").hour("2").build())),
            Files.LIST_AND_READ,
            // Quota leases: a scan reaps lapsed ones first (UpdateItem only: a reaped lease is
            // marked, not deleted). Job runs: the scan's progress, result and lock.
            Map.of(
                    Tables.USERS,
                    READ_UPDATE,
                    Tables.FOLDERS,
                    READ_UPDATE,
                    Tables.QUOTA_LEASES,
                    READ_UPDATE,
                    Tables.JOB_RUNS,
                    READ_WRITE)),
    RETENTION(
            "Retention",
            "dev.sluice.lambdas.jobs.RetentionHandler::handleRequest",
            "Deletes files older than their retention rules (checks and policy runs) and mails reports",
            // No schedule of its own: each retention policy brings one (EventBridge Scheduler).
            Optional.empty(),
            Files.LIST_READ_DELETE,
            // Users and folders: their rules' paths and permissions, and usage counters lowered by
            // what was deleted (conditional updates in transactions). Policies: what a run covers.
            Map.of(
                    Tables.USERS,
                    READ_UPDATE,
                    Tables.FOLDERS,
                    READ_UPDATE,
                    Tables.RETENTION_POLICIES,
                    READ,
                    Tables.JOB_RUNS,
                    READ_WRITE));

    /** What a job may do to the files in the installation's bucket and in {@code extraBuckets}. */
    public enum Files {
        /** List keys and sizes, read objects; nothing is written or deleted. */
        LIST_AND_READ,
        /** As {@link #LIST_AND_READ}, plus deleting current versions ({@code s3:DeleteObject}). */
        LIST_READ_DELETE
    }

    /**
     * The body of the message the daily rule sends, {@code {"source":"schedule","scope":"all"}};
     * on-demand requests from the API name their user instead.
     */
    public static final Map<String, String> SCHEDULED_MESSAGE = scheduledMessage();

    private static Map<String, String> scheduledMessage() {
        // Ordered, so the synthesized rule (and the template) is the same on every run.
        Map<String, String> message = new LinkedHashMap<>();
        message.put("source", "schedule");
        message.put("scope", "all");
        return Collections.unmodifiableMap(message);
    }

    private final String id;
    private final String handler;
    private final String description;
    private final Optional<Schedule> schedule;
    private final Files files;
    private final Map<TableSpec, TableAccess> tables;

    Job(
            String id,
            String handler,
            String description,
            Optional<Schedule> schedule,
            Files files,
            Map<TableSpec, TableAccess> tables) {
        this.id = id;
        this.handler = handler;
        this.description = description;
        this.schedule = schedule;
        this.files = files;
        this.tables = tables;
    }

    /** The job's name in construct IDs ({@code QuotaScan}, {@code Retention}). */
    public String id() {
        return id;
    }

    /** The Lambda handler, {@code class::method}. */
    public String handler() {
        return handler;
    }

    /** What the job does, as its function's description. */
    public String description() {
        return description;
    }

    /**
     * When an EventBridge rule puts {@link #SCHEDULED_MESSAGE} on the job's queue; empty for a job
     * that is only started on demand or by schedules made at run time.
     */
    public Optional<Schedule> schedule() {
        return schedule;
    }

    /** What the job may do to files. */
    public Files files() {
        return files;
    }

    /** Tables the job uses, and how. */
    public Map<TableSpec, TableAccess> tables() {
        return tables;
    }
}
