package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cdk.api.ApiArea;
import dev.sluice.cdk.jobs.Job;
import dev.sluice.cdk.sftp.SftpService;
import dev.sluice.config.Component;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Setting;
import dev.sluice.config.Settings;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import dev.sluice.lambdas.api.ApiConfig;
import dev.sluice.lambdas.api.ApiContext;
import dev.sluice.lambdas.api.ApiFunction;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.jobs.JobsConfig;
import dev.sluice.lambdas.jobs.JobsContext;
import dev.sluice.quota.QuotaScan;
import dev.sluice.sftp.SftpConfig;
import dev.sluice.sftp.SftpTask;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.testing.AwsBackend;
import dev.sluice.testing.AwsFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.Stack;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * What each synthesized Lambda function and the SFTP task definition are given is what their
 * runtime needs: the environment, with CloudFormation's references as placeholders, goes through
 * the runtime's own configuration reader (no variable missing or invalid, none given that the
 * runtime does not read), and then, with the placeholders swapped for resources made in the
 * embedded AWS fixture, starts the runtime's factory (ApiContext, JobsContext, SftpTask) and serves
 * a request. A stack that forgets a variable its runtime requires fails here.
 */
class RuntimeEnvironmentTest {

    @RegisterExtension static final AwsFixture aws = AwsFixture.of(AwsBackend.EMBEDDED);

    /**
     * Values CloudFormation fills in at deployment, by variable: what the fixture has in their
     * place.
     */
    private static final Map<String, String> fixture = new LinkedHashMap<>();

    private final SynthesizedApp app = SynthesizedApp.get();

    @BeforeAll
    static void resources() {
        String name = aws.uniqueName("runtime-env");
        TableNames tables = TableNames.withPrefix(name + "-");
        new TableProvisioner(aws.dynamoDb(), tables).createMissing(Tables.ALL);
        for (TableSpec spec : Tables.ALL) {
            fixture.put(Settings.table(spec).variable(), tables.of(spec));
        }
        aws.s3().createBucket(b -> b.bucket(name));
        fixture.put(Settings.BUCKET.variable(), name);
        fixture.put(
                Settings.JWT_SECRET_ARN.variable(),
                secret(name + "-jwt", UUID.randomUUID() + "-" + UUID.randomUUID()));
        fixture.put(
                Settings.MASTER_KEY_SECRET_ARN.variable(),
                secret(name + "-master", UUID.randomUUID() + "-" + UUID.randomUUID()));
        fixture.put(
                Settings.ADMIN_SECRET_ARN.variable(),
                secret(
                        name + "-admin",
                        "{\"username\":\"admin\",\"password\":\"" + UUID.randomUUID() + "\"}"));
        fixture.put(Settings.HOST_KEYS_SECRET_ARN.variable(), secret(name + "-host-keys", "{}"));
        // The embedded backend has no SQS or EventBridge Scheduler: names in their real shapes,
        // which starting a runtime only reads.
        String queues = "https://sqs." + aws.region().id() + ".amazonaws.com/123456789012/";
        fixture.put(Settings.RETENTION_QUEUE_URL.variable(), queues + name + "-retention");
        fixture.put(
                Settings.RETENTION_QUEUE_ARN.variable(),
                "arn:aws:sqs:" + aws.region().id() + ":123456789012:" + name + "-retention");
        fixture.put(Settings.QUOTA_SCAN_QUEUE_URL.variable(), queues + name + "-quota-scans");
        fixture.put(Settings.SCHEDULE_GROUP.variable(), name + "-retention");
        fixture.put(
                Settings.SCHEDULE_ROLE_ARN.variable(),
                "arn:aws:iam::123456789012:role/" + name + "-scheduler");
    }

    private static String secret(String name, String text) {
        return aws.secretsManager().createSecret(b -> b.name(name).secretString(text)).arn();
    }

    // ------------------------------------------------------------------ the Lambda functions

