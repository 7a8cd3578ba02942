package dev.sluice.sftp.connections;

import dev.sluice.sftp.auth.SshAuthenticators;
import dev.sluice.users.User;
import java.io.IOException;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
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

    private final SessionRegistry registry;

    AdmittingUserAuthService(Session session, SessionRegistry registry) throws IOException {
        super(session);
        this.registry = registry;
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
