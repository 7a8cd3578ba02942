package dev.sluice.cdk.storage;

import dev.sluice.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * What the data stack hands to the stacks that use it (passed as props; CDK wires the references).
 */
public record DataResources(IBucket bucket, SluiceTables tables, SluiceSecrets secrets) {

    /**
     * Configuration every function and task gets: all table names (names are not secrets, and a
     * consistent environment keeps reading them simple; access is what IAM limits), the bucket, and
     * where the master key lives.
     */
    public Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(tables.environment());
        Settings.BUCKET.put(env, bucket.getBucketName());
        Settings.MASTER_KEY_SECRET_ARN.put(env, secrets.masterKey().getSecretArn());
        return env;
    }
}
