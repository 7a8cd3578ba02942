package dev.sluice.cdk.jobs;

import dev.sluice.cdk.lambda.JavaFunction;
import dev.sluice.cdk.mail.SenderIdentity;
import dev.sluice.cdk.nag.GrantSuppressions;
import dev.sluice.cdk.nag.Nag;
import dev.sluice.cdk.storage.DataResources;
import dev.sluice.cdk.storage.FileAccess;
import dev.sluice.config.Settings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Background work: SQS queue (with dead-letter queue) → job function, fed by a daily EventBridge
 * rule (quota scan), by EventBridge Scheduler schedules the API makes for retention policies
 * ({@link RetentionSchedules}), by the API, and by the jobs themselves (fan-out, continuations).
 * The functions receive SQS events ({@code RequestHandler<SQSEvent, SQSBatchResponse>}, one message
 * per invocation, partial batch failures reported) whose bodies are JSON objects such as {@code
 * {"source":"schedule","scope":"all"}} ({@link Job#SCHEDULED_MESSAGE}).
 */
public final class JobsStack extends Stack {

    /** Lambda's maximum: a full scan of a large bucket is long work. */
    static final Duration JOB_TIMEOUT = Duration.minutes(15);

    /** At most this many instances per job work at once (the event source's minimum is 2). */
    static final int MAX_CONCURRENCY = 2;

    private final Map<Job, JobQueue> queues = new EnumMap<>(Job.class);
    private final Map<Job, JavaFunction> functions = new EnumMap<>(Job.class);
    private final RetentionSchedules schedules;

    /** The jobs' queues, functions and schedules. */
    public JobsStack(Construct scope, String id, StackProps stackProps, JobsStackProps props) {
        super(scope, id, stackProps);
        Code code = Code.fromAsset(props.config().lambdaJar().toString());
        // Queues first: every job function is told both queues (one jobs configuration, Settings).
        for (Job job : Job.values()) {
            queues.put(job, new JobQueue(this, job.id() + "Queue", JOB_TIMEOUT));
        }
        for (Job job : Job.values()) {
            functions.put(job, jobFunction(job, code, props));
            job.schedule().ifPresent(schedule -> schedule(job, schedule, queues.get(job)));
        }
        this.schedules =
                new RetentionSchedules(
                        this, "RetentionSchedules", queues.get(Job.RETENTION).queue());
    }

    private JavaFunction jobFunction(Job job, Code code, JobsStackProps props) {
        DataResources data = props.data();
        Map<String, String> env = new LinkedHashMap<>(data.baseEnvironment());
        Settings.SECRETS_MAX_AGE.put(
                env, java.time.Duration.ofSeconds(props.config().secretsMaxAgeSeconds()));
        Settings.RETENTION_QUEUE_URL.put(env, queues.get(Job.RETENTION).queue().getQueueUrl());
        Settings.QUOTA_SCAN_QUEUE_URL.put(env, queues.get(Job.QUOTA_SCAN).queue().getQueueUrl());
        props.config().senderAddress().ifPresent(from -> Settings.MAIL_FROM.put(env, from));
        if (job == Job.QUOTA_SCAN && !props.config().quotaReportRecipients().isEmpty()) {
            Settings.QUOTA_REPORT_RECIPIENTS.put(env, props.config().quotaReportRecipients());
        }
        JavaFunction fn =
                new JavaFunction(
                        this,
                        job.id() + "Job",
                        new JavaFunction.Props(
                                job.handler(),
                                job.description(),
                                code,
                                1024,
                                JOB_TIMEOUT,
                                env,
                                props.config().removal()));

        data.tables().grant(fn.role(), job.tables());
        // Jobs list and count objects; none writes them.
        data.bucket().grantRead(fn.role());
        // Users' s3config may name the operator's extra buckets: jobs list them.
        List<IBucket> extraBuckets = FileAccess.extraBuckets(fn, props.config().extraBuckets());
        FileAccess.grantScan(fn.role(), extraBuckets);
        if (job.files() == Job.Files.LIST_READ_DELETE) {
            // Only retention deletes, and only current versions: old ones stay recoverable.
            List<IBucket> deletable = new ArrayList<>(List.of(data.bucket()));
            deletable.addAll(extraBuckets);
            FileAccess.grantDelete(fn.role(), deletable);
        }
        // Users who bring their own S3 credentials have them encrypted under the master key.
        data.secrets().masterKey().grantRead(fn.role());
        // Fan-out and continuations go back on the job's own queue, and nowhere else.
        JobQueue.grantSend(queues.get(job).queue(), fn.role());
        props.config()
                .senderAddress()
                .ifPresent(from -> new SenderIdentity(from).grantSend(fn.role()));
        // cdk-nag reports the first suppression that matches a finding: the narrowest go first.
        Nag.suppress(fn.role(), GrantSuppressions.tableIndexes());
        if (job.files() == Job.Files.LIST_READ_DELETE) {
            Nag.suppress(fn.role(), GrantSuppressions.retentionObjects());
        }
        Nag.suppress(fn.role(), GrantSuppressions.bucketObjects());

        fn.alias()
                .addEventSource(
                        new SqsEventSource(
                                queues.get(job).queue(),
                                SqsEventSourceProps.builder()
                                        .batchSize(1)
                                        .reportBatchItemFailures(true)
                                        .maxConcurrency(MAX_CONCURRENCY)
                                        .build()));
        return fn;
    }

    private void schedule(Job job, Schedule schedule, JobQueue queue) {
        Rule.Builder.create(this, job.id() + "Schedule")
                .description("Sluice: daily " + job.id() + " of every user")
                .schedule(schedule)
                .targets(
                        List.of(
                                new SqsQueue(
                                        queue.queue(),
                                        SqsQueueProps.builder()
                                                .message(
                                                        RuleTargetInput.fromObject(
                                                                Job.SCHEDULED_MESSAGE))
                                                .build())))
                .build();
    }

    /** The work queues, for the API functions that start jobs. */
    public JobQueues queues() {
        return new JobQueues(queues.get(Job.QUOTA_SCAN).queue(), queues.get(Job.RETENTION).queue());
    }

    /** One job's queue, dead-letter queue and alarm. */
    public JobQueue queue(Job job) {
        return queues.get(job);
    }

    /** The schedule group and role of retention policies' schedules. */
    public RetentionSchedules schedules() {
        return schedules;
    }

    /** One job's function. */
    public JavaFunction function(Job job) {
        return functions.get(job);
    }
}
