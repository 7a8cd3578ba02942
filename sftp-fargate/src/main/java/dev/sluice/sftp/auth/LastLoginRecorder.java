package dev.sluice.sftp.auth;

import dev.sluice.sftp.connections.SessionRegistry;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@code last_login} once a login succeeds and the session was admitted by {@link
 * SessionRegistry} (which happens before the {@code Authenticated} event), at most every {@link
 * #LAST_LOGIN_EVERY}, so a client that reconnects for every file does not rewrite the user document
 * each time. The write happens off the SSH threads.
 */
public final class LastLoginRecorder implements SessionListener {

    static final Duration LAST_LOGIN_EVERY = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(LastLoginRecorder.class);

    private final UserStore users;
    private final Clock clock;
    private final ExecutorService background;

    public LastLoginRecorder(UserStore users, Clock clock, ExecutorService background) {
        this.users = users;
        this.clock = clock;
        this.background = background;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated || !(session instanceof ServerSession server)) {
            return;
        }
        User user = server.getAttribute(SshAuthenticators.USER);
        if (user == null || server.getAttribute(SessionRegistry.CONNECTION_ID) == null) {
            return; // not admitted (max_sessions): no login happened
        }
        long now = clock.millis();
        if (now - user.lastLogin() >= LAST_LOGIN_EVERY.toMillis()) {
            background.execute(
                    () -> {
                        try {
                            users.update(
                                    user.username(),
                                    u ->
                                            now - u.lastLogin() >= LAST_LOGIN_EVERY.toMillis()
                                                    ? u.toBuilder().lastLogin(now).build()
                                                    : u);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "could not record last_login of {}: {}",
                                    user.username(),
                                    e.toString());
                        }
                    });
        }
    }
}
