package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.jobs.Job;
import dev.sluice.cdk.jobs.JobsStack;
import dev.sluice.cdk.jobs.RetentionSchedules;
import dev.sluice.cdk.storage.DataResources;
import dev.sluice.config.Settings;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * SQS queue with a dead-letter queue → job function (through its alias), fed by the quota scan's
 * daily rule and by retention policies' EventBridge Scheduler schedules; only retention deletes.
 */
class JobsStackTest {

    private final SynthesizedApp app = SynthesizedApp.get();
    private final JobsStack jobs = app.stacks().jobs();
    private final DataResources data = app.stacks().data().resources();
    private final Template template = app.template(jobs);

    private List<Map<String, Object>> statements(Job job) {
        return Cfn.statements(app, jobs, Cfn.logicalId(jobs.function(job).role()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(Job job) {
        Map<String, Object> fn =
                Cfn.props(
                        app.resources(jobs, "AWS::Lambda::Function")
                                .get(Cfn.logicalId(jobs.function(job).function())));
        return (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
    }

    private static Set<String> actions(List<Map<String, Object>> statements, String service) {
        return Cfn.forService(statements, service).stream()
                .flatMap(s -> Cfn.actions(s).stream())
                .collect(Collectors.toSet());
    }

    @Test
    void theJobsAreTheQuotaScanAndRetentionAndOnlyTheScanHasADailyRule() {
        assertThat(Job.values()).containsExactly(Job.QUOTA_SCAN, Job.RETENTION);
        Set<String> handlers =
                app.resources(jobs, "AWS::Lambda::Function").values().stream()
                        .map(fn -> String.valueOf(Cfn.props(fn).get("Handler")))
                        .filter(handler -> handler.startsWith("dev.sluice."))
                        .collect(Collectors.toSet());
        assertThat(handlers)
                .containsExactlyInAnyOrder(
                        "dev.sluice.lambdas.jobs.QuotaScanHandler::handleRequest",
                        "dev.sluice.lambdas.jobs.RetentionHandler::handleRequest");
        // Policies bring retention's schedules at run time; the template has none of its own.
        assertThat(Job.RETENTION.schedule()).isEmpty();
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.resourceCountIs("AWS::Scheduler::Schedule", 0);
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", Job.values().length);
    }

    @Test
    void eachJobsQueueSendsWhatKeepsFailingToItsOwnDeadLetterQueue() {
        // A work queue and a dead-letter queue per job, and one alarm on each of the latter.
        template.resourceCountIs("AWS::SQS::Queue", 2 * Job.values().length);
        template.resourceCountIs("AWS::CloudWatch::Alarm", Job.values().length);
        Set<String> deadLetterIds = new java.util.HashSet<>();
        for (Job job : Job.values()) {
            String queueId = Cfn.logicalId(jobs.queue(job).queue());
            assertThat(queueId).isEqualTo(Cfn.logicalId(jobs.queues().of(job)));
            Map<String, Object> queue =
                    Cfn.props(app.resources(jobs, "AWS::SQS::Queue").get(queueId));
            assertThat(queue)
                    .as(job.name())
                    .containsEntry("VisibilityTimeout", 5400)
                    .containsEntry("SqsManagedSseEnabled", true);
            @SuppressWarnings("unchecked")
            Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
            assertThat(redrive).containsEntry("maxReceiveCount", 3);
            String deadLettersId =
                    Cfn.references(redrive.get("deadLetterTargetArn")).iterator().next();
            assertThat(deadLettersId)
                    .isEqualTo(Cfn.logicalId(jobs.queue(job).deadLetters()))
                    .isNotEqualTo(queueId);
            assertThat(deadLetterIds.add(deadLettersId)).as("shared dead-letter queue").isTrue();
            assertThat(app.resources(jobs, "AWS::CloudWatch::Alarm").values())
                    .as("alarm on " + job + "'s dead letters")
                    .anySatisfy(
                            alarm -> {
                                assertThat(Cfn.references(Cfn.props(alarm).get("Dimensions")))
                                        .contains(deadLettersId);
                                assertThat(Cfn.props(alarm))
                                        .containsEntry("Threshold", 1)
                                        .containsEntry(
                                                "ComparisonOperator",
                                                "GreaterThanOrEqualToThreshold");
                            });
        }
    }

    @Test
    void theDailyRuleSendsAScanEverythingMessageToTheQuotaScanQueue() {
        String queueId = Cfn.logicalId(jobs.queues().quotaScans());
        template.hasResourceProperties(
                "AWS::Events::Rule",
                Map.of(
                        "ScheduleExpression",
                        "cron(0 2 * * ? *)",
                        "Targets",
                        List.of(
                                Map.of(
                                        "Arn", Map.of("Fn::GetAtt", List.of(queueId, "Arn")),
                                        "Id", Match.anyValue(),
                                        "Input", "{\"source\":\"schedule\",\"scope\":\"all\"}"))));
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void theQueueFeedsTheJobsAliasOneMessageAtATime(Job job) {
        String aliasId = Cfn.logicalId(jobs.function(job).alias());
        Map<String, Object> mapping =
                app.resources(jobs, "AWS::Lambda::EventSourceMapping").values().stream()
                        .map(Cfn::props)
                        .filter(m -> Cfn.references(m.get("FunctionName")).contains(aliasId))
                        .findFirst()
                        .orElseThrow();
        assertThat(Cfn.references(mapping.get("EventSourceArn")))
                .containsExactly(Cfn.logicalId(jobs.queue(job).queue()));
        assertThat(mapping.get("BatchSize")).isEqualTo(1);
        assertThat(mapping.get("FunctionResponseTypes"))
                .isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(mapping.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", 2));

        Map<String, Object> fn =
                Cfn.props(
                        app.resources(jobs, "AWS::Lambda::Function")
                                .get(Cfn.logicalId(jobs.function(job).function())));
        assertThat(fn.get("Handler")).isEqualTo(job.handler());
        assertThat(fn.get("Timeout")).isEqualTo(900);
        assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    @Test
    void theQuotaScanReadsFilesButNeverWritesOrDeletesThem() {
        assertThat(actions(statements(Job.QUOTA_SCAN), "s3"))
                .contains("s3:GetObject*", "s3:List*")
                .noneMatch(
                        a ->
                                a.startsWith("s3:Put")
                                        || a.startsWith("s3:Delete")
                                        || a.equals("s3:*"));
        for (Map<String, Object> s : statements(Job.QUOTA_SCAN)) {
            assertThat(Cfn.allows(s, "s3:DeleteObject")).as(s.toString()).isFalse();
        }
    }

    @Test
    void onlyRetentionDeletesAndOnlyCurrentVersionsOfTheInstallationsFiles() {
        List<Map<String, Object>> deleting =
                statements(Job.RETENTION).stream()
                        .filter(s -> Cfn.allows(s, "s3:DeleteObject"))
                        .toList();
        String bucketId = Cfn.logicalId(data.bucket());
        assertThat(deleting)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(Cfn.actions(s)).containsExactly("s3:DeleteObject");
                            // The bucket's objects (<bucket ARN>/*), never the bucket itself.
                            assertThat(Cfn.json(s.get("Resource")))
                                    .contains(bucketId)
                                    .contains("/*");
                            assertThat(Cfn.list(s.get("Resource"))).hasSize(1);
                        });
        for (Map<String, Object> s : statements(Job.RETENTION)) {
            for (String action : SftpStackTest.VERSION_OR_BUCKET_CHANGES) {
                assertThat(Cfn.allows(s, action)).as(action + " in " + s).isFalse();
            }
            assertThat(Cfn.allows(s, "s3:PutObject")).as(s.toString()).isFalse();
        }
        assertThat(actions(statements(Job.RETENTION), "s3")).contains("s3:List*");
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void aJobSendsToItsOwnQueueOnly(Job job) {
        List<Map<String, Object>> sending =
                statements(job).stream().filter(s -> Cfn.allows(s, "sqs:SendMessage")).toList();
        // CDK merges it into the statement that lets the function consume the same queue.
        assertThat(sending)
                .singleElement()
                .satisfies(
                        s ->
                                assertThat(Cfn.references(s.get("Resource")))
                                        .containsExactly(Cfn.logicalId(jobs.queue(job).queue())));
        for (Job other : Job.values()) {
            if (other != job) {
                String otherQueue = Cfn.logicalId(jobs.queue(other).queue());
                assertThat(statements(job))
                        .as(job + " touches " + other + "'s queue")
                        .noneMatch(s -> Cfn.references(s.get("Resource")).contains(otherQueue));
            }
        }
    }

    @Test
    void eachJobUsesItsTablesAsDeclared() {
        assertThat(Job.QUOTA_SCAN.tables()).containsKey(Tables.JOB_RUNS);
        assertThat(Job.RETENTION.tables().keySet())
                .containsExactlyInAnyOrder(
                        Tables.USERS, Tables.FOLDERS, Tables.RETENTION_POLICIES, Tables.JOB_RUNS);
        for (Job job : Job.values()) {
            Set<String> writable = tablesGranted(job, "dynamodb:PutItem");
            Set<String> updatable = tablesGranted(job, "dynamodb:UpdateItem");
            Set<String> readable = tablesGranted(job, "dynamodb:GetItem");
            for (TableSpec spec : Tables.ALL) {
                String id = Cfn.logicalId(data.tables().table(spec));
                var access = job.tables().get(spec);
                assertThat(Cfn.names(readable, id))
                        .as(job + " reads " + spec.id())
                        .isEqualTo(access != null);
                assertThat(Cfn.names(updatable, id))
                        .as(job + " updates " + spec.id())
                        .isEqualTo(
                                access != null
                                        && access != dev.sluice.cdk.storage.TableAccess.READ);
                assertThat(Cfn.names(writable, id))
                        .as(job + " puts into " + spec.id())
                        .isEqualTo(access == dev.sluice.cdk.storage.TableAccess.READ_WRITE);
            }
        }
        // Retention reads policies but never changes them: the API owns them.
        assertThat(Job.RETENTION.tables().get(Tables.RETENTION_POLICIES))
                .isEqualTo(dev.sluice.cdk.storage.TableAccess.READ);
    }

    private Set<String> tablesGranted(Job job, String action) {
        return Cfn.forService(statements(job), "dynamodb").stream()
                .filter(s -> Cfn.allows(s, action))
                .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                .collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void everyJobIsToldBothQueuesAndNoSenderWhenNoneIsConfigured(Job job) {
        Map<String, Object> env = environment(job);
        assertThat(env)
                .containsKeys(
                        Settings.BUCKET.variable(),
                        Settings.RETENTION_QUEUE_URL.variable(),
                        Settings.QUOTA_SCAN_QUEUE_URL.variable())
                .doesNotContainKey(Settings.MAIL_FROM.variable());
        assertThat(Cfn.references(env.get(Settings.RETENTION_QUEUE_URL.variable())))
                .containsExactly(Cfn.logicalId(jobs.queue(Job.RETENTION).queue()));
        assertThat(Cfn.references(env.get(Settings.QUOTA_SCAN_QUEUE_URL.variable())))
                .containsExactly(Cfn.logicalId(jobs.queue(Job.QUOTA_SCAN).queue()));
        // No sender address, no right to send mail.
        assertThat(Cfn.forService(statements(job), "ses")).isEmpty();
    }

    @Test
    void retentionSchedulesLiveInAGroupNamedAfterTheStack() {
        template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
        String groupId = Cfn.logicalId(jobs.schedules().getNode().findChild("Group"));
        Map<String, Object> group =
                Cfn.props(app.resources(jobs, "AWS::Scheduler::ScheduleGroup").get(groupId));
        assertThat(group.get("Name"))
                .isEqualTo(
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        List.of(Map.of("Ref", "AWS::StackName"), "-retention"))));
    }

    @Test
    void onlyThisAccountsSchedulesInTheGroupMayAssumeTheSchedulerRole() {
        String roleId = Cfn.logicalId(jobs.schedules().role());
        String groupId = Cfn.logicalId(jobs.schedules().getNode().findChild("Group"));
        Map<String, Object> role = Cfn.props(app.resources(jobs, "AWS::IAM::Role").get(roleId));
        assertThat(role).doesNotContainKey("ManagedPolicyArns").doesNotContainKey("Policies");
        Map<?, ?> trust = (Map<?, ?>) role.get("AssumeRolePolicyDocument");
        assertThat(Cfn.list(trust.get("Statement")))
                .singleElement()
                .isEqualTo(
                        Map.of(
                                "Action",
                                "sts:AssumeRole",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("Service", RetentionSchedules.SCHEDULER),
                                "Condition",
                                Map.of(
                                        "StringEquals",
                                        Map.of(
                                                "aws:SourceAccount",
                                                Map.of("Ref", "AWS::AccountId")),
                                        "ArnEquals",
                                        Map.of(
                                                "aws:SourceArn",
                                                Map.of("Fn::GetAtt", List.of(groupId, "Arn"))))));
    }

    @Test
    void theSchedulerRoleMayOnlySendToTheRetentionQueue() {
        List<Map<String, Object>> statements =
                Cfn.statements(app, jobs, Cfn.logicalId(jobs.schedules().role()));
        assertThat(statements)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(Cfn.actions(s)).containsExactly("sqs:SendMessage");
                            assertThat(s.get("Resource"))
                                    .isEqualTo(
                                            Map.of(
                                                    "Fn::GetAtt",
                                                    List.of(
                                                            Cfn.logicalId(
                                                                    jobs.queue(Job.RETENTION)
                                                                            .queue()),
                                                            "Arn")));
                        });
    }
}
