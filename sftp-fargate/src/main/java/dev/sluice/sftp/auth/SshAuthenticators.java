package dev.sluice.sftp.auth;

import dev.sluice.users.LoginMethod;
import dev.sluice.users.User;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * MINA's three authenticator callbacks, all answered by {@link LoginService}. The accepted user is
 * kept on the session ({@link #USER}) for the file system and the session bookkeeping. Password and
 * keyboard-interactive attempts are checked on a {@link VerificationPool}, off MINA's NIO threads;
 * public keys cost no hashing and are answered in place.
 */
public final class SshAuthenticators {

    /** The user a session authenticated as. */
    public static final AttributeKey<User> USER = new AttributeKey<>();

    private final LoginService logins;
    private final VerificationPool checks;

    /** Answers with {@code logins}; password checks run on {@code checks}. */
    public SshAuthenticators(LoginService logins, VerificationPool checks) {
        this.logins = logins;
        this.checks = checks;
    }

    /** Password logins, checked on the pool. */
    public PasswordAuthenticator password() {
        return (username, password, session) ->
                checkPassword(session, username, password, LoginMethod.PASSWORD);
    }

    /** Public key logins (the key query and the signature), answered in place. */
    public PublickeyAuthenticator publicKey() {
        return (username, key, session) ->
                accept(session, logins.publicKey(username, key, clientAddress(session)));
    }

    /**
     * One prompt, "Password:"; checked on the pool as a keyboard-interactive login (its own denied
     * method).
     */
    public DefaultKeyboardInteractiveAuthenticator keyboardInteractive() {
        return new DefaultKeyboardInteractiveAuthenticator() {
            @Override
            public boolean authenticate(
                    ServerSession session, String username, List<String> responses) {
                if (responses == null || responses.size() != 1) {
                    return false;
                }
                return checkPassword(
                        session, username, responses.get(0), LoginMethod.KEYBOARD_INTERACTIVE);
            }
        };
    }

    /** A password, by either method, checked on the pool. */
    private boolean checkPassword(
            ServerSession session, String username, String password, LoginMethod method) {
        return checks.verify(
                session,
                username,
                () ->
                        accept(
                                session,
                                logins.password(
                                        username, password, clientAddress(session), method)));
    }

    private static boolean accept(ServerSession session, LoginOutcome outcome) {
        if (outcome instanceof LoginOutcome.Accepted accepted) {
            session.setAttribute(USER, accepted.user());
            return true;
        }
        return false;
    }

    /**
     * The client's address: from the PROXY protocol header when there was one, else the socket's.
     */
    public static InetAddress clientAddress(ServerSession session) {
        SocketAddress address = session.getClientAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
