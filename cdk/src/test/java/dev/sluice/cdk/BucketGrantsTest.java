package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.api.ApiArea;
import dev.sluice.cdk.jobs.Job;
import dev.sluice.cdk.storage.FileAccess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * What roles may do in S3: no role of a default installation may erase old versions or change a
 * bucket's settings, and the buckets an operator lists in {@code extraBuckets} are reachable by the
 * SFTP tasks (files), the quota scan (listing) and retention (listing, deleting current versions),
 * by nobody else, and by nothing more.
 */
class BucketGrantsTest {

    private final SynthesizedApp defaults = SynthesizedApp.get();
    private final SynthesizedApp customized = Variants.customized();

    @Test
    void noRoleOfADefaultInstallationMayEraseHistoryOrChangeABucket() {
        for (Stack stack : defaults.allStacks()) {
            Cfn.allStatements(defaults, stack)
                    .forEach(
                            (policy, statements) -> {
                                for (String action : SftpStackTest.VERSION_OR_BUCKET_CHANGES) {
                                    assertThat(statements)
                                            .as(
                                                    stack.getStackName()
                                                            + " "
                                                            + policy
                                                            + " allows "
                                                            + action)
                                            .noneMatch(s -> Cfn.allows(s, action));
                                }
                            });
        }
    }

    @Test
    void aDefaultInstallationGrantsNoBucketButItsOwn() {
        for (Stack stack : defaults.allStacks()) {
            Cfn.allStatements(defaults, stack).values().stream()
                    .flatMap(List::stream)
                    .filter(s -> Cfn.actions(s).stream().anyMatch(a -> a.startsWith("s3:")))
                    .forEach(
                            s ->
                                    assertThat(Cfn.json(s.get("Resource")))
                                            .as(stack.getStackName())
                                            .doesNotContain(":s3:::"));
        }
    }

    @Test
    void theSftpTasksReadAndWriteFilesInExtraBucketsWithTheSameNamedActions() {
        var sftp = customized.stacks().sftp();
        List<Map<String, Object>> statements =
                Cfn.statements(customized, sftp, Cfn.logicalId(sftp.taskRole()));
        for (String bucket : Variants.EXTRA_BUCKETS) {
            assertThat(statements)
                    .as("objects of " + bucket)
                    .anySatisfy(
                            s -> {
                                assertThat(Cfn.actions(s))
                                        .containsExactlyInAnyOrderElementsOf(
                                                FileAccess.SFTP_OBJECT_ACTIONS);
                                assertThat(Cfn.json(s.get("Resource")))
                                        .contains(":s3:::" + bucket + "/*");
                            });
            assertThat(statements)
                    .as("listing of " + bucket)
                    .anySatisfy(
                            s -> {
                                assertThat(Cfn.actions(s))
                                        .containsExactlyInAnyOrderElementsOf(
                                                FileAccess.SFTP_BUCKET_ACTIONS);
                                assertThat(Cfn.json(s.get("Resource")))
                                        .contains(":s3:::" + bucket + "\"")
                                        .doesNotContain(":s3:::" + bucket + "/");
                            });
        }
        for (String action : SftpStackTest.VERSION_OR_BUCKET_CHANGES) {
            assertThat(statements).as(action).noneMatch(s -> Cfn.allows(s, action));
        }
    }