    private record LambdaFunction(String id, String handler, Map<String, String> environment) {
        Component component() {
            if (handler.startsWith("dev.sluice.lambdas.api.")) {
                return Component.API_FUNCTIONS;
            }
            if (handler.startsWith("dev.sluice.lambdas.jobs.")) {
                return Component.JOBS;
            }
            throw new AssertionError(
                    id + ": which component is " + handler + "? (RuntimeEnvironmentTest)");
        }

        String handlerClass() {
            return handler.substring(0, handler.indexOf("::"));
        }
    }

    /** Every function of ours (CDK's own helper functions aside): its handler and environment. */
    private List<LambdaFunction> functions() {
        List<LambdaFunction> out = new java.util.ArrayList<>();
        for (Stack stack : List.of(app.stacks().api(), app.stacks().jobs())) {
            app.resources(stack, "AWS::Lambda::Function")
                    .forEach(
                            (id, resource) -> {
                                Map<String, Object> props = Cfn.props(resource);
                                String handler = String.valueOf(props.get("Handler"));
                                if (handler.startsWith("dev.sluice.")) {
                                    Map<?, ?> variables =
                                            (Map<?, ?>)
                                                    ((Map<?, ?>) props.get("Environment"))
                                                            .get("Variables");
                                    out.add(
                                            new LambdaFunction(
                                                    id, handler, placeholders(variables)));
                                }
                            });
        }
        return out;
    }

    @Test
    void everyApiAndJobFunctionIsGivenExactlyWhatItsRuntimeReads() {
        List<LambdaFunction> functions = functions();
        assertThat(functions)
                .extracting(LambdaFunction::component)
                .containsOnly(Component.API_FUNCTIONS, Component.JOBS)
                .contains(Component.API_FUNCTIONS, Component.JOBS);
        assertThat(functions).hasSize(ApiArea.values().length + Job.values().length);
        for (LambdaFunction fn : functions) {
            EnvironmentReader reader = new EnvironmentReader(fn.environment(), fn.component());
            parse(fn.id(), reader);
            readsWhatItIsGiven(fn.id(), fn.environment(), reader);
        }
    }

    @Test
    void everyApiFunctionStartsAndAnswersWithItsEnvironment() throws ReflectiveOperationException {
        for (LambdaFunction fn : functions()) {
            if (fn.component() != Component.API_FUNCTIONS) {
                continue;
            }
            ApiConfig config = ApiConfig.fromEnvironment(onFixture(fn.id(), fn.environment()));
            // The factory Lambda's cold start runs (reads and checks the secrets), on the fixture's
            // clients.
            ApiContext context =
                    new ApiContext(config, aws.dynamoDb(), aws.secretsManager(), Clock.systemUTC());
            if (config.adminSecretId().isPresent()) {
                context.bootstrapFirstAdmin();
                assertThat(context.adminStore().find("admin"))
                        .as(fn.id() + " creates the first admin")
                        .isPresent();
            }
            Class<?> handlerClass = Class.forName(fn.handlerClass());
            ApiFunction handler =
                    (ApiFunction)
                            handlerClass.getConstructor(ApiContext.class).newInstance(context);
            String path = handler.router().routes().get(0).template().replaceAll("\\{[^}]+}", "x");
            int status =
                    handler.handle(
                                    new ApiRequest(
                                            "GET",
                                            path,
                                            Map.of(),
                                            Map.of(),
                                            Map.of(),
                                            null,
                                            "127.0.0.1",
                                            "test"))
                            .status();
            assertThat(status).as("%s: GET %s", fn.id(), path).isLessThan(500);
        }
    }

