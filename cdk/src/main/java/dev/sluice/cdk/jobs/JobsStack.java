package dev.sluice.cdk.jobs;

import dev.sluice.cdk.lambda.JavaFunction;
import dev.sluice.cdk.nag.GrantSuppressions;
import dev.sluice.cdk.nag.Nag;
import dev.sluice.cdk.storage.DataResources;
import dev.sluice.cdk.storage.FileAccess;
import dev.sluice.config.Settings;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.constructs.Construct;

/**
 * Scheduled work: EventBridge rule → SQS queue (with dead-letter queue) → job function. The
 * functions receive SQS events ({@code RequestHandler<SQSEvent, SQSBatchResponse>}, one message per
 * invocation, partial batch failures reported) whose bodies are JSON objects such as {@code
 * {"source":"schedule","scope":"all"}} ({@link Job#SCHEDULED_MESSAGE}).
 */
public final class JobsStack extends Stack {

    /** Lambda's maximum: a full scan of a large bucket is long work. */
    static final Duration JOB_TIMEOUT = Duration.minutes(15);

    /** At most this many instances per job work at once (the event source's minimum is 2). */
    static final int MAX_CONCURRENCY = 2;

    private final Map<Job, JobQueue> queues = new EnumMap<>(Job.class);
    private final Map<Job, JavaFunction> functions = new EnumMap<>(Job.class);

    public JobsStack(Construct scope, String id, StackProps stackProps, JobsStackProps props) {
        super(scope, id, stackProps);
        Code code = Code.fromAsset(props.config().lambdaJar().toString());
        for (Job job : Job.values()) {
            JobQueue queue = new JobQueue(this, job.id() + "Queue", JOB_TIMEOUT);
            queues.put(job, queue);
            functions.put(job, jobFunction(job, code, props));
            schedule(job, queue);
        }
    }

    private JavaFunction jobFunction(Job job, Code code, JobsStackProps props) {
        DataResources data = props.data();
        Map<String, String> env = new LinkedHashMap<>(data.baseEnvironment());
        Settings.SECRETS_MAX_AGE.put(
                env, java.time.Duration.ofSeconds(props.config().secretsMaxAgeSeconds()));
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
        // Jobs list and count objects; none writes or deletes them.
        data.bucket().grantRead(fn.role());
        // Users' s3config may name the operator's extra buckets: the scan lists them, nothing more.
        FileAccess.grantScan(fn.role(), FileAccess.extraBuckets(fn, props.config().extraBuckets()));
        // Users who bring their own S3 credentials have them encrypted under the master key.
        data.secrets().masterKey().grantRead(fn.role());
        Nag.suppress(
                fn.role(), GrantSuppressions.tableIndexes(), GrantSuppressions.bucketObjects());

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

    private void schedule(Job job, JobQueue queue) {
        Rule.Builder.create(this, job.id() + "Schedule")
                .description("Sluice: daily " + job.id() + " of every user")
                .schedule(job.schedule())
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

    public JobQueues queues() {
        return new JobQueues(queues.get(Job.QUOTA_SCAN).queue());
    }

    public JavaFunction function(Job job) {
        return functions.get(job);
    }
}
