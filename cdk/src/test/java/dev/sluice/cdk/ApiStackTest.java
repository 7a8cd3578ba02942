package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.api.ApiArea;
import dev.sluice.cdk.api.ApiStack;
import dev.sluice.cdk.lambda.JavaFunction;
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
 * One SnapStart Java function per API area behind an HTTP API, each with only its area's rights.
 */
class ApiStackTest {

    private final SynthesizedApp app = SynthesizedApp.get();
    private final ApiStack api = app.stacks().api();
    private final DataResources data = app.stacks().data().resources();
    private final Template template = app.template(api);

    private Map<String, Object> functionProps(ApiArea area) {
        return Cfn.props(
                app.resources(api, "AWS::Lambda::Function")
                        .get(Cfn.logicalId(api.function(area).function())));
    }

    private List<Map<String, Object>> statements(ApiArea area) {
        return Cfn.statements(app, api, Cfn.logicalId(api.function(area).role()));
    }

    @ParameterizedTest
    @EnumSource(ApiArea.class)
    void eachAreaIsAJava25Arm64FunctionWithSnapStart(ApiArea area) {
        Map<String, Object> fn = functionProps(area);
        assertThat(fn.get("Handler")).isEqualTo(area.handler());
        assertThat(fn.get("Runtime")).isEqualTo("java25");
        assertThat(fn.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(fn.get("Timeout")).isEqualTo(29);
    }

    @ParameterizedTest
    @EnumSource(ApiArea.class)
    void callersReachThePublishedVersionThroughTheLiveAlias(ApiArea area) {
        String functionId = Cfn.logicalId(api.function(area).function());
        String aliasId = Cfn.logicalId(api.function(area).alias());
        Map<String, Object> alias =
                Cfn.props(app.resources(api, "AWS::Lambda::Alias").get(aliasId));
        assertThat(alias.get("Name")).isEqualTo(JavaFunction.ALIAS);
        assertThat(alias.get("FunctionName")).isEqualTo(Map.of("Ref", functionId));
        String versionId =
                (String)
                        Cfn.list(((Map<?, ?>) alias.get("FunctionVersion")).get("Fn::GetAtt"))
                                .get(0);
        assertThat(
                        Cfn.props(app.resources(api, "AWS::Lambda::Version").get(versionId))
                                .get("FunctionName"))
                .isEqualTo(Map.of("Ref", functionId));
        // Every integration of this area targets the alias, never $LATEST.
        assertThat(integrationsOf(area)).isNotEmpty();
    }

    /** Integration logical IDs whose URI is this area's alias. */
    private Set<String> integrationsOf(ApiArea area) {
        String aliasId = Cfn.logicalId(api.function(area).alias());
        return app.resources(api, "AWS::ApiGatewayV2::Integration").entrySet().stream()
                .filter(
                        e ->
                                Map.of("Ref", aliasId)
                                        .equals(Cfn.props(e.getValue()).get("IntegrationUri")))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(ApiArea.class)
    void everyRouteOfAnAreaGoesToItsFunction(ApiArea area) {
        Set<String> integrations = integrationsOf(area);
        Map<String, String> targetByRouteKey =
                app.resources(api, "AWS::ApiGatewayV2::Route").values().stream()
                        .map(Cfn::props)
                        .collect(
                                Collectors.toMap(
                                        r -> (String) r.get("RouteKey"),
                                        r -> Cfn.references(r.get("Target")).iterator().next()));
        for (String path : area.routes()) {
            assertThat(targetByRouteKey).containsKey("ANY " + path);
            assertThat(integrations)
                    .as("integration of ANY " + path)
                    .contains(targetByRouteKey.get("ANY " + path));
        }
    }

    @Test
    void theRoutesNamedInTheDesignExist() {
        Set<String> routeKeys =
                app.resources(api, "AWS::ApiGatewayV2::Route").values().stream()
                        .map(r -> (String) Cfn.props(r).get("RouteKey"))
                        .collect(Collectors.toSet());
        assertThat(routeKeys)
                .contains(
                        "ANY /api/v2/token",
                        "ANY /api/v2/logout",
                        "ANY /api/v2/users/{username}",
                        "ANY /api/v2/quotas/{proxy+}",
                        "ANY /api/v2/admins/{username}",
                        "ANY /api/v2/apikeys/{id}",
                        "ANY /api/v2/status",
                        "ANY /api/v2/openapi.yaml",
                        "ANY /openapi/{proxy+}",
                        "ANY /healthz",
                        "$default");
    }

    @Test
    void unknownPathsReachTheSystemFunctionAndRetentionPathsTheRetentionFunction() {
        Map<String, Map<String, Object>> routes =
                app.resources(api, "AWS::ApiGatewayV2::Route").values().stream()
                        .map(Cfn::props)
                        .collect(Collectors.toMap(r -> (String) r.get("RouteKey"), r -> r));
        assertThat(integrationsOf(ApiArea.SYSTEM)).contains(target(routes.get("$default")));
        // SFTPGo's retention checks, policies and history: all of /api/v2/retention, one function.
        Set<String> retention = integrationsOf(ApiArea.RETENTION);
        assertThat(routes.keySet())
                .contains(
                        "ANY /api/v2/retention/users/checks",
                        "ANY /api/v2/retention/users/{username}/check",
                        "ANY /api/v2/retention/policies",
                        "ANY /api/v2/retention/policies/{name}",
                        "ANY /api/v2/retention/{proxy+}");
        routes.forEach(
                (key, route) -> {
                    if (key.contains("/retention")) {
                        assertThat(retention).as(key).contains(target(route));
                    }
                });
    }

    /** The other stacks' resources a value names (their outputs name their logical IDs). */
    private static List<String> exports(Object value) {
        return Cfn.references(value).stream().filter(r -> r.startsWith("output:")).toList();
    }

    private static String target(Map<String, Object> route) {
        return Cfn.references(route.get("Target")).iterator().next();
    }

    @Test
    void theStageThrottlesAndWritesJsonAccessLogs() {
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "StageName",
                        "$default",
                        "AutoDeploy",
                        true,
                        "DefaultRouteSettings",
                        Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100),
                        "AccessLogSettings",
                        Map.of(
                                "DestinationArn",
                                        Map.of(
                                                "Fn::GetAtt",
                                                List.of(
                                                        Match.stringLikeRegexp("^AccessLogs"),
                                                        "Arn")),
                                "Format", Match.stringLikeRegexp("\\$context\\.requestId"))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
        template.hasOutput("ApiUrl", Match.anyValue());
    }

    @Test
    void theTokenRouteHasItsOwnLowerThrottle() {
        Map<String, Map<String, Object>> stages = app.resources(api, "AWS::ApiGatewayV2::Stage");
        assertThat(stages).hasSize(1);
        Map<String, Object> stage = stages.values().iterator().next();
        // Every other route keeps the stage's default (a bucket each); /token, whose every call
        // hashes a password, gets a tenth of it.
        assertThat(Cfn.props(stage).get("DefaultRouteSettings"))
                .isEqualTo(Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100));
        assertThat(Cfn.props(stage).get("RouteSettings"))
                .isEqualTo(
                        Map.of(
                                "ANY /api/v2/token",
                                Map.of("ThrottlingRateLimit", 5, "ThrottlingBurstLimit", 10)));
        // The key is a route the API has, and the stage waits for it: CloudFormation refuses
        // route settings for a route it cannot find ("Unable to find Route by key").
        Map.Entry<String, Map<String, Object>> tokenRoute =
                app.resources(api, "AWS::ApiGatewayV2::Route").entrySet().stream()
                        .filter(
                                e ->
                                        "ANY /api/v2/token"
                                                .equals(Cfn.props(e.getValue()).get("RouteKey")))
                        .findFirst()
                        .orElseThrow();
        assertThat(integrationsOf(ApiArea.AUTH)).contains(target(Cfn.props(tokenRoute.getValue())));
        assertThat(Cfn.list(stage.get("DependsOn"))).contains(tokenRoute.getKey());
    }

