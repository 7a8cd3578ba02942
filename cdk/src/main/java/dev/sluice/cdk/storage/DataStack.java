package dev.sluice.cdk.storage;

import dev.sluice.cdk.config.SluiceConfig;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Everything stateful: the files bucket, the DynamoDB tables (from {@code
 * dev.sluice.dynamo.Tables}) and the secrets. Kept apart from compute so that the API and SFTP
 * stacks can be replaced or torn down without touching data.
 */
public final class DataStack extends Stack {

    private final DataResources resources;

    public DataStack(Construct scope, String id, StackProps props, SluiceConfig config) {
        super(scope, id, props);
        FilesBucket files = new FilesBucket(this, "Bucket", config);
        SluiceTables tables = new SluiceTables(this, "Tables", config.removal());
        SluiceSecrets secrets = new SluiceSecrets(this, "Secrets", config.removal());
        this.resources = new DataResources(files.bucket(), tables, secrets);

        CfnOutput.Builder.create(this, "BucketName")
                .description(
                        "The installation's bucket: homes are under s3://<bucket>/users/<username>/, virtual folders under folders/<name>/")
                .value(files.bucket().getBucketName())
                .build();
        CfnOutput.Builder.create(this, "AdminSecretName")
                .description(
                        "Secret with the first admin's credentials: aws secretsmanager get-secret-value --secret-id <this>")
                .value(secrets.firstAdmin().getSecretName())
                .build();
        CfnOutput.Builder.create(this, "AdminSecretArn")
                .description("ARN of the secret with the first admin's credentials")
                .value(secrets.firstAdmin().getSecretArn())
                .build();
    }

    public DataResources resources() {
        return resources;
    }
}
