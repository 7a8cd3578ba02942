package dev.sluice.sftp.connections;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;

/**
 * MINA's server session factory behind the {@link LoginGate}: a connection the gate refuses is
 * closed as it is accepted, before any SSH session exists (no identification line sent, no key
 * exchange, nothing but a socket accepted and closed). An admitted connection carries its place at
 * the gate ({@link #TICKET}) for {@link LoginWatcher}, and its login grace time ({@code
 * AUTH_TIMEOUT}) runs from the accept.
 *
 * <p>The refusal happens here rather than in an {@code IoServiceEventListener}: MINA 2.19's NIO2
 * acceptor closes the socket when the session handler throws, but leaves it open (a file descriptor
 * per refused connection, for good) when the listener's {@code connectionAccepted} does.
 */
public final class GatedSessionFactory extends SessionFactory {

    /** The connection's place at the gate. */
    public static final AttributeKey<LoginGate.Ticket> TICKET = new AttributeKey<>();

    /** The ticket, on the network session until the SSH session exists. */
    private static final Object IO_TICKET = new Object();

    private final LoginGate gate;
    private final boolean proxied;

    /**
     * @param server the server
     * @param gate decides which connections may go on
     * @param proxied whether a PROXY protocol header names the client (the socket's address is then
     *     the proxy's)
     */
    public GatedSessionFactory(ServerFactoryManager server, LoginGate gate, boolean proxied) {
        super(server);
        this.gate = gate;
        this.proxied = proxied;
    }

    @Override
    public void sessionCreated(IoSession ioSession) throws Exception {
        LoginGate.Decision decision = gate.accept(address(ioSession.getRemoteAddress()), !proxied);
        if (decision instanceof LoginGate.Refused refused) {
            // MINA's acceptor closes the connection and goes on accepting.
            throw new RefusedAtAccept(refused.refusal());
        }
        LoginGate.Ticket ticket = ((LoginGate.Admitted) decision).ticket();
        ioSession.setAttribute(IO_TICKET, ticket);
        try {
            super.sessionCreated(ioSession);
        } catch (Exception | Error e) {
            gate.release(ticket);
            throw e;
        }
    }

    @Override
    protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
        GatedSession session = new GatedSession(getServer(), ioSession);
        if (ioSession.removeAttribute(IO_TICKET) instanceof LoginGate.Ticket ticket) {
            session.setAttribute(TICKET, ticket);
        }
        return session;
    }

    /**
     * The PROXY header named the session's client: whether it may go on ({@link
     * LoginGate#identify}); a session the gate does not know goes on.
     */
    public boolean admitsClient(Session session, InetAddress client) {
        LoginGate.Ticket ticket = session.getAttribute(TICKET);
        return ticket == null || gate.identify(ticket, client).isEmpty();
    }

    private static InetAddress address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /**
     * MINA restarts the login timer whenever a client asks for the user-auth service, and a client
     * may ask again and again: the grace time would never run out. Here it runs from the accept, as
     * OpenSSH's {@code LoginGraceTime}.
     */
    static final class GatedSession extends ServerSessionImpl {

        GatedSession(ServerFactoryManager server, IoSession ioSession) throws Exception {
            super(server, ioSession);
        }

        @Override
        public Instant resetAuthTimeout() {
            return getAuthTimeoutStart();
        }
    }

    /** Why a connection was closed at accept; no stack trace, a flood makes many. */
    static final class RefusedAtAccept extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RefusedAtAccept(LoginGate.Refusal refusal) {
            super("connection refused at accept: " + refusal.why(), null, false, false);
        }
    }
}