    @ParameterizedTest
    @EnumSource(ApiArea.class)
    void everyFunctionRunsTheDefenderWithTheSameSettings(ApiArea area) {
        Map<String, Object> env = environment(area);
        // Each function authenticates its own callers, so each must score and ban alike.
        assertThat(env)
                .containsEntry("SLUICE_DEFENDER", "true")
                .containsEntry("SLUICE_DEFENDER_BAN_TIME_MINUTES", "30")
                .containsEntry("SLUICE_DEFENDER_BAN_TIME_INCREMENT", "50")
                .containsEntry("SLUICE_DEFENDER_THRESHOLD", "15")
                .containsEntry("SLUICE_DEFENDER_SCORE_INVALID", "2")
                .containsEntry("SLUICE_DEFENDER_SCORE_VALID", "1")
                .containsEntry("SLUICE_DEFENDER_SCORE_NO_AUTH", "0")
                .containsEntry("SLUICE_DEFENDER_SCORE_LIMIT_EXCEEDED", "3")
                .containsEntry("SLUICE_DEFENDER_SCORE_PROTOCOL_ERROR", "2")
                .containsEntry("SLUICE_DEFENDER_OBSERVATION_TIME_MINUTES", "30")
                .containsEntry("SLUICE_DEFENDER_ENTRIES_HARD_LIMIT", "1000")
                .containsEntry("SLUICE_DEFENDER_SYNC_SECONDS", "2")
                .doesNotContainKey("SLUICE_DEFENDER_SAFE_LIST");
        // The SFTP task's per-connection limits are the task's alone.
        assertThat(env.keySet())
                .doesNotContain(
                        Settings.MAX_AUTH_TRIES.variable(),
                        Settings.LOGIN_GRACE_TIME.variable(),
                        Settings.MAX_UNAUTHENTICATED.variable(),
                        Settings.MAX_UNAUTHENTICATED_PER_ADDRESS.variable());
    }

