package dev.sluice.sftp.connections;

import dev.sluice.defender.Defender;
import dev.sluice.defender.HostEvent;
import dev.sluice.sftp.auth.SshAuthenticators;
import dev.sluice.users.User;
import java.io.IOException;
import java.net.InetAddress;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;

/**
 * MINA's user-auth service plus {@code max_sessions}: once a credential is accepted, the session
 * asks {@link SessionRegistry#admit} for a slot at the point where MINA enforces its own {@code
 * MAX_CONCURRENT_SESSIONS}, before {@code SSH_MSG_USERAUTH_SUCCESS} is sent. A refused login gets
 * an ordinary {@code SSH_MSG_DISCONNECT} (reason 12 and a message), written in order on the
 * session's own thread.
 *
 * <p>Admitting from the {@code Authenticated} session event instead ran inside MINA's {@code
 * signalAuthenticationSuccess}, after the success packet was encrypted and before it was written:
 * the disconnect packet reached the wire first with the next sequence number, and clients saw "Bad
 * packet length" or "Mismatched MAC" instead of the reason. Sluice configures no multi-step
 * authentication ({@code AUTH_METHODS}), so every accepted credential completes a login.
 *
 * <p>It also holds each connection to {@code SLUICE_MAX_AUTH_TRIES} and to the defender: a request
 * from an address banned since it connected ends the connection, the request after the last allowed
 * one ends it and counts as a limit exceeded, and a refused public key is noted for {@link
 * LoginWatcher} to score once when the connection ends without logging in.
 */
public final class AdmittingUserAuthService extends ServerUserAuthService {

    private final SessionRegistry registry;
    private final Defender defender;
    private final int maxAuthTries;

    /** The user and method of the request being answered (a public key's is synchronous). */
    private String requestUser;

    private String requestMethod;

    AdmittingUserAuthService(
            Session session, SessionRegistry registry, Defender defender, int maxAuthTries)
            throws IOException {
        super(session);
        this.registry = registry;
        this.defender = defender;
        this.maxAuthTries = maxAuthTries;
    }

    /**
     * MINA counts authentication requests per {@code ssh-userauth} service instance, and a client
     * may ask for the service again after every failure (paramiko does, before each attempt): the
     * count restarted and one connection could guess without end. The count lives in the session
     * instead ({@code LoginAttempts}), with the limit {@code SLUICE_MAX_AUTH_TRIES}.
     */
    @Override
    public synchronized void process(int cmd, Buffer buffer) throws Exception {
        if (cmd == SshConstants.SSH_MSG_USERAUTH_REQUEST) {
            ServerSession session = getServerSession();
            InetAddress client = SshAuthenticators.clientAddress(session);
            if (defender.refuses(client)) {
                session.disconnect(
                        SshConstants.SSH2_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT,
                        "Too many failed logins from this address; try again later");
                return;
            }
            peekRequest(buffer);
            LoginAttempts record = LoginAttempts.of(session);
            int attempts = record.count(requestMethod);
            if (attempts > maxAuthTries) {
                if (attempts == maxAuthTries + 1 && record.guessedASecret()) {
                    defender.record(client, HostEvent.LIMIT_EXCEEDED);
                }
                session.disconnect(
                        SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                        "Too many authentication attempts on this connection (at most "
                                + maxAuthTries
                                + ")");
                return;
            }
        }
        super.process(cmd, buffer);
    }

    /**
     * Notes a refused public key: one key refused is not yet a failed login (ssh-agent offers every
     * key it holds until one is accepted), so it is scored once, if the connection ends without
     * logging in ({@link LoginWatcher}).
     */
    @Override
    protected void handleAuthenticationFailure(int cmd, Buffer buffer) throws Exception {
        if (LoginAttempts.PUBLIC_KEY.equals(requestMethod) && requestUser != null) {
            LoginAttempts.of(getServerSession()).publicKeyRefused(requestUser);
        }
        super.handleAuthenticationFailure(cmd, buffer);
    }

    /** Reads the request's user and method without consuming them (MINA reads them next). */
    private void peekRequest(Buffer buffer) {
        int start = buffer.rpos();
        try {
            requestUser = buffer.getString();
            buffer.getString(); // the service
            requestMethod = buffer.getString();
        } catch (BufferException e) {
            // MINA refuses the malformed request itself.
            requestUser = null;
            requestMethod = null;
        } finally {
            buffer.rpos(start);
        }
    }

    @Override
    protected void handleAuthenticationSuccess(int cmd, Buffer buffer) throws Exception {
        ServerSession session = getServerSession();
        LoginAttempts.of(session).credentialAccepted();
        User user = session.getAttribute(SshAuthenticators.USER);
        if (user != null
                && registry.admit(session, user)
                        instanceof SessionRegistry.Admission.Refused refused) {
            session.disconnect(refused.reason(), refused.message());
            return;
        }
        super.handleAuthenticationSuccess(cmd, buffer);
    }

    /** Replaces MINA's {@code ssh-userauth} service factory. */
    public static final class Factory extends ServerUserAuthServiceFactory {

        private final SessionRegistry registry;
        private final Defender defender;
        private final int maxAuthTries;

        /**
         * @param registry admits sessions ({@code max_sessions})
         * @param defender refuses banned addresses, hears of connections over the limit
         * @param maxAuthTries authentication attempts one connection may make
         */
        public Factory(SessionRegistry registry, Defender defender, int maxAuthTries) {
            this.registry = registry;
            this.defender = defender;
            this.maxAuthTries = maxAuthTries;
        }

        @Override
        public Service create(Session session) throws IOException {
            return new AdmittingUserAuthService(session, registry, defender, maxAuthTries);
        }
    }
}
