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
    void eachJobHasAQueueWhoseFailuresGoToADeadLetterQueue() {
        template.resourceCountIs("AWS::SQS::Queue", 4);
        template.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of(
            "RedrivePolicy", Map.of("maxReceiveCount", 3, "deadLetterTargetArn", Match.anyValue()),
            "VisibilityTimeout", 5400,
            "SqsManagedSseEnabled", true), 2);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void theScheduleSendsAScanEverythingMessageToTheJobsQueue(Job job) {
        String queueId = Cfn.logicalId(jobs.queues().quotaScans());
        if (job == Job.RETENTION) {
            queueId = Cfn.logicalId(jobs.queues().retentionChecks());
        }
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
            "ScheduleExpression", Match.stringLikeRegexp("^cron\\("),
            "Targets", List.of(Map.of(
                "Arn", Map.of("Fn::GetAtt", List.of(queueId, "Arn")),
                "Id", Match.anyValue(),
                "Input", "{\"source\":\"schedule\",\"scope\":\"all\"}"))));
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void theQueueFeedsTheJobsAliasOneMessageAtATime(Job job) {
        String aliasId = Cfn.logicalId(jobs.function(job).alias());
        Map<String, Object> mapping = app.resources(jobs, "AWS::Lambda::EventSourceMapping").values().stream()
            .map(Cfn::props)
            .filter(m -> Cfn.references(m.get("FunctionName")).contains(aliasId))
            .findFirst().orElseThrow();
        assertThat(mapping.get("BatchSize")).isEqualTo(1);
        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(mapping.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", 2));

        Map<String, Object> fn = Cfn.props(app.resources(jobs, "AWS::Lambda::Function").get(Cfn.logicalId(jobs.function(job).function())));
        assertThat(fn.get("Handler")).isEqualTo(job.handler());
        assertThat(fn.get("Timeout")).isEqualTo(900);
        assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void onlyRetentionDeletesFilesAndNeitherMaySendMailWithoutASender(Job job) {
        List<Map<String, Object>> statements = Cfn.statements(app, jobs, Cfn.logicalId(jobs.function(job).role()));
        Set<String> s3Actions = Cfn.forService(statements, "s3").stream()
            .flatMap(s -> Cfn.actions(s).stream()).collect(Collectors.toSet());
        assertThat(s3Actions).contains("s3:GetObject*", "s3:List*").noneMatch(a -> a.startsWith("s3:Put"));
        assertThat(s3Actions.contains("s3:DeleteObject*")).isEqualTo(job == Job.RETENTION);
        assertThat(Cfn.forService(statements, "ses")).isEmpty(); // sesSender is not set by default
    }
}
