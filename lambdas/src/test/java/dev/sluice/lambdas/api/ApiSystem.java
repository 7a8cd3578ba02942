package dev.sluice.lambdas.api;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.jobs.JobSettings;
import dev.sluice.lambdas.adapter.LocalApiServer;
import dev.sluice.testing.AwsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The REST API as a test drives it: real handlers behind the local adapter, on real DynamoDB and
 * Secrets Manager APIs from the AWS fixture, with its own tables and secrets.
 */
final class ApiSystem implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "first-admin-password";

    /**
     * The installation's bucket as the API knows it (the API never touches it: it only checks
     * tenants against it).
     */
    static final String BUCKET = "installation-bucket";

    final ApiContext context;
    final LocalApiServer server;
    final ApiClient client;
    final TableNames tables;

    private ApiSystem(ApiContext context, LocalApiServer server, TableNames tables) {
        this.context = context;
        this.server = server;
        this.tables = tables;
        this.client = new ApiClient(server.baseUri());
    }

    static ApiSystem start(AwsEnvironment aws) {
        return start(aws, Clock.systemUTC());
    }

    static ApiSystem start(AwsEnvironment aws, Clock clock) {
        return start(aws, clock, BUCKET, ApiContext.ApiJobs.unavailable(), JobSettings.defaults());
    }

    /** With job queues of the test's own (to run the jobs it starts). */
    static ApiSystem start(AwsEnvironment aws, Clock clock, ApiContext.ApiJobs jobs) {
        return start(aws, clock, BUCKET, jobs, JobSettings.defaults());
    }

    /** Job queues and a scheduler that accept everything and run nothing. */
    static ApiContext.ApiJobs acceptingJobs() {
        return new ApiContext.ApiJobs(
                message -> {},
                message -> {},
                new dev.sluice.retention.PolicySchedules() {
                    @Override
                    public void put(dev.sluice.retention.RetentionPolicy policy) {}

                    @Override
                    public void delete(String policyName) {}
                });
    }

    /** With job queues and a scheduler, the installation's bucket and the job settings given. */
    static ApiSystem start(
            AwsEnvironment aws,
            Clock clock,
            String bucket,
            ApiContext.ApiJobs jobs,
            JobSettings jobSettings) {
        return start(
                aws,
                clock,
                bucket,
                jobs,
                jobSettings,
                dev.sluice.backup.BackupFiles.unavailable(),
                java.util.function.UnaryOperator.identity(),
                null);
    }

    /**
     * Everything given: where dump files go, changes to the configuration, and the master key
     * secret's value (null: a random one), so that two installations may share it.
     */
    static ApiSystem start(
            AwsEnvironment aws,
            Clock clock,
            String bucket,
            ApiContext.ApiJobs jobs,
            JobSettings jobSettings,
            dev.sluice.backup.BackupFiles files,
            java.util.function.UnaryOperator<ApiConfig.Builder> configure,
            String masterKeyValue) {
        String name = aws.uniqueName("api");
        TableNames tables = TableNames.withPrefix(name + "-");
        new TableProvisioner(aws.dynamoDb(), tables).createMissing(Tables.ALL);
        String jwt =
                aws.secretsManager()
                        .createSecret(
                                b ->
                                        b.name(name + "-jwt")
                                                .secretString(
                                                        UUID.randomUUID()
                                                                + "-"
                                                                + UUID.randomUUID()))
                        .arn();
        String master =
                aws.secretsManager()
                        .createSecret(
                                b ->
                                        b.name(name + "-master")
                                                .secretString(
                                                        masterKeyValue != null
                                                                ? masterKeyValue
                                                                : UUID.randomUUID()
                                                                        + "-"
                                                                        + UUID.randomUUID()))
                        .arn();
        String admin =
                aws.secretsManager()
                        .createSecret(
                                b ->
                                        b.name(name + "-admin")
                                                .secretString(
                                                        "{\"username\":\""
                                                                + ADMIN
                                                                + "\",\"password\":\""
                                                                + ADMIN_PASSWORD
                                                                + "\"}"))
                        .arn();
        ApiConfig config =
                configure
                        .apply(
                                ApiConfig.builder()
                                        .tables(tables)
                                        .bucket(bucket)
                                        .jwtSecretId(jwt)
                                        .masterKeySecretId(master)
                                        .adminSecretId(Optional.of(admin))
                                        .version("test")
                                        .jobs(jobSettings))
                        .build();
        ApiContext context =
                new ApiContext(config, aws.dynamoDb(), aws.secretsManager(), clock, jobs, files);
        try {
            LocalApiServer server =
                    LocalApiServer.start(
                            new InetSocketAddress("127.0.0.1", 0), ApiFunctions.all(context));
            return new ApiSystem(context, server, tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return server.baseUri();
    }

    /** A token for the first admin (created from the admin secret on the first token request). */
    String adminToken() {
        return client.token(ADMIN, ADMIN_PASSWORD);
    }

    @Override
    public void close() {
        server.close();
    }
}
