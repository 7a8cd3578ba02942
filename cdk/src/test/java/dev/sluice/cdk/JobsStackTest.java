package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.jobs.Job;
import dev.sluice.cdk.jobs.JobsStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** EventBridge schedule → SQS queue with a dead-letter queue → job function (through its alias). */
class JobsStackTest {

    private final SynthesizedApp app = SynthesizedApp.get();
    private final JobsStack jobs = app.stacks().jobs();
    private final Template template = app.template(jobs);

    @Test
    void theQuotaScanIsTheOnlyJobUntilTheRetentionApiArrives() {
        assertThat(Job.values()).containsExactly(Job.QUOTA_SCAN);
        Set<String> handlers =
                app.resources(jobs, "AWS::Lambda::Function").values().stream()
                        .map(fn -> String.valueOf(Cfn.props(fn).get("Handler")))
                        .filter(handler -> handler.startsWith("dev.sluice."))
                        .collect(Collectors.toSet());
        assertThat(handlers)
                .containsExactly("dev.sluice.lambdas.jobs.QuotaScanHandler::handleRequest");
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    }

    @Test
    void theJobsQueueSendsWhatKeepsFailingToItsDeadLetterQueue() {
        // One work queue and its dead-letter queue, and one alarm on the latter.
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1);

        String queueId = Cfn.logicalId(jobs.queues().quotaScans());
        Map<String, Object> queue = Cfn.props(app.resources(jobs, "AWS::SQS::Queue").get(queueId));
        assertThat(queue)
                .containsEntry("VisibilityTimeout", 5400)
                .containsEntry("SqsManagedSseEnabled", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
        assertThat(redrive).containsEntry("maxReceiveCount", 3);
        String deadLettersId = Cfn.references(redrive.get("deadLetterTargetArn")).iterator().next();
        assertThat(deadLettersId).isNotEqualTo(queueId);
        assertThat(app.resources(jobs, "AWS::SQS::Queue")).containsOnlyKeys(queueId, deadLettersId);

        Map<String, Object> alarm =
                Cfn.props(app.resources(jobs, "AWS::CloudWatch::Alarm").values().iterator().next());
        assertThat(Cfn.references(alarm.get("Dimensions"))).contains(deadLettersId);
        assertThat(alarm)
                .containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    }

    @Test
    void theScheduleSendsAScanEverythingMessageToTheQuotaScanQueue() {
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

    @ParameterizedTest
    @EnumSource(Job.class)
    void aJobReadsFilesButNeverWritesOrDeletesThemAndSendsNoMail(Job job) {
        List<Map<String, Object>> statements =
                Cfn.statements(app, jobs, Cfn.logicalId(jobs.function(job).role()));
        Set<String> s3Actions =
                Cfn.forService(statements, "s3").stream()
                        .flatMap(s -> Cfn.actions(s).stream())
                        .collect(Collectors.toSet());
        assertThat(s3Actions)
                .contains("s3:GetObject*", "s3:List*")
                .noneMatch(
                        a ->
                                a.startsWith("s3:Put")
                                        || a.startsWith("s3:Delete")
                                        || a.equals("s3:*"));
        // Reports by mail come with retention checks; no job sends mail until then.
        assertThat(Cfn.forService(statements, "ses")).isEmpty();
        Map<String, Object> fn =
                Cfn.props(
                        app.resources(jobs, "AWS::Lambda::Function")
                                .get(Cfn.logicalId(jobs.function(job).function())));
        @SuppressWarnings("unchecked")
        Map<String, Object> env =
                (Map<String, Object>)
                        ((Map<String, Object>) fn.get("Environment")).get("Variables");
        assertThat(env).containsKey("SLUICE_BUCKET").doesNotContainKey("SLUICE_SES_SENDER");
    }
}
