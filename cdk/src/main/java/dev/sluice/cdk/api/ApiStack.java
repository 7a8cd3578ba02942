package dev.sluice.cdk.api;

import dev.sluice.cdk.api.ApiArea.Capability;
import dev.sluice.cdk.common.LogGroups;
import dev.sluice.cdk.config.ApiThrottle;
import dev.sluice.cdk.config.DefenderParameters;
import dev.sluice.cdk.config.SluiceConfig;
import dev.sluice.cdk.jobs.JobQueue;
import dev.sluice.cdk.lambda.JavaFunction;
import dev.sluice.cdk.nag.GrantSuppressions;
import dev.sluice.cdk.nag.Nag;
import dev.sluice.cdk.nag.Suppression;
import dev.sluice.cdk.storage.DataResources;
import dev.sluice.cdk.storage.FileAccess;
import dev.sluice.config.Settings;
import dev.sluice.fs.StorageLocation;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The REST API: an HTTP API (payload format 2.0) whose routes go to one Lambda function per {@link
 * ApiArea}. Authentication happens in the functions (HTTP Basic for /token, JWT with revocation,
 * SFTPGo API keys with impersonation), so the routes carry no API Gateway authorizer.
 */
public final class ApiStack extends Stack {

    /** HTTP APIs give up on an integration after 30 s; a function must answer before that. */
    static final Duration API_TIMEOUT = Duration.seconds(29);

    /** Argon2id hashing (19 MiB, two passes) is CPU-bound: 1 GB buys ~0.6 vCPU. */
    static final int API_MEMORY_MB = 1024;

    /** Token lifetime, as docs/rest-api.md documents (SFTPGo's default is 20 minutes too). */
    static final int TOKEN_TTL_MINUTES = 20;

    /**
     * The route with its own, lower throttle: every call costs a password hash (Argon2id), and a
     * flood of them must not take the capacity the other routes need.
     */
    public static final String TOKEN_ROUTE = "/api/v2/token";

    private final Map<ApiArea, JavaFunction> functions = new EnumMap<>(ApiArea.class);
    private final HttpApi api;
    private final HttpStage stage;

    /** The API's functions, routes and stage. */
    public ApiStack(Construct scope, String id, StackProps stackProps, ApiStackProps props) {
        super(scope, id, stackProps);
        SluiceConfig config = props.config();
        DataResources data = props.data();
        Code code = Code.fromAsset(config.lambdaJar().toString());
        for (ApiArea area : ApiArea.values()) {
            JavaFunction fn =
                    new JavaFunction(
                            this,
                            area.id() + "Function",
                            new JavaFunction.Props(
                                    area.handler(),
                                    "Sluice REST API: " + area.id(),
                                    code,
                                    API_MEMORY_MB,
                                    API_TIMEOUT,
                                    environment(area, props),
                                    config.removal()));
            grant(area, fn, props);
            functions.put(area, fn);
        }

        Map<ApiArea, HttpLambdaIntegration> integrations = new EnumMap<>(ApiArea.class);
        for (ApiArea area : ApiArea.values()) {
            integrations.put(
                    area,
                    new HttpLambdaIntegration(
                            area.id() + "Integration", functions.get(area).alias()));
        }
        this.api =
                HttpApi.Builder.create(this, "Api")
                        .apiName("sluice")
                        .description("Sluice REST API (SFTPGo REST API v2 compatible)")
                        .createDefaultStage(false)
                        // Unknown paths reach the system function, which answers with SFTPGo's
                        // error shape.
                        .defaultIntegration(integrations.get(ApiArea.SYSTEM))
                        .build();
        Map<String, HttpRoute> routes = new LinkedHashMap<>();
        for (ApiArea area : ApiArea.values()) {
            for (String path : area.routes()) {
                // ANY: the function's router answers 405 with an Allow header, as SFTPGo does.
                routes.put(
                        path,
                        api.addRoutes(
                                        AddRoutesOptions.builder()
                                                .path(path)
                                                .methods(List.of(HttpMethod.ANY))
                                                .integration(integrations.get(area))
                                                .build())
                                .get(0));
            }
        }
        ApiThrottle throttle = config.apiThrottle();
        this.stage =
                HttpStage.Builder.create(this, "DefaultStage")
                        .httpApi(api)
                        .stageName("$default")
                        .autoDeploy(true)
                        // The default of every route (API Gateway keeps a bucket per route)...
                        .throttle(
                                ThrottleSettings.builder()
                                        .rateLimit(throttle.rateLimit())
                                        .burstLimit(throttle.burstLimit())
                                        .build())
                        .accessLogSettings(
                                new AccessLogs(
                                        LogGroups.create(
                                                this,
                                                "AccessLogs",
                                                LogGroups.AUDIT,
                                                config.removal())))
                        .build();
        throttleTokenRoute(throttle, routes.get(TOKEN_ROUTE));

        Nag.suppress(
                api,
                Suppression.of(
                        "APIG4",
                        "Every route authenticates in its Lambda function: HTTP Basic"
                                + " for /token, HS256 JWTs checked against a revocation table, and SFTPGo-compatible API keys with"
                                + " impersonation, none of which an API Gateway authorizer can express. /healthz, the OpenAPI"
                                + " document and Swagger UI are public by design."));
        CfnOutput.Builder.create(this, "ApiUrl")
                .description("Base URL of the REST API (paths start with /api/v2)")
                .value(stage.getUrl())
                .build();
    }

