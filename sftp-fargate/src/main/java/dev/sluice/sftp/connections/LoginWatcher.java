package dev.sluice.sftp.connections;

import dev.sluice.defender.Defender;
import dev.sluice.defender.HostEvent;
import dev.sluice.sftp.auth.LoginService;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.net.InetAddress;
import java.util.Optional;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;

/**
 * Follows each connection until it logs in: gives its place at the {@link LoginGate} back when it
 * logs in or closes, and tells the defender how a connection that never logged in went.
 *
 * <ul>
 *   <li>An error of the SSH protocol before login (a bad identification line, a failed key
 *       exchange, a corrupt packet) is a protocol error, once per connection, and the connection
 *       counts nothing else. A plain network failure (reset, broken pipe) is not the client's doing
 *       and counts nothing.
 *   <li>A connection that ends without logging in after a public key was refused is one failed
 *       login, of the user named ({@link LoginService#publicKeyLoginFailed}), however many keys it
 *       offered: ssh-agent offers every key it holds, and a key that is not the user's is no guess
 *       at anything. A connection that logs in after refused keys counts nothing for them.
 *   <li>A connection that ends without asking to log in at all counts as no login tried (score 0 by
 *       default: uptime monitors open and close TCP connections), unless the server closed it at
 *       the login grace time: holding a pre-login place that long is a limit exceeded.
 * </ul>
 *
 * Events count against the client's address only: behind a proxy, a connection whose PROXY header
 * did not name a client counts nothing (its socket address is the proxy's; scoring it would ban
 * every client).
 */
public final class LoginWatcher implements SessionListener {

    private final LoginGate gate;
    private final Defender defender;
    private final LoginService logins;

    /**
     * @param gate gets each connection's place back
     * @param defender hears how connections went
     * @param logins scores a connection whose public keys were all refused
     */
    public LoginWatcher(LoginGate gate, Defender defender, LoginService logins) {
        this.gate = gate;
        this.defender = defender;
        this.logins = logins;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            release(session);
        }
    }

    @Override
    public void sessionException(Session session, Throwable t) {
        if (session.isAuthenticated() || !isProtocolError(t)) {
            return;
        }
        Optional<InetAddress> client = client(session);
        if (client.isPresent() && LoginAttempts.of(session).firstProtocolError()) {
            defender.record(client.get(), HostEvent.PROTOCOL_ERROR);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        try {
            Optional<InetAddress> client = client(session);
            if (session.isAuthenticated() || client.isEmpty()) {
                return;
            }
            Optional<LoginAttempts> attempts = LoginAttempts.peek(session);
            if (attempts.map(LoginAttempts::wasCredentialAccepted).orElse(false)) {
                return; // refused after the credential (max_sessions): no guess was wrong
            }
            Optional<String> refusedKey = attempts.flatMap(LoginAttempts::publicKeyRefusedFor);
            if (refusedKey.isPresent()) {
                logins.publicKeyLoginFailed(refusedKey.get(), client.get());
            } else if (attempts.map(a -> !a.triedAMethod() && !a.protocolErrorScored())
                    .orElse(true)) {
                defender.record(
                        client.get(),
                        badIdentification(session)
                                ? HostEvent.PROTOCOL_ERROR
                                : graceTimeRanOut(session)
                                        ? HostEvent.LIMIT_EXCEEDED
                                        : HostEvent.NO_LOGIN_TRIED);
            }
        } finally {
            // After the scoring: a connection that no longer holds a place has been scored.
            release(session);
        }
    }

    /**
     * Whether an exception is the client breaking the SSH protocol: MINA's own protocol errors, a
     * malformed identification line, or a failure to decode what the client sent. Other I/O errors
     * are the network's.
     */
    static boolean isProtocolError(Throwable t) {
        return t instanceof SshException
                || t instanceof StreamCorruptedException
                || !(t instanceof IOException);
    }

    /**
     * Whether the client sent an identification line of another protocol version (SSH 1, say). MINA
     * answers it and closes the session as soon as the answer is written, often before the error
     * reaches {@link #sessionException}, which then finds the session closed: it is told here
     * instead.
     */
    private static boolean badIdentification(Session session) {
        String version = session.getClientVersion();
        return version != null && !SessionContext.isValidVersionPrefix(version);
    }

    /**
     * Whether the server closed the connection at the login grace time. A connection that holds a
     * place at the {@link LoginGate} that long without trying a method is a limit exceeded: sixteen
     * silent connections per address, renewed every grace time, would otherwise keep real clients
     * out of a full task without ever being scored.
     */
    private static boolean graceTimeRanOut(Session session) {
        var timeout = session.getTimeoutStatus();
        return timeout != null
                && timeout.getStatus()
                        == org.apache.sshd.common.session.helpers.TimeoutIndicator.TimeoutStatus
                                .AuthTimeout;
    }

    private static Optional<InetAddress> client(Session session) {
        LoginGate.Ticket ticket = session.getAttribute(GatedSessionFactory.TICKET);
        return ticket == null ? Optional.empty() : ticket.client();
    }

    private void release(Session session) {
        LoginGate.Ticket ticket = session.getAttribute(GatedSessionFactory.TICKET);
        if (ticket != null) {
            gate.release(ticket);
        }
    }
}