    @ParameterizedTest
    @EnumSource(ApiArea.class)
    void everyFunctionScoresAndReadsBansButOnlyTheSystemAreaListsOrRemovesHosts(ApiArea area) {
        String hosts = Cfn.logicalId(data.tables().table(Tables.DEFENDER_HOSTS));
        List<Map<String, Object>> onHosts =
                Cfn.forService(statements(area), "dynamodb").stream()
                        .filter(s -> Cfn.names(Cfn.references(s.get("Resource")), hosts))
                        .toList();
        // Refusing a banned address: GetItem, and the bans index (named by the index ARN).
        for (String action : List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem")) {
            assertThat(onHosts).as(area + " " + action).anyMatch(s -> Cfn.allows(s, action));
        }
        assertThat(
                        onHosts.stream()
                                .filter(s -> Cfn.allows(s, "dynamodb:Query"))
                                .map(s -> Cfn.json(s.get("Resource"))))
                .as(area + " queries the bans index")
                .anyMatch(r -> r.contains("/index/*"));
        // Removing a host (DELETE /api/v2/defender/hosts/{id}) is the system area's (and restoring
        // a
        // backup's); no other function can unban an address or forge a host.
        boolean removes = area == ApiArea.SYSTEM || area == ApiArea.BACKUPS;
        for (String action : List.of("dynamodb:DeleteItem", "dynamodb:PutItem")) {
            assertThat(onHosts.stream().anyMatch(s -> Cfn.allows(s, action)))
                    .as(area + " " + action)
                    .isEqualTo(removes);
        }
    }