    /**
     * ...and the token route's own limit. The L2 stage has no per-route settings, so they go on the
     * CloudFormation stage; its key is the route's ("ANY /api/v2/token"), which must exist before
     * the stage names it, or CloudFormation fails with "Unable to find Route by key".
     */
    private void throttleTokenRoute(ApiThrottle throttle, HttpRoute tokenRoute) {
        CfnStage cfnStage = (CfnStage) stage.getNode().getDefaultChild();
        cfnStage.setRouteSettings(
                Map.of(
                        HttpMethod.ANY.name() + " " + TOKEN_ROUTE,
                        Map.of(
                                "ThrottlingRateLimit",
                                throttle.tokenRateLimit(),
                                "ThrottlingBurstLimit",
                                throttle.tokenBurstLimit())));
        cfnStage.getNode().addDependency(tokenRoute);
    }

    private static Map<String, String> environment(ApiArea area, ApiStackProps props) {
        Map<String, String> env = new LinkedHashMap<>(props.data().baseEnvironment());
        Settings.JWT_SECRET_ARN.put(env, props.data().secrets().jwtSigningKey().getSecretArn());
        Settings.TOKEN_TTL.put(env, java.time.Duration.ofMinutes(TOKEN_TTL_MINUTES));
        Settings.SECRETS_MAX_AGE.put(
                env, java.time.Duration.ofSeconds(props.config().secretsMaxAgeSeconds()));
        if (area.has(Capability.FIRST_ADMIN_SECRET)) {
            Settings.ADMIN_SECRET_ARN.put(env, props.data().secrets().firstAdmin().getSecretArn());
        }
        // Every function is told where work goes, as every one is told every table name (one
        // configuration for all areas; names are not secrets): IAM decides who may send there.
        Settings.RETENTION_QUEUE_URL.put(env, props.queues().retention().getQueueUrl());
        Settings.RETENTION_QUEUE_ARN.put(env, props.queues().retention().getQueueArn());
        Settings.QUOTA_SCAN_QUEUE_URL.put(env, props.queues().quotaScans().getQueueUrl());
        Settings.SCHEDULE_GROUP.put(env, props.schedules().groupName());
        Settings.SCHEDULE_ROLE_ARN.put(env, props.schedules().role().getRoleArn());
        // Every function authenticates callers, so every one scores and refuses addresses alike.
        DefenderParameters.put(env, props.config().defender());
        // The API mails nothing; it refuses notifications=Email when no sender is configured.
        props.config().senderAddress().ifPresent(from -> Settings.MAIL_FROM.put(env, from));
        return env;
    }

    private static void grant(ApiArea area, JavaFunction fn, ApiStackProps props) {
        DataResources data = props.data();
        data.tables().grant(fn.role(), area.tables());
        // Read at cold start by every function (ApiContext): token verification and the cipher
        // for user-supplied secrets.
        data.secrets().jwtSigningKey().grantRead(fn.role());
        data.secrets().masterKey().grantRead(fn.role());
        if (area.has(Capability.FIRST_ADMIN_SECRET)) {
            data.secrets().firstAdmin().grantRead(fn.role());
        }
        if (area.has(Capability.SEND_QUOTA_SCANS)) {
            JobQueue.grantSend(props.queues().quotaScans(), fn.role());
        }
        if (area.has(Capability.SEND_RETENTION)) {
            JobQueue.grantSend(props.queues().retention(), fn.role());
        }
        if (area.has(Capability.MANAGE_SCHEDULES)) {
            props.schedules().grantManage(fn.role());
            Nag.suppress(fn.role(), scheduleNames());
        }
        if (area.has(Capability.BACKUP_FILES)) {
            FileAccess.grantBackups(fn.role(), data.bucket(), StorageLocation.BACKUPS);
            Nag.suppress(fn.role(), backupFiles());
        }
        Nag.suppress(fn.role(), GrantSuppressions.tableIndexes());
    }

    /** Schedule names are chosen at run time (one per policy) but confined to one group. */
    private static Suppression scheduleNames() {
        return Suppression.of(
                "IAM5",
                "Retention policies are created through the API at run time and each gets a"
                        + " schedule named after it, so schedules cannot be named in advance: the grant covers"
                        + " schedules of the installation's own schedule group only (schedule/<group>/*).",
                "/^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\\/.*\\/\\*$/");
    }

    /** Dump files are named by the operator at run time, under one prefix. */
    private static Suppression backupFiles() {
        return Suppression.of(
                "IAM5",
                "dumpdata/loaddata write and read dump files the operator names at run time; the"
                        + " grant covers the sluice/backups/ prefix of the installation's bucket only, no"
                        + " tenant's area.",
                "/^Resource::<.*>\\/sluice\\/backups\\/\\*$/");
    }

    /** One area's function. */
    public JavaFunction function(ApiArea area) {
        return functions.get(area);
    }

    /** The HTTP API. */
    public HttpApi api() {
        return api;
    }

    /** The default stage's URL. */
    public String url() {
        return stage.getUrl();
    }
}
