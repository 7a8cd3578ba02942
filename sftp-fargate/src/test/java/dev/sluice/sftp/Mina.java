package dev.sluice.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** MINA's SSH client, as a second real client next to OpenSSH. */
public final class Mina {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static SshClient client;
    private static SshClient passwordOnly;

    private Mina() {}

    static synchronized SshClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** A client offering the password method only: one attempt per password, no more. */
    static synchronized SshClient passwordOnlyClient() {
        if (passwordOnly == null) {
            passwordOnly = SshClient.setUpDefaultClient();
            passwordOnly.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
            passwordOnly.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            passwordOnly.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
            passwordOnly.start();
        }
        return passwordOnly;
    }

    private static SshClient newClient() {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        // No keys from ~/.ssh: each test says how it logs in.
        c.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
        c.start();
        return c;
    }

    /**
     * One password attempt on one connection from {@code from}: MINA's client otherwise tries the
     * password again as keyboard-interactive. For tests that count attempts.
     */
    public static ClientSession onePassword(int port, String user, String password, String from)
            throws IOException {
        ClientSession session =
                passwordOnlyClient()
                        .connect(user, "127.0.0.1", port, new java.net.InetSocketAddress(from, 0))
                        .verify(TIMEOUT)
                        .getSession();
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    public static ClientSession password(int port, String user, String password)
            throws IOException {
        return password(port, user, password, null);
    }

    /**
     * A connection from another loopback address ({@code from}, such as "127.0.0.2"; {@code null}
     * for the default), not logged in yet: for tests of the limits and the defender, which count
     * per source address.
     */
    public static ClientSession connect(int port, String user, String from) throws IOException {
        return client().connect(
                        user,
                        "127.0.0.1",
                        port,
                        from == null ? null : new java.net.InetSocketAddress(from, 0))
                .verify(TIMEOUT)
                .getSession();
    }

    /** A password login from {@code from} ({@link #connect}). */
    public static ClientSession password(int port, String user, String password, String from)
            throws IOException {
        ClientSession session = connect(port, user, from);
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    public static ClientSession key(int port, String user, KeyPair key) throws IOException {
        return key(port, user, null, key);
    }

    /** A public key login from {@code from} ({@link #connect}), offering the keys in order. */
    public static ClientSession key(int port, String user, String from, KeyPair... keys)
            throws IOException {
        ClientSession session = connect(port, user, from);
        try {
            for (KeyPair key : keys) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    public static SftpClient sftp(ClientSession session) throws IOException {
        return SftpClientFactory.instance().createSftpClient(session);
    }

    public static KeyPair newEd25519() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicLine(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic());
    }

    /** Opens a session and an SFTP client for a password user; close the returned session. */
    public record Sftp(ClientSession session, SftpClient client) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                session.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Sftp open(int port, String user, String password) throws IOException {
        ClientSession s = password(port, user, password);
        return new Sftp(s, sftp(s));
    }
}