    @Test
    void theQuotaScanOnlyListsExtraBucketsAndTheApiDoesNotTouchThem() {
        var jobs = customized.stacks().jobs();
        List<Map<String, Object>> scan =
                Cfn.statements(
                        customized, jobs, Cfn.logicalId(jobs.function(Job.QUOTA_SCAN).role()));
        List<Map<String, Object>> onExtra =
                scan.stream()
                        .filter(
                                s ->
                                        Variants.EXTRA_BUCKETS.stream()
                                                .anyMatch(
                                                        b ->
                                                                Cfn.json(s.get("Resource"))
                                                                        .contains(":s3:::" + b)))
                        .toList();
        assertThat(onExtra)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(Cfn.actions(s)).containsExactly("s3:ListBucket");
                            assertThat(Cfn.json(s.get("Resource"))).doesNotContain("/*");
                            Variants.EXTRA_BUCKETS.forEach(
                                    b ->
                                            assertThat(Cfn.json(s.get("Resource")))
                                                    .contains(":s3:::" + b));
                        });
        var api = customized.stacks().api();
        for (ApiArea area : ApiArea.values()) {
            Cfn.statements(customized, api, Cfn.logicalId(api.function(area).role()))
                    .forEach(
                            s ->
                                    assertThat(Cfn.json(s.get("Resource")))
                                            .as(area.name())
                                            .doesNotContain(":s3:::"));
        }
    }

    @Test
    void retentionListsExtraBucketsAndDeletesTheirFilesButNothingMore() {
        var jobs = customized.stacks().jobs();
        List<Map<String, Object>> retention =
                Cfn.statements(
                        customized, jobs, Cfn.logicalId(jobs.function(Job.RETENTION).role()));
        List<Map<String, Object>> onExtra =
                retention.stream()
                        .filter(
                                s ->
                                        Variants.EXTRA_BUCKETS.stream()
                                                .anyMatch(
                                                        b ->
                                                                Cfn.json(s.get("Resource"))
                                                                        .contains(":s3:::" + b)))
                        .toList();
        assertThat(onExtra)
                .hasSize(2)
                .allSatisfy(
                        s ->
                                assertThat(Cfn.actions(s))
                                        .containsAnyOf("s3:ListBucket", "s3:DeleteObject")
                                        .hasSize(1))
                .anySatisfy(
                        s -> {
                            assertThat(Cfn.actions(s))
                                    .containsExactlyElementsOf(FileAccess.RETENTION_OBJECT_ACTIONS);
                            Variants.EXTRA_BUCKETS.forEach(
                                    b ->
                                            assertThat(Cfn.json(s.get("Resource")))
                                                    .contains(":s3:::" + b + "/*"));
                        });
        for (String action : SftpStackTest.VERSION_OR_BUCKET_CHANGES) {
            assertThat(retention).as(action).noneMatch(s -> Cfn.allows(s, action));
        }
        // The quota scan still only lists them.
        assertThat(
                        Cfn.statements(
                                customized,
                                jobs,
                                Cfn.logicalId(jobs.function(Job.QUOTA_SCAN).role())))
                .noneMatch(s -> Cfn.allows(s, "s3:DeleteObject"));
    }

    @Test
    void everyFunctionAndTaskIsToldTheSecretsMaxAge() {
        var sftp = customized.stacks().sftp();
        Map<String, Object> taskDefinition =
                Cfn.props(
                        customized
                                .resources(sftp, "AWS::ECS::TaskDefinition")
                                .values()
                                .iterator()
                                .next());
        assertThat(Cfn.json(taskDefinition.get("ContainerDefinitions")))
                .contains("{\"Name\":\"SLUICE_SECRETS_MAX_AGE_SECONDS\",\"Value\":\"60\"}");
        for (Stack stack : List.of(customized.stacks().api(), customized.stacks().jobs())) {
            customized
                    .resources(stack, "AWS::Lambda::Function")
                    .forEach(
                            (id, fn) -> {
                                if (!String.valueOf(Cfn.props(fn).get("Handler"))
                                        .startsWith("dev.sluice.")) {
                                    return; // CDK's own helper functions
                                }
                                Map<?, ?> variables =
                                        (Map<?, ?>)
                                                ((Map<?, ?>) Cfn.props(fn).get("Environment"))
                                                        .get("Variables");
                                assertThat(variables.get("SLUICE_SECRETS_MAX_AGE_SECONDS"))
                                        .as(id)
                                        .isEqualTo("60");
                            });
        }
    }
}
