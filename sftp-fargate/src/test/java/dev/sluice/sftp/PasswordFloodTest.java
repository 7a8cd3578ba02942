package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server as deployed (real argon2id hashes, the task's own password-check pool) under a flood
 * of wrong passwords: a real user still logs in, with a password and with a key.
 */
@ExtendWith(AwsFixture.class)
class PasswordFloodTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery";

    /**
     * Wrong attempts, spread over loopback addresses so that none reaches a per-address limit or a
     * ban: the flood is about hashing, not about the defender.
     */
    private static final int WRONG = 52;

    private static final int ADDRESSES = 8;

    static SftpSystem system;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aRealUserLogsInWhileFiftyWrongPasswordsAreChecked() throws Exception {
        String victim = system.newName("flood");
        system.createUser(User.builder().username(victim).password(PASSWORD).build());
        SftpSystem.SshKey key = system.newKey(victim + "-key");
        String real = system.newName("real");
        system.createUser(
                User.builder()
                        .username(real)
                        .password(PASSWORD)
                        .publicKeys(List.of(key.publicLine()))
                        .build());
        try (SshClient attacker = SshClient.setUpDefaultClient()) {
            attacker.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            attacker.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
            attacker.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
            attacker.start();
            // Key exchanges first, so the guesses below arrive together.
            List<ClientSession> sessions = new ArrayList<>();
            for (int i = 0; i < WRONG; i++) {
                var from = new InetSocketAddress("127.0.3." + (1 + i % ADDRESSES), 0);
                ClientSession s =
                        attacker.connect(victim, "127.0.0.1", system.port(), from)
                                .verify(TIMEOUT)
                                .getSession();
                s.addPasswordIdentity("wrong-" + i);
                sessions.add(s);
            }
            List<AuthFuture> guesses = new ArrayList<>();
            for (ClientSession s : sessions) {
                guesses.add(s.auth());
            }
            long pending = guesses.stream().filter(g -> !g.isDone()).count();

            try (ClientSession s = Mina.password(system.port(), real, PASSWORD)) {
                assertThat(s.isAuthenticated())
                        .as("logged in with %d of %d guesses pending at the start", pending, WRONG)
                        .isTrue();
            }
            OpenSsh.Result withKey =
                    OpenSsh.withKey(system.port(), key.privateKey(), real, "pwd\n");
            assertThat(withKey.ok()).as(withKey.output()).isTrue();
            assertThat(pending)
                    .as("the real logins began while guesses were in flight")
                    .isPositive();

            for (AuthFuture g : guesses) {
                assertThat(g.await(TIMEOUT)).isTrue();
                assertThat(g.isSuccess()).isFalse();
            }
            for (ClientSession s : sessions) {
                s.close(true);
            }
        }
    }
}