    @Test
    void theDefenderHostsAreInEveryAreasAuthentication() {
        assertThat(ApiArea.AUTHENTICATION)
                .containsEntry(
                        Tables.DEFENDER_HOSTS, dev.sluice.cdk.storage.TableAccess.READ_UPDATE);
        for (ApiArea area : ApiArea.values()) {
            assertThat(area.tables()).as(area.name()).containsKey(Tables.DEFENDER_HOSTS);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(ApiArea area) {
        return (Map<String, Object>)
                ((Map<String, Object>) functionProps(area).get("Environment")).get("Variables");
    }

    @ParameterizedTest
    @EnumSource(ApiArea.class)
    void everyFunctionKnowsEveryTableAndItsSecrets(ApiArea area) {
        @SuppressWarnings("unchecked")
        Map<String, Object> env =
                (Map<String, Object>)
                        ((Map<String, Object>) functionProps(area).get("Environment"))
                                .get("Variables");
        for (TableSpec spec : Tables.ALL) {
            assertThat(env).containsKey(Settings.table(spec).variable());
        }
        assertThat(env)
                .containsKeys(
                        "SLUICE_BUCKET", "SLUICE_JWT_SECRET_ARN", "SLUICE_MASTER_KEY_SECRET_ARN");
        assertThat(env.get("SLUICE_TOKEN_TTL_MINUTES")).isEqualTo("20");
        // Only the function that bootstraps the first admin is told where its password is.
        assertThat(env.containsKey("SLUICE_ADMIN_SECRET_ARN")).isEqualTo(area == ApiArea.AUTH);
        // One configuration for every area (RuntimeEnvironmentTest: what the runtime requires):
        // where work goes and where schedules are made. IAM, not the environment, decides who
        // may use them (see below).
        var jobs = app.stacks().jobs();
        assertThat(Cfn.references(env.get(Settings.RETENTION_QUEUE_URL.variable())))
                .anyMatch(r -> r.contains(Cfn.logicalId(jobs.queues().retention())));
        assertThat(Cfn.references(env.get(Settings.RETENTION_QUEUE_ARN.variable())))
                .anyMatch(r -> r.contains(Cfn.logicalId(jobs.queues().retention())));
        assertThat(Cfn.references(env.get(Settings.QUOTA_SCAN_QUEUE_URL.variable())))
                .anyMatch(r -> r.contains(Cfn.logicalId(jobs.queues().quotaScans())));
        assertThat(Cfn.references(env.get(Settings.SCHEDULE_ROLE_ARN.variable())))
                .anyMatch(r -> r.contains(Cfn.logicalId(jobs.schedules().role())));
        assertThat(env).containsKey(Settings.SCHEDULE_GROUP.variable());
        // No senderAddress in the default installation: nothing says a report can be mailed.
        assertThat(env).doesNotContainKey(Settings.MAIL_FROM.variable());
    }

    @Test
    void onlyTheAreasThatStartWorkSendToAQueueAndEachOnlyToItsJobsQueue() {
        var queues = app.stacks().jobs().queues();
        Map<ApiArea, String> sendsTo =
                Map.of(
                        ApiArea.USERS, Cfn.logicalId(queues.quotaScans()),
                        // loaddata's scan-quota scans what it restored
                        ApiArea.BACKUPS, Cfn.logicalId(queues.quotaScans()),
                        ApiArea.RETENTION, Cfn.logicalId(queues.retention()));
        for (ApiArea area : ApiArea.values()) {
            List<Map<String, Object>> sqs = Cfn.forService(statements(area), "sqs");
            if (!sendsTo.containsKey(area)) {
                assertThat(sqs).as(area + " sends to no queue").isEmpty();
                continue;
            }
            assertThat(sqs)
                    .as(area.name())
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(Cfn.actions(s)).containsExactly("sqs:SendMessage");
                                assertThat(exports(s.get("Resource")))
                                        .singleElement()
                                        .satisfies(r -> assertThat(r).contains(sendsTo.get(area)));
                            });
        }
        assertThat(ApiArea.USERS.has(ApiArea.Capability.SEND_RETENTION)).isFalse();
        assertThat(ApiArea.RETENTION.has(ApiArea.Capability.SEND_QUOTA_SCANS)).isFalse();
    }

