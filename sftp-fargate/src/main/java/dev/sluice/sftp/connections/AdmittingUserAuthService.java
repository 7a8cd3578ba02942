package dev.sluice.sftp.connections;

import dev.sluice.sftp.auth.SshAuthenticators;
import dev.sluice.users.User;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
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
 */
public final class AdmittingUserAuthService extends ServerUserAuthService {

    /** Authentication requests this connection made, across service requests. */
    private static final AttributeRepository.AttributeKey<AtomicInteger> ATTEMPTS =
            new AttributeRepository.AttributeKey<>();

    private final SessionRegistry registry;

    AdmittingUserAuthService(Session session, SessionRegistry registry) throws IOException {
        super(session);
        this.registry = registry;
    }

    /**
     * MINA counts authentication requests per {@code ssh-userauth} service instance, and a client
     * may ask for the service again after every failure (paramiko does, before each attempt): the
     * count restarted and one connection could guess without end. The count lives in the session
     * instead, with MINA's limit ({@code MAX_AUTH_REQUESTS}).
     */
    @Override
    public synchronized void process(int cmd, Buffer buffer) throws Exception {
        if (cmd == SshConstants.SSH_MSG_USERAUTH_REQUEST) {
            ServerSession session = getServerSession();
            AtomicInteger attempts =
                    session.computeAttributeIfAbsent(ATTEMPTS, k -> new AtomicInteger());
            int max = CoreModuleProperties.MAX_AUTH_REQUESTS.getRequired(session);
            if (attempts.incrementAndGet() > max) {
                session.disconnect(
                        SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                        "Too many authentication attempts on this connection (at most "
                                + max
                                + ")");
                return;
            }
        }
        super.process(cmd, buffer);
    }

    @Override
    protected void handleAuthenticationSuccess(int cmd, Buffer buffer) throws Exception {
        ServerSession session = getServerSession();
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

        public Factory(SessionRegistry registry) {
            this.registry = registry;
        }

        @Override
        public Service create(Session session) throws IOException {
            return new AdmittingUserAuthService(session, registry);
        }
    }
}
