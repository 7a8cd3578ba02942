package dev.sluice.sftp.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every task ends up with the same host keys, even when several start at once on an empty secret.
 */
@ExtendWith(AwsFixture.class)
class HostKeyVaultTest {

    private static List<String> fingerprints(List<KeyPair> keys) {
        return keys.stream().map(k -> KeyUtils.getFingerPrint(k.getPublic())).toList();
    }

    @Test
    void racingTasksAgreeOnOneSetOfKeys(AwsEnvironment aws) throws Exception {
        String arn =
                aws.secretsManager()
                        .createSecret(b -> b.name(aws.uniqueName("hostkeys")).secretString("{}"))
                        .arn();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<KeyPair>>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(
                        pool.submit(
                                (Callable<List<KeyPair>>)
                                        () -> new HostKeyVault(aws.secretsManager(), arn).load()));
            }
            List<String> first = fingerprints(tasks.get(0).get());
            for (Future<List<KeyPair>> t : tasks) {
                assertThat(fingerprints(t.get())).isEqualTo(first);
            }
            assertThat(first).hasSize(2);
            // A task started later reads the same keys.
            assertThat(fingerprints(new HostKeyVault(aws.secretsManager(), arn).load()))
                    .isEqualTo(first);
            List<KeyPair> keys = tasks.get(0).get();
            assertThat(KeyUtils.getKeyType(keys.get(0))).isEqualTo("ssh-ed25519");
            assertThat(KeyUtils.getKeyType(keys.get(1))).isEqualTo("ssh-rsa");
            assertThat(KeyUtils.getKeySize(keys.get(1).getPublic())).isEqualTo(3072);
        } finally {
            pool.shutdownNow();
        }
    }
}
