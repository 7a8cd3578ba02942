package dev.sluice.sftp.connections;

import dev.sluice.connections.Connection;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.connections.SessionLimit;
import dev.sluice.users.User;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This task's sessions in the connections table: admits each session when its credential is
 * accepted (refusing it when the user's {@code max_sessions} is reached on all tasks together; see
 * {@link AdmittingUserAuthService} for where), refreshes them on every {@link #heartbeat()}, closes
 * those an administrator asked to close, and removes each one when it ends. A task that dies leaves
 * items that stop counting when their lease runs out.
 */
public final class SessionRegistry implements SessionListener {

    /** The connection id of a registered session. */
    public static final AttributeKey<String> CONNECTION_ID = new AttributeKey<>();

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Registered(ServerSession session, Connection connection, int maxSessions) {}

    /** Whether a session whose credential was accepted may go on. */
    public sealed interface Admission {
        record Admitted() implements Admission {}

        /**
         * @param reason the SSH disconnect reason code; {@code message} the text the client shows
         */
        record Refused(int reason, String message) implements Admission {}
    }

    private final ConnectionStore store;
    private final SessionLimit limit;
    private final String node;
    private final Clock clock;
    private final ExecutorService background;
    private final Map<String, Registered> sessions = new ConcurrentHashMap<>();

    public SessionRegistry(
            ConnectionStore store,
            SessionLimit limit,
            String node,
            Clock clock,
            ExecutorService background) {
        this.store = store;
        this.limit = limit;
        this.node = node;
        this.clock = clock;
        this.background = background;
    }

    /**
     * Takes a session slot ({@link SessionLimit}, the one rule) and registers the session, or says
     * how to refuse it. Called before the client is told it authenticated; the caller disconnects.
     */
    public Admission admit(ServerSession session, User user) {
        long now = clock.millis();
        Connection connection =
                new Connection(
                        "SFTP_" + HexFormat.of().formatHex(randomBytes()),
                        user.username(),
                        "SFTP",
                        address(session.getClientAddress()),
                        session.getClientVersion(),
                        node,
                        now,
                        now,
                        false);
        try {
            if (limit.admit(user.username(), connection.connectionId(), user.maxSessions(), now)
                    instanceof SessionLimit.Admission.Refused refused) {
                log.info(
                        "session of {} from {} refused: max_sessions ({}) reached",
                        user.username(),
                        connection.remoteAddress(),
                        refused.max());
                return new Admission.Refused(
                        SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                        "too many sessions for this user (max_sessions " + refused.max() + ")");
            }
        } catch (RuntimeException e) {
            // The limit cannot be checked: refuse rather than exceed it.
            log.warn(
                    "cannot check max_sessions of {} (refusing the session): {}",
                    user.username(),
                    e.toString());
            return new Admission.Refused(
                    SshConstants.SSH2_DISCONNECT_SERVICE_NOT_AVAILABLE,
                    "the session limit cannot be checked now; try again later");
        }
        session.setAttribute(CONNECTION_ID, connection.connectionId());
        sessions.put(
                connection.connectionId(), new Registered(session, connection, user.maxSessions()));
        try {
            store.put(connection, limit.lease());
        } catch (RuntimeException e) {
            log.warn(
                    "cannot register connection {} of {} (the heartbeat retries): {}",
                    connection.connectionId(),
                    user.username(),
                    e.toString());
        }
        if (!session.isOpen()) {
            // Closed while registering: sessionClosed may have run before the put above.
            unregister(connection.connectionId());
        }
        return new Admission.Admitted();
    }

    @Override
    public void sessionClosed(Session session) {
        String id = session.removeAttribute(CONNECTION_ID);
        if (id != null) {
            unregister(id);
        }
    }

    private void unregister(String id) {
        Registered gone = sessions.remove(id);
        if (gone != null) {
            background.execute(
                    () -> {
                        try {
                            forget(gone);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "could not remove connection {} (it expires with its lease): {}",
                                    id,
                                    e.toString());
                        }
                    });
        }
    }

    /**
     * Refreshes every session of this task; closes those marked for closing; re-registers lost
     * ones.
     */
    public void heartbeat() {
        long now = clock.millis();
        for (Registered r : sessions.values()) {
            Connection c = r.connection();
            try {
                if (r.maxSessions() > 0
                        && !limit.renew(c.username(), c.connectionId(), now)
                        && limit.admit(c.username(), c.connectionId(), r.maxSessions(), now)
                                instanceof SessionLimit.Admission.Refused) {
                    // The slot lapsed (no heartbeat for a whole lease) and others took it
                    // meanwhile.
                    disconnect(
                            r.session(),
                            SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                            "too many sessions for this user");
                    continue;
                }
                Optional<Connection> stored =
                        store.heartbeat(c.username(), c.connectionId(), now, limit.lease());
                if (stored.isEmpty()) {
                    store.put(
                            new Connection(
                                    c.connectionId(),
                                    c.username(),
                                    c.protocol(),
                                    c.remoteAddress(),
                                    c.clientVersion(),
                                    c.node(),
                                    c.connectionTime(),
                                    now,
                                    false),
                            limit.lease());
                } else if (stored.get().closeRequested()) {
                    log.info(
                            "closing connection {} of {} as requested",
                            c.connectionId(),
                            c.username());
                    disconnect(
                            r.session(),
                            SshConstants.SSH2_DISCONNECT_BY_APPLICATION,
                            "connection closed by an administrator");
                }
            } catch (RuntimeException e) {
                log.warn("heartbeat of connection {} failed: {}", c.connectionId(), e.toString());
            }
        }
    }

    /** The sessions this task holds (tests, logs). */
    public int size() {
        return sessions.size();
    }

    /**
     * On shutdown: this task's sessions are gone, say so now rather than when their leases run out.
     */
    public void removeAll() {
        for (Registered r : sessions.values()) {
            try {
                forget(r);
            } catch (RuntimeException e) {
                log.warn(
                        "could not remove connection {}: {}",
                        r.connection().connectionId(),
                        e.toString());
            }
        }
        sessions.clear();
    }

    private void forget(Registered r) {
        if (r.maxSessions() > 0) {
            limit.release(r.connection().username(), r.connection().connectionId());
        }
        store.remove(r.connection().username(), r.connection().connectionId());
    }

    private static void disconnect(ServerSession session, int reason, String message) {
        try {
            session.disconnect(reason, message);
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return (inet.getAddress() == null
                            ? inet.getHostString()
                            : inet.getAddress().getHostAddress())
                    + ":"
                    + inet.getPort();
        }
        return String.valueOf(address);
    }
}
