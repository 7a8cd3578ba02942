package dev.sluice.lambdas.api;

import dev.sluice.dynamo.TableNames;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The API functions' configuration, from their environment (the CDK stacks set these).
 *
 * @param bucket            the installation's bucket ({@code SLUICE_BUCKET}): the tenant rule of
 *                          {@code filesystem} needs it when users and folders are saved
 * @param jwtSecretId       secret holding the JWT signing key text ({@code SLUICE_JWT_SECRET_ARN})
 * @param masterKeySecretId secret whose text derives the key that encrypts user secrets
 *                          ({@code SLUICE_MASTER_KEY_SECRET_ARN})
 * @param adminSecretId     secret with the first admin, {"username","password"}
 *                          ({@code SLUICE_ADMIN_SECRET_ARN}, optional)
 * @param tokenTtl          access token lifetime ({@code SLUICE_TOKEN_TTL_MINUTES}, default 20)
 */
public record ApiConfig(TableNames tables, String bucket, String jwtSecretId, String masterKeySecretId, Optional<String> adminSecretId,
                        Duration tokenTtl, String version) {

    public static ApiConfig fromEnvironment(Map<String, String> env) {
        return new ApiConfig(
            TableNames.fromEnvironment(env),
            required(env, "SLUICE_BUCKET"),
            required(env, "SLUICE_JWT_SECRET_ARN"),
            required(env, "SLUICE_MASTER_KEY_SECRET_ARN"),
            Optional.ofNullable(env.get("SLUICE_ADMIN_SECRET_ARN")).filter(s -> !s.isBlank()),
            Duration.ofMinutes(Long.parseLong(env.getOrDefault("SLUICE_TOKEN_TTL_MINUTES", "20"))),
            BuildInfo.VERSION);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value;
    }
}
