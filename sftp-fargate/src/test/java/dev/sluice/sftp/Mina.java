package dev.sluice.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
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

    private Mina() {}

    static synchronized SshClient client() {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            // No keys from ~/.ssh: each test says how it logs in.
            client.setKeyIdentityProvider(KeyPairProvider.EMPTY_KEYPAIR_PROVIDER);
            client.start();
        }
        return client;
    }

    public static ClientSession password(int port, String user, String password)
            throws IOException {
        ClientSession session =
                client().connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
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
        ClientSession session =
                client().connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
        try {
            session.addPublicKeyIdentity(key);
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
