package dev.sluice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.Component;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Settings;
import dev.sluice.embedded.FakeSecretsManager;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets read through the cache: reused up to the max age, then read again, so a rotation arrives
 * without a restart.
 */
@ExtendWith(AwsFixture.class)
class SecretCacheTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    @Test
    void aRotatedValueArrivesOnceTheHeldOneIsOlderThanTheMaxAge(AwsEnvironment aws) {
        SecretsManagerClient sm = aws.secretsManager();
        String id =
                sm.createSecret(b -> b.name(aws.uniqueName("cache")).secretString("first")).arn();
        ManualClock clock = new ManualClock();
        SecretCache cache = new SecretCache(sm, clock, MAX_AGE);

        SecretCache.Value first = cache.current(id);
        assertThat(first.text()).isEqualTo("first");
        sm.putSecretValue(b -> b.secretId(id).secretString("second"));

        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(cache.current(id)).as("still within the max age").isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        SecretCache.Value second = cache.current(id);
        assertThat(second.text()).isEqualTo("second");
        assertThat(second.versionId()).isNotEqualTo(first.versionId());
        assertThat(cache.previous(id)).contains(first);
        // A version read by id is the same for good, whatever happens to the labels.
        assertThat(cache.version(id, first.versionId()).text()).isEqualTo("first");
        assertThat(second.toString()).doesNotContain("second");
    }

    @Test
    void zeroMaxAgeReadsOnEveryUseAndANeverRotatedSecretHasNoPrevious(AwsEnvironment aws) {
        SecretsManagerClient sm = aws.secretsManager();
        String id = sm.createSecret(b -> b.name(aws.uniqueName("cache0")).secretString("a")).arn();
        SecretCache cache = new SecretCache(sm, new ManualClock(), Duration.ZERO);
        assertThat(cache.current(id).text()).isEqualTo("a");
        assertThat(cache.previous(id)).isEmpty();
        sm.putSecretValue(b -> b.secretId(id).secretString("b"));
        assertThat(cache.current(id).text()).isEqualTo("b");
        assertThatThrownBy(() -> cache.version(id, "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cache.current(aws.uniqueName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void whenSecretsManagerIsUnreachableTheHeldValueIsUsedAndANewOneFails() {
        ManualClock clock = new ManualClock();
        FakeSecretsManager fake = FakeSecretsManager.inMemory();
        SecretsManagerClient sm =
                SecretsManagerClient.builder()
                        .endpointOverride(fake.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .build();
        String id = sm.createSecret(b -> b.name("outage").secretString("held")).arn();
        SecretCache cache = new SecretCache(sm, clock, MAX_AGE);
        assertThat(cache.current(id).text()).isEqualTo("held");
        fake.close();
        clock.advance(MAX_AGE.plusSeconds(1));
        assertThat(cache.current(id).text())
                .as("stale beats failing every request")
                .isEqualTo("held");
        assertThatThrownBy(() -> new SecretCache(sm, clock, MAX_AGE).current(id))
                .isInstanceOf(SdkException.class);
        sm.close();
    }

    @Test
    void theMaxAgeComesFromOneEnvironmentVariable() {
        String variable = Settings.SECRETS_MAX_AGE.variable();
        assertThat(maxAge(Map.of()))
                .isEqualTo(SecretCache.DEFAULT_MAX_AGE)
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(maxAge(Map.of(variable, "60"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(maxAge(Map.of(variable, " 0 "))).isEqualTo(Duration.ZERO);
        for (String wrong : new String[] {"-1", "86401", "5m", "9999999999999999999"}) {
            assertThatThrownBy(() -> maxAge(Map.of(variable, wrong)))
                    .as(wrong)
                    .hasMessageContaining(variable);
        }
    }

    private static Duration maxAge(Map<String, String> env) {
        EnvironmentReader reader = new EnvironmentReader(env, Component.SFTP_TASK);
        Duration maxAge = reader.get(Settings.SECRETS_MAX_AGE);
        reader.check();
        return maxAge;
    }
}