    @Test
    void noApiFunctionReadsOrDeletesFilesOrSendsMail() {
        // The jobs do the work (and mail the reports); the API only starts it. The backups
        // function alone reads and writes dump files, under sluice/backups/ only.
        for (ApiArea area : ApiArea.values()) {
            List<Map<String, Object>> s3 = Cfn.forService(statements(area), "s3");
            if (area == ApiArea.BACKUPS) {
                assertThat(s3)
                        .singleElement()
                        .satisfies(
                                s -> {
                                    assertThat(Cfn.actions(s))
                                            .containsExactlyInAnyOrder(
                                                    "s3:GetObject", "s3:PutObject");
                                    assertThat(Cfn.json(s.get("Resource")))
                                            .endsWith("\"/sluice/backups/*\"]]}");
                                });
            } else {
                assertThat(s3).as(area + " reads no bucket").isEmpty();
            }
            assertThat(Cfn.forService(statements(area), "ses"))
                    .as(area + " sends no mail")
                    .isEmpty();
        }
    }

    @Test
    void onlyTheRetentionAreaManagesSchedulesAndOnlyInItsGroup() {
        var schedules = app.stacks().jobs().schedules();
        String groupId = Cfn.logicalId(schedules.getNode().findChild("Group"));
        for (ApiArea area : ApiArea.values()) {
            List<Map<String, Object>> scheduler = Cfn.forService(statements(area), "scheduler");
            List<Map<String, Object>> passRole =
                    statements(area).stream().filter(s -> Cfn.allows(s, "iam:PassRole")).toList();
            if (area != ApiArea.RETENTION && area != ApiArea.BACKUPS) {
                assertThat(scheduler).as(area + " manages schedules").isEmpty();
                assertThat(passRole).as(area + " passes a role").isEmpty();
                continue;
            }
            assertThat(scheduler)
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(Cfn.actions(s))
                                        .containsExactlyInAnyOrder(
                                                "scheduler:CreateSchedule",
                                                "scheduler:UpdateSchedule",
                                                "scheduler:DeleteSchedule",
                                                "scheduler:GetSchedule");
                                // arn:<partition>:scheduler:<region>:<account>:schedule/<group>/*
                                String arn = Cfn.json(s.get("Resource"));
                                assertThat(arn)
                                        .contains(
                                                "\":scheduler:\",{\"Ref\":\"AWS::Region\"},\":\",{\"Ref\":\"AWS::AccountId\"},\":schedule/\"")
                                        .contains(groupId)
                                        .endsWith(",\"/*\"]]}");
                                assertThat(Cfn.allows(s, "scheduler:CreateScheduleGroup"))
                                        .isFalse();
                                assertThat(Cfn.allows(s, "scheduler:ListSchedules")).isFalse();
                            });
            assertThat(passRole)
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(Cfn.actions(s)).containsExactly("iam:PassRole");
                                assertThat(exports(s.get("Resource")))
                                        .singleElement()
                                        .satisfies(
                                                r ->
                                                        assertThat(r)
                                                                .contains(
                                                                        Cfn.logicalId(
                                                                                schedules.role())));
                                assertThat(s.get("Condition"))
                                        .isEqualTo(
                                                Map.of(
                                                        "StringEquals",
                                                        Map.of(
                                                                "iam:PassedToService",
                                                                "scheduler.amazonaws.com")));
                            });
        }
    }

    @Test
    void theRetentionAreaReadsWhoAChecksCoversAndOwnsPoliciesAndRuns() {
        Set<String> writable =
                Cfn.forService(statements(ApiArea.RETENTION), "dynamodb").stream()
                        .filter(s -> Cfn.allows(s, "dynamodb:PutItem"))
                        .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                        .collect(Collectors.toSet());
        Set<String> readable =
                Cfn.forService(statements(ApiArea.RETENTION), "dynamodb").stream()
                        .filter(s -> Cfn.allows(s, "dynamodb:GetItem"))
                        .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                        .collect(Collectors.toSet());
        for (TableSpec spec : List.of(Tables.RETENTION_POLICIES, Tables.JOB_RUNS)) {
            assertThat(Cfn.names(writable, Cfn.logicalId(data.tables().table(spec))))
                    .as("writes " + spec.id())
                    .isTrue();
        }
        for (TableSpec spec : List.of(Tables.USERS, Tables.FOLDERS, Tables.ADMINS)) {
            String id = Cfn.logicalId(data.tables().table(spec));
            assertThat(Cfn.names(readable, id)).as("reads " + spec.id()).isTrue();
            assertThat(Cfn.names(writable, id)).as("writes " + spec.id()).isFalse();
        }
        // Starting a quota scan records a job run; nothing else in the users area changes.
        assertThat(ApiArea.USERS.tables())
                .containsEntry(Tables.JOB_RUNS, dev.sluice.cdk.storage.TableAccess.READ_WRITE);
    }

    @Test
    void theAuthFunctionTouchesNoBucketAndOnlyItsTables() {
        List<Map<String, Object>> statements = statements(ApiArea.AUTH);
        assertThat(Cfn.forService(statements, "s3")).isEmpty();
        assertThat(Cfn.forService(statements, "sqs")).isEmpty();

        Set<String> tables =
                Cfn.forService(statements, "dynamodb").stream()
                        .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                        .collect(Collectors.toSet());
        for (TableSpec spec : Tables.ALL) {
            String tableId = Cfn.logicalId(data.tables().table(spec));
            boolean expected = ApiArea.AUTH.tables().containsKey(spec);
            assertThat(Cfn.names(tables, tableId))
                    .as("AuthHandler's access to " + spec.id())
                    .isEqualTo(expected);
        }
        // Writes go to admins and revoked tokens only; everything else is read (plus the API key's
        // last use).
        Set<String> writable =
                Cfn.forService(statements, "dynamodb").stream()
                        .filter(s -> Cfn.actions(s).contains("dynamodb:PutItem"))
                        .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                        .collect(Collectors.toSet());
        assertThat(Cfn.names(writable, Cfn.logicalId(data.tables().table(Tables.ADMINS)))).isTrue();
        assertThat(Cfn.names(writable, Cfn.logicalId(data.tables().table(Tables.REVOKED_TOKENS))))
                .isTrue();
        assertThat(Cfn.names(writable, Cfn.logicalId(data.tables().table(Tables.USERS)))).isFalse();
        assertThat(Cfn.names(writable, Cfn.logicalId(data.tables().table(Tables.API_KEYS))))
                .isFalse();
    }

    @Test
    void onlyTheAuthFunctionMayReadTheFirstAdminSecret() {
        String adminSecret = Cfn.logicalId(data.secrets().firstAdmin());
        for (ApiArea area : ApiArea.values()) {
            Set<String> secrets =
                    Cfn.forService(statements(area), "secretsmanager").stream()
                            .flatMap(s -> Cfn.references(s.get("Resource")).stream())
                            .collect(Collectors.toSet());
            assertThat(Cfn.names(secrets, adminSecret))
                    .as(area + " reads the admin secret")
                    .isEqualTo(area == ApiArea.AUTH);
            assertThat(Cfn.names(secrets, Cfn.logicalId(data.secrets().jwtSigningKey()))).isTrue();
            assertThat(Cfn.names(secrets, Cfn.logicalId(data.secrets().hostKeys())))
                    .as("host keys are the SFTP tasks'")
                    .isFalse();
        }
    }

    @Test
    void noApiPermissionUsesAWildcardResource() {
        for (ApiArea area : ApiArea.values()) {
            for (Map<String, Object> statement : statements(area)) {
                assertThat(Cfn.list(statement.get("Resource")))
                        .as(area + ": " + statement)
                        .doesNotContain("*");
            }
        }
    }

    @Test
    void eachFunctionHasItsOwnRoleWithoutManagedPolicies() {
        app.resources(api, "AWS::IAM::Role")
                .values()
                .forEach(
                        role -> assertThat(Cfn.props(role)).doesNotContainKey("ManagedPolicyArns"));
        assertThat(ApiArea.values().length)
                .isEqualTo(
                        app.resources(api, "AWS::Lambda::Function").values().stream()
                                .map(fn -> Cfn.props(fn).get("Role"))
                                .collect(Collectors.toSet())
                                .size());
    }
}