    @Test
    void everyJobFunctionStartsAndRunsWithItsEnvironment() throws IOException {
        try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
            for (LambdaFunction fn : functions()) {
                if (fn.component() != Component.JOBS) {
                    continue;
                }
                JobsConfig config =
                        JobsConfig.fromEnvironment(onFixture(fn.id(), fn.environment()));
                JobsContext jobs =
                        new JobsContext(
                                config,
                                new JobsContext.Clients(
                                        aws.dynamoDb(),
                                        aws.secretsManager(),
                                        aws.s3(),
                                        http,
                                        aws.region(),
                                        java.util.Optional.empty()),
                                Clock.systemUTC(),
                                false,
                                new JobsContext.Queues(message -> {}, message -> {}));
                QuotaScan.Result result = jobs.quotaScan().run(new QuotaScan.All());
                assertThat(result.installationStorageFailed()).as(fn.id()).isFalse();
            }
        }
    }

    // ------------------------------------------------------------------ the SFTP task

    private Map<String, String> sftpEnvironment() {
        Map<String, Object> taskDefinition =
                Cfn.props(
                        app.resources(app.stacks().sftp(), "AWS::ECS::TaskDefinition")
                                .values()
                                .iterator()
                                .next());
        Map<?, ?> container =
                Cfn.list(taskDefinition.get("ContainerDefinitions")).stream()
                        .map(c -> (Map<?, ?>) c)
                        .filter(c -> SftpService.CONTAINER_NAME.equals(c.get("Name")))
                        .findFirst()
                        .orElseThrow();
        Map<Object, Object> variables = new LinkedHashMap<>();
        for (Object e : Cfn.list(container.get("Environment"))) {
            variables.put(((Map<?, ?>) e).get("Name"), ((Map<?, ?>) e).get("Value"));
        }
        return placeholders(variables);
    }

    @Test
    void theSftpTaskIsGivenExactlyWhatItReads() {
        Map<String, String> env = sftpEnvironment();
        EnvironmentReader reader = new EnvironmentReader(env, Component.SFTP_TASK);
        parse("SFTP task", reader);
        readsWhatItIsGiven("SFTP task", env, reader);
    }

    @Test
    void theSftpTaskStartsAndIsHealthyWithItsEnvironment()
            throws IOException, InterruptedException {
        Map<String, String> env = onFixture("SFTP task", sftpEnvironment());
        // This machine, not a Fargate task: any free ports on loopback, and the fixture's S3.
        env.put(Settings.SFTP_BIND.variable(), "127.0.0.1");
        env.put(Settings.SFTP_PORT.variable(), "0");
        env.put(Settings.HEALTH_PORT.variable(), "0");
        env.put(Settings.S3_ENDPOINT.variable(), aws.s3Endpoint().toString());
        SftpConfig config = SftpConfig.fromEnvironment(env);
        try (SftpTask task =
                SftpTask.start(
                        config,
                        aws.dynamoDb(),
                        aws.secretsManager(),
                        new S3Clients(aws.region(), config.s3Endpoint(), aws.credentials()),
                        Clock.systemUTC())) {
            assertThat(task.server().isAccepting()).isTrue();
            int healthPort = task.health().orElseThrow().port();
            HttpResponse<String> health =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + healthPort
                                                                    + "/healthz"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ the check itself

    @Test
    void aStackThatForgetsAVariableFailsTheCheck() {
        Map<String, String> sftp = new TreeMap<>(sftpEnvironment());
        sftp.remove(Settings.HOST_KEYS_SECRET_ARN.variable());
        assertThatThrownBy(
                        () -> parse("SFTP task", new EnvironmentReader(sftp, Component.SFTP_TASK)))
                .hasMessageContaining("SLUICE_HOST_KEYS_SECRET_ARN: required but not set");

        LambdaFunction api =
                functions().stream()
                        .filter(f -> f.component() == Component.API_FUNCTIONS)
                        .findFirst()
                        .orElseThrow();
        Map<String, String> env = new TreeMap<>(api.environment());
        env.remove(Settings.JWT_SECRET_ARN.variable());
        assertThatThrownBy(
                        () -> parse(api.id(), new EnvironmentReader(env, Component.API_FUNCTIONS)))
                .hasMessageContaining("SLUICE_JWT_SECRET_ARN: required but not set");

        // Where work goes: every API function and job needs it at start, not at the first scan.
        Map<String, String> withoutGroup = new TreeMap<>(api.environment());
        withoutGroup.remove(Settings.SCHEDULE_GROUP.variable());
        assertThatThrownBy(
                        () ->
                                parse(
                                        api.id(),
                                        new EnvironmentReader(
                                                withoutGroup, Component.API_FUNCTIONS)))
                .hasMessageContaining("SLUICE_SCHEDULE_GROUP: required but not set");
        for (LambdaFunction job :
                functions().stream().filter(f -> f.component() == Component.JOBS).toList()) {
            Map<String, String> withoutQueue = new TreeMap<>(job.environment());
            withoutQueue.remove(Settings.RETENTION_QUEUE_URL.variable());
            assertThatThrownBy(
                            () ->
                                    parse(
                                            job.id(),
                                            new EnvironmentReader(withoutQueue, Component.JOBS)))
                    .hasMessageContaining("SLUICE_RETENTION_QUEUE_URL: required but not set");
        }

        // A variable no runtime reads (a leftover, a typo) fails too.
        Map<String, String> extra = new TreeMap<>(sftpEnvironment());
        extra.put("SLUICE_HEARTBEAT_SECOND", "30");
        EnvironmentReader reader = new EnvironmentReader(extra, Component.SFTP_TASK);
        parse("SFTP task", reader);
        assertThatThrownBy(() -> readsWhatItIsGiven("SFTP task", extra, reader))
                .hasMessageContaining("SLUICE_HEARTBEAT_SECOND");
    }

    /** Reads the component's configuration as its runtime does; fails with every problem found. */
    private static void parse(String what, EnvironmentReader reader) {
        try {
            switch (reader.component()) {
                case API_FUNCTIONS -> ApiConfig.read(reader);
                case JOBS -> JobsConfig.read(reader);
                case SFTP_TASK -> SftpConfig.read(reader);
            }
        } catch (ConfigurationException e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The runtime read every setting that names it as a reader (so the docs' "read by" is true),
     * and every SLUICE_ variable the stack gives is one of those (none forgotten in a stack after
     * its last reader went).
     */
    private static void readsWhatItIsGiven(
            String what, Map<String, String> env, EnvironmentReader reader) {
        assertThat(reader.consulted())
                .as("%s reads every setting that names it", what)
                .containsExactlyInAnyOrderElementsOf(Settings.readBy(reader.component()));
        Set<String> read =
                reader.consulted().stream().map(Setting::variable).collect(Collectors.toSet());
        assertThat(env.keySet())
                .as("%s: variables its runtime does not read", what)
                .filteredOn(name -> name.startsWith("SLUICE_"))
                .isSubsetOf(read);
    }

    /**
     * The synthesized environment with each value CloudFormation resolves at deployment (a Ref,
     * Fn::GetAtt, Fn::ImportValue...) replaced by a placeholder naming it.
     */
    private static Map<String, String> placeholders(Map<?, ?> variables) {
        Map<String, String> env = new TreeMap<>();
        variables.forEach(
                (name, value) ->
                        env.put(
                                name.toString(),
                                value instanceof String s
                                        ? s
                                        : "resolved-at-deployment:"
                                                + String.join(",", Cfn.references(value))));
        return env;
    }

    /**
     * The environment with every placeholder swapped for the fixture's resource; fails on one the
     * test does not know.
     */
    private static Map<String, String> onFixture(String what, Map<String, String> env) {
        Map<String, String> out = new TreeMap<>(env);
        out.replaceAll(
                (name, value) -> {
                    if (!value.startsWith("resolved-at-deployment:")) {
                        return value;
                    }
                    String resource = fixture.get(name);
                    assertThat(resource)
                            .as(
                                    "%s: %s is resolved at deployment; give the fixture's value in RuntimeEnvironmentTest",
                                    what, name)
                            .isNotNull();
                    return resource;
                });
        return out;
    }
}
