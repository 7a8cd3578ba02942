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
    void unknownPathsReachTheSystemFunction() {
        Map<String, Object> defaultRoute =
                app.resources(api, "AWS::ApiGatewayV2::Route").values().stream()
                        .map(Cfn::props)
                        .filter(r -> "$default".equals(r.get("RouteKey")))
                        .findFirst()
                        .orElseThrow();
        assertThat(integrationsOf(ApiArea.SYSTEM))
                .contains(Cfn.references(defaultRoute.get("Target")).iterator().next());
        // Retention checks have no route of their own until the retention API arrives: the default
        // route's function answers them with SFTPGo's 404.
        assertThat(app.resources(api, "AWS::ApiGatewayV2::Route").values())
                .extracting(r -> (String) Cfn.props(r).get("RouteKey"))
                .noneMatch(key -> key.contains("/retention"));
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
        // No function sends to a job queue yet, so none is told a queue's URL
        // (RuntimeEnvironmentTest: every
        // variable a function gets is one it reads).
        assertThat(env.keySet()).filteredOn(key -> key.endsWith("_QUEUE_URL")).isEmpty();
    }

    @Test
    void noApiFunctionHoldsGrantsNoRouteUses() {
        // Queues and the bucket come with the routes that use them (scan and retention routes,
        // backups).
        for (ApiArea area : ApiArea.values()) {
            assertThat(Cfn.forService(statements(area), "sqs"))
                    .as(area + " sends to no queue")
                    .isEmpty();
            assertThat(Cfn.forService(statements(area), "s3"))
                    .as(area + " reads no bucket")
                    .isEmpty();
        }
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
