package dev.sluice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotating the master key secret: stored S3 secrets keep opening (each under the version that
 * sealed it), new ones are sealed under the new value, in readers started before and after the
 * rotation alike.
 */
@ExtendWith(AwsFixture.class)
class MasterKeyRingTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final String ALICE = MasterKeys.userS3SecretContext("alice");
    private static final String BOB = MasterKeys.userS3SecretContext("bob");

    private SecretsManagerClient sm;
    private String id;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void secret(AwsEnvironment aws) {
        sm = aws.secretsManager();
        id =
                sm.createSecret(
                                b ->
                                        b.name(aws.uniqueName("master"))
                                                .secretString("first master key text, long enough"))
                        .arn();
    }

    private MasterKeyRing reader() {
        return new MasterKeyRing(new SecretCache(sm, clock, MAX_AGE), id).verify();
    }

    private void rotate(String text) {
        sm.putSecretValue(b -> b.secretId(id).secretString(text));
    }

    @Test
    void everySecretSealedBeforeOrAfterRotationsKeepsOpening() {
        MasterKeyRing before = reader();
        Secret a = before.encrypt(Secret.plain("alice-secret"), ALICE);
        String firstVersion = a.key();
        assertThat(firstVersion).startsWith(MasterKeyRing.VERSION_PREFIX);

        rotate("second master key text, also long");
        // Read once at start, as the old code did: the new value no longer opens what the old one
        // sealed.
        String newText = sm.getSecretValue(b -> b.secretId(id)).secretString();
        assertThatThrownBy(() -> MasterKeys.cipher(newText).decrypt(a, ALICE))
                .isInstanceOf(IllegalArgumentException.class);

        MasterKeyRing after = reader(); // a cold start after the rotation
        Secret b = after.encrypt(Secret.plain("bob-secret"), BOB);
        assertThat(b.key()).startsWith(MasterKeyRing.VERSION_PREFIX).isNotEqualTo(firstVersion);
        assertThat(after.decrypt(a, ALICE)).isEqualTo("alice-secret");
        assertThat(after.decrypt(b, BOB)).isEqualTo("bob-secret");
        // The reader started before the rotation opens the new seal too, and seals under the old
        // value until its max age has passed, then under the new one.
        assertThat(before.decrypt(b, BOB)).isEqualTo("bob-secret");
        assertThat(before.encrypt(Secret.plain("x"), ALICE).key()).isEqualTo(firstVersion);
        clock.advance(MAX_AGE);
        assertThat(before.encrypt(Secret.plain("x"), ALICE).key()).isEqualTo(b.key());

        // Before the next rotation, what is sealed under the old version is sealed again (the daily
        // quota scan does this): Secrets Manager keeps only labelled versions for sure.
        assertThat(after.resealed(b, BOB)).as("already under the current version").isEmpty();
        Secret a2 = after.resealed(a, ALICE).orElseThrow();
        assertThat(a2.key()).isEqualTo(b.key());
        assertThat(after.decrypt(a2, ALICE)).isEqualTo("alice-secret");

        rotate("third master key text, rotated again");
        MasterKeyRing later = reader();
        assertThat(later.decrypt(a2, ALICE)).as("two rotations later").isEqualTo("alice-secret");
        assertThat(later.decrypt(b, BOB)).isEqualTo("bob-secret");
        // Still bound to its owner.
        assertThatThrownBy(() -> later.decrypt(a2, BOB))
                .isInstanceOf(IllegalArgumentException.class);
        // Never re-sealed: its version lost its last label with the second rotation, and this
        // Secrets Manager (like AWS, eventually) no longer has it. The error says what to do.
        assertThatThrownBy(() -> later.decrypt(a, ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no longer has")
                .hasMessageContaining("set the S3 secret again");
    }

    @Test
    void secretsSealedBeforeVersionsWereRecordedOpenUnderTheCurrentOrPreviousValue() {
        String original = sm.getSecretValue(b -> b.secretId(id)).secretString();
        Secret legacy = MasterKeys.cipher(original).encrypt(Secret.plain("old-style"), ALICE);
        assertThat(legacy.key()).isEqualTo(MasterKeys.KEY_ID_V1);
        assertThat(reader().decrypt(legacy, ALICE)).isEqualTo("old-style");

        rotate("second master key text, also long");
        assertThat(reader().decrypt(legacy, ALICE)).as("the previous value").isEqualTo("old-style");

        rotate("third master key text, rotated again");
        assertThatThrownBy(() -> reader().decrypt(legacy, ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither the current nor the previous value");
    }

    @Test
    void aSealUnderAVersionSecretsManagerDoesNotHaveSaysSo() {
        Secret sealed = reader().encrypt(Secret.plain("s"), ALICE);
        Secret unknownVersion =
                new Secret(
                        sealed.status(),
                        sealed.payload(),
                        MasterKeyRing.VERSION_PREFIX + "00000000-0000-4000-8000-000000000000",
                        sealed.additionalData(),
                        sealed.mode());
        assertThatThrownBy(() -> reader().decrypt(unknownVersion, ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no longer has");
        Secret unknownKey =
                new Secret(
                        sealed.status(),
                        sealed.payload(),
                        "v9",
                        sealed.additionalData(),
                        sealed.mode());
        assertThatThrownBy(() -> reader().decrypt(unknownKey, ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not know");
        assertThat(reader().decrypt(Secret.plain("p"), ALICE)).isEqualTo("p");
        assertThat(reader().encrypt(sealed, BOB)).as("already sealed: unchanged").isSameAs(sealed);
    }
}
