package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.passwords.Argon2Settings;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Logins against the user store: every rule, and always the same generic failure. */
@ExtendWith(AwsFixture.class)
class AuthenticationTest {

    static final String PASSWORD = "correct horse battery";
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

    private String user(java.util.function.UnaryOperator<User.Builder> tweak) {
        String name = system.newName("auth");
        system.createUser(tweak.apply(User.builder().username(name).password(PASSWORD)).build());
        return name;
    }

    private static UserFilters filters(
            List<String> allowed,
            List<String> denied,
            List<String> deniedMethods,
            List<String> deniedProtocols) {
        return new UserFilters(allowed, denied, deniedMethods, deniedProtocols, null, 0, false);
    }

    private void assertRefused(String name, String password) {
        assertThatThrownBy(() -> Mina.password(system.port(), name, password).close())
                .isInstanceOf(SshException.class)
                .hasMessageContaining("No more authentication methods available");
    }

    private void assertAccepted(String name) throws IOException {
        try (ClientSession s = Mina.password(system.port(), name, PASSWORD)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
    }

    @Test
    void passwordLoginWorksAndWrongOrUnknownFailAlike() throws IOException {
        String name = user(b -> b);
        assertAccepted(name);
        assertRefused(name, "wrong password!");
        assertRefused("no-such-user-" + name, PASSWORD);
    }

    /**
     * One connection may not guess without end: paramiko asks for the auth service again before
     * every attempt, which restarted MINA's own count (30 wrong passwords, then the right one, were
     * accepted on one connection). Password and keyboard-interactive alike.
     */
    @Test
    void oneConnectionGetsAtMostSixAttemptsWhateverTheClientDoes() throws Exception {
        OpenSsh.assumePython3Module("paramiko", "python3-paramiko");
        String name = user(b -> b);
        String script =
                """
                import paramiko, socket, sys
                port, user, right, method = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
                t = paramiko.Transport(socket.create_connection(("127.0.0.1", port)))
                t.start_client(timeout=10)
                def attempt(pw):
                    if method == "password":
                        t.auth_password(user, pw)
                    else:
                        t.auth_interactive(user, lambda title, instr, prompts: [pw for _ in prompts])
                wrong = 0
                for i in range(10):
                    try:
                        attempt("wrong-%d" % i)
                    except paramiko.BadAuthenticationType:
                        raise
                    except paramiko.AuthenticationException:
                        wrong += 1
                        continue
                    except Exception as e:
                        break
                try:
                    attempt(right)
                    print("wrong=%d right=accepted" % wrong)
                except Exception as e:
                    print("wrong=%d right=refused" % wrong)
                """;
        for (String method : List.of("password", "interactive")) {
            Process p =
                    new ProcessBuilder(
                                    OpenSsh.PYTHON3,
                                    "-c",
                                    script,
                                    Integer.toString(system.port()),
                                    name,
                                    PASSWORD,
                                    method)
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(
                            p.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // Six requests per connection: the seventh is refused with a disconnect, and the right
            // password afterwards never gets a hearing on that connection.
            // (paramiko reports the disconnect at the seventh as one more failed attempt.)
            assertThat(out).as(method).containsPattern("wrong=[1-7] right=refused");
        }
        assertAccepted(name); // a new connection with the right password still works
    }

    @Test
    void openSshPasswordAndKeyboardInteractive() {
        String name = user(b -> b);
        OpenSsh.Result pw =
                OpenSsh.withPassword(system.port(), name, PASSWORD, "password", "pwd\n");
        assertThat(pw.ok()).as(pw.output()).isTrue();
        OpenSsh.Result ki =
                OpenSsh.withPassword(
                        system.port(), name, PASSWORD, "keyboard-interactive", "pwd\n");
        assertThat(ki.ok()).as(ki.output()).isTrue();
        OpenSsh.Result bad =
                OpenSsh.withPassword(
                        system.port(), name, "nope-nope-nope", "keyboard-interactive", "pwd\n");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.output()).contains("Permission denied");
    }

    @Test
    void publicKeyLogin() throws IOException {
        KeyPair key = Mina.newEd25519();
        KeyPair other = Mina.newEd25519();
        String name = user(b -> b.publicKeys(List.of(Mina.publicLine(key))));
        try (ClientSession s = Mina.key(system.port(), name, key)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
        assertThatThrownBy(() -> Mina.key(system.port(), name, other).close())
                .isInstanceOf(SshException.class);
    }

    @Test
    void disabledExpiredAndSshDeniedAccountsCannotLogIn() {
        assertRefused(user(b -> b.status(User.STATUS_DISABLED)), PASSWORD);
        assertRefused(user(b -> b.expirationDate(System.currentTimeMillis() - 1000)), PASSWORD);
        assertRefused(user(b -> b.filters(filters(null, null, null, List.of("SSH")))), PASSWORD);
    }

    @Test
    void ipFiltersDeniedFirstThenAllowed() throws IOException {
        assertRefused(
                user(b -> b.filters(filters(null, List.of("127.0.0.0/8"), null, null))), PASSWORD);
        assertRefused(
                user(b -> b.filters(filters(List.of("10.0.0.0/8"), null, null, null))), PASSWORD);
        assertRefused(
                user(
                        b ->
                                b.filters(
                                        filters(
                                                List.of("127.0.0.1/32"),
                                                List.of("127.0.0.1/32"),
                                                null,
                                                null))),
                PASSWORD);
        assertAccepted(user(b -> b.filters(filters(List.of("127.0.0.1/32"), null, null, null))));
    }

    @Test
    void deniedLoginMethods() throws IOException {
        KeyPair key = Mina.newEd25519();
        String name =
                user(
                        b ->
                                b.publicKeys(List.of(Mina.publicLine(key)))
                                        .filters(
                                                filters(
                                                        null,
                                                        null,
                                                        List.of("password", "keyboard-interactive"),
                                                        null)));
        assertRefused(name, PASSWORD);
        try (ClientSession s = Mina.key(system.port(), name, key)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
        String noKeys =
                user(
                        b ->
                                b.publicKeys(List.of(Mina.publicLine(key)))
                                        .filters(filters(null, null, List.of("publickey"), null)));
        assertThatThrownBy(() -> Mina.key(system.port(), noKeys, key).close())
                .isInstanceOf(SshException.class);
        assertAccepted(noKeys);
    }

    @Test
    void passwordOverSshRefusesSshPasswordsAndNothingElse() throws IOException {
        KeyPair key = Mina.newEd25519();
        String name =
                user(
                        b ->
                                b.publicKeys(List.of(Mina.publicLine(key)))
                                        .filters(
                                                filters(
                                                        null,
                                                        null,
                                                        List.of("password-over-SSH"),
                                                        null)));
        OpenSsh.Result pw =
                OpenSsh.withPassword(system.port(), name, PASSWORD, "password", "pwd\n");
        assertThat(pw.ok()).as(pw.output()).isFalse();
        assertThat(pw.output()).contains("Permission denied");
        OpenSsh.Result ki =
                OpenSsh.withPassword(
                        system.port(), name, PASSWORD, "keyboard-interactive", "pwd\n");
        assertThat(ki.ok()).as("keyboard-interactive is its own method: " + ki.output()).isTrue();
        try (ClientSession s = Mina.key(system.port(), name, key)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
        // Without keyboard-interactive too, a password cannot log in at all (MINA's client tries
        // both methods with it).
        assertRefused(
                user(
                        b ->
                                b.filters(
                                        filters(
                                                null,
                                                null,
                                                List.of(
                                                        "password-over-SSH",
                                                        "keyboard-interactive"),
                                                null))),
                PASSWORD);
        // "password" keeps refusing password logins.
        String noPassword = user(b -> b.filters(filters(null, null, List.of("password"), null)));
        OpenSsh.Result denied =
                OpenSsh.withPassword(system.port(), noPassword, PASSWORD, "password", "pwd\n");
        assertThat(denied.ok()).as(denied.output()).isFalse();
    }

    @Test
    void maxSessions() throws Exception {
        String name = user(b -> b.maxSessions(1));
        try (ClientSession first = Mina.password(system.port(), name, PASSWORD)) {
            assertThat(first.isAuthenticated()).isTrue();
            // After the credential, a disconnect that says why (reason 12); a wrong password still
            // learns nothing.
            assertThatThrownBy(() -> Mina.password(system.port(), name, PASSWORD).close())
                    .isInstanceOf(SshException.class)
                    .hasMessage("too many sessions for this user (max_sessions 1)");
            assertRefused(name, "wrong password!");
            OpenSsh.Result openSsh =
                    OpenSsh.withPassword(system.port(), name, PASSWORD, "password", "pwd\n");
            assertThat(openSsh.ok()).isFalse();
            assertThat(openSsh.output())
                    .contains(":12: too many sessions for this user (max_sessions 1)");
        }
        // The server counts the session closed once it sees the disconnect.
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            try (ClientSession again = Mina.password(system.port(), name, PASSWORD)) {
                assertThat(again.isAuthenticated()).isTrue();
                break;
            } catch (SshException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void lastLoginIsRecorded() throws Exception {
        String name = user(b -> b);
        assertThat(system.user(name).lastLogin()).isZero();
        assertAccepted(name);
        long deadline = System.currentTimeMillis() + 5000;
        while (system.user(name).lastLogin() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        long first = system.user(name).lastLogin();
        assertThat(first).isPositive();
        assertAccepted(name);
        Thread.sleep(300);
        assertThat(system.user(name).lastLogin())
                .as("not rewritten within 10 minutes")
                .isEqualTo(first);
    }

    @Test
    void legacyHashIsUpgradedOnLogin() throws IOException {
        String legacy = new PasswordHasher(new Argon2Settings(8192, 1, 1)).hash(PASSWORD);
        String name = user(b -> b.password(legacy));
        assertThat(system.user(name).password()).isEqualTo(legacy);
        assertAccepted(name);
        String stored = system.user(name).password();
        assertThat(stored).isNotEqualTo(legacy);
        PasswordHasher hasher = new PasswordHasher();
        assertThat(hasher.verify(PASSWORD, stored)).isTrue();
        assertThat(hasher.needsRehash(stored)).isFalse();
    }
}
