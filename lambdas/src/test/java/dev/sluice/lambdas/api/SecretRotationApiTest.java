package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretCache;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets rotated in Secrets Manager reach a running API (a SnapStart-restored container holds what
 * its init read) within the secrets max age, without a redeploy.
 */
@ExtendWith(AwsFixture.class)
class SecretRotationApiTest {

    private static final Duration MAX_AGE = SecretCache.DEFAULT_MAX_AGE;

    private static String s3User(String name) {
        return """
            {"username": "%s", "status": 1, "password": "s3cret-passw0rd", "permissions": {"/": ["*"]},
             "filesystem": {"provider": 1, "s3config": {"bucket": "customer-bucket", "region": "eu-west-1",
                 "key_prefix": "%s/", "access_key": "AKIAEXAMPLE", "access_secret": {"status": "Plain", "payload": "SECRET-%s"}}}}
            """
                .formatted(name, name, name);
    }

    @Test
    void aRotatedJwtKeyTakesEffectWithinTheMaxAge(AwsEnvironment aws) {
        MutableClock clock = new MutableClock();
        try (ApiSystem api = ApiSystem.start(aws, clock)) {
            String before = api.adminToken();
            api.client.get("/api/v2/users", before).expect(200);

            aws.secretsManager()
                    .putSecretValue(
                            b ->
                                    b.secretId(api.context.config().jwtSecretId())
                                            .secretString(
                                                    UUID.randomUUID() + "-" + UUID.randomUUID()));
            clock.advance(MAX_AGE.minusSeconds(1));
            api.client.get("/api/v2/users", before).expect(200); // the key held until the max age
            clock.advance(Duration.ofSeconds(1));
            // Tokens verify under the current key only: one signed under a key rotated out (maybe
            // because it leaked) is refused, though it has not expired; clients log in again.
            api.client.get("/api/v2/users", before).expect(401);
            String after = api.adminToken();
            api.client.get("/api/v2/users", after).expect(200);
        }
    }

    @Test
    void aRotationToAnUnusableJwtSecretKeepsTheLastGoodKeyInsteadOfFailingEveryRequest(
            AwsEnvironment aws) {
        MutableClock clock = new MutableClock();
        try (ApiSystem api = ApiSystem.start(aws, clock)) {
            String token = api.adminToken();
            aws.secretsManager()
                    .putSecretValue(
                            b ->
                                    b.secretId(api.context.config().jwtSecretId())
                                            .secretString("too-short"));
            clock.advance(MAX_AGE);
            api.client.get("/api/v2/users", token).expect(200);
            api.client.get("/api/v2/users", api.adminToken()).expect(200);
        }
    }

    @Test
    void storedS3SecretsSealedBeforeAndAfterAMasterKeyRotationBothOpen(AwsEnvironment aws) {
        MutableClock clock = new MutableClock();
        try (ApiSystem api = ApiSystem.start(aws, clock)) {
            String token = api.adminToken();
            api.client.post("/api/v2/users", token, s3User("rot-a")).expect(201);

            String masterId = api.context.config().masterKeySecretId();
            aws.secretsManager()
                    .putSecretValue(
                            b ->
                                    b.secretId(masterId)
                                            .secretString("rotated master " + UUID.randomUUID()));
            clock.advance(MAX_AGE);
            api.client.post("/api/v2/users", api.adminToken(), s3User("rot-b")).expect(201);

            UserStore users = api.context.userStore();
            Secret a = users.find("rot-a").orElseThrow().filesystem().s3config().accessSecret();
            Secret b = users.find("rot-b").orElseThrow().filesystem().s3config().accessSecret();
            assertThat(b.key())
                    .as("sealed under the rotated value")
                    .startsWith(MasterKeyRing.VERSION_PREFIX)
                    .isNotEqualTo(a.key());
            // An SFTP task or job started after the rotation opens both.
            MasterKeyRing reader =
                    new MasterKeyRing(
                            new SecretCache(aws.secretsManager(), Clock.systemUTC(), MAX_AGE),
                            masterId);
            assertThat(reader.decrypt(a, MasterKeys.userS3SecretContext("rot-a")))
                    .isEqualTo("SECRET-rot-a");
            assertThat(reader.decrypt(b, MasterKeys.userS3SecretContext("rot-b")))
                    .isEqualTo("SECRET-rot-b");
        }
    }
}
