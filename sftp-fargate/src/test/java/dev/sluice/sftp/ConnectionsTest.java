package dev.sluice.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.connections.Connection;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.connections.SessionLimit;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions in the connections table: {@code max_sessions} across two server tasks sharing the
 * tables, heartbeats, a close requested through the table, and a stopping task removing its
 * sessions.
 */
@ExtendWith(AwsFixture.class)
class ConnectionsTest {

    private static final String PASSWORD = "correct horse battery";
    private static SftpSystem system;
    private static SluiceSftpServer taskB;
    private static ConnectionStore connections;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws, c -> c.withHeartbeat("task-a", Duration.ofMillis(500)));
        taskB = system.startTask("task-b");
        connections = new ConnectionStore(aws.dynamoDb(), system.tables);
    }

    @AfterAll
    static void stop() {
        if (taskB != null) {
            taskB.close();
        }
        if (system != null) {
            system.close();
        }
    }

    private static String user(int maxSessions) {
        String name = system.newName("conn");
        system.createUser(
                User.builder().username(name).password(PASSWORD).maxSessions(maxSessions).build());
        return name;
    }

    private static List<Connection> live(String user) {
        return connections.liveFor(user, System.currentTimeMillis());
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis())
                    .as("condition not met within 10 s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void maxSessionsHoldsAcrossTasks() throws Exception {
        String name = user(1);
        try (ClientSession onA = Mina.password(system.port(), name, PASSWORD)) {
            assertThat(onA.isAuthenticated()).isTrue();
            assertThatThrownBy(() -> Mina.password(taskB.port(), name, PASSWORD).close())
                    .isInstanceOf(SshException.class);
        }
        // Once task A sees the disconnect it gives the slot back and task B admits the user.
        eventually(() -> live(name).isEmpty());
        try (ClientSession onB = Mina.password(taskB.port(), name, PASSWORD)) {
            assertThat(onB.isAuthenticated()).isTrue();
            eventually(() -> live(name).size() == 1);
            assertThat(live(name).get(0).node()).isEqualTo("task-b");
        }
    }

    @Test
    void simultaneousLoginsOnTwoTasksNeverExceedTheLimit() throws Exception {
        String name = user(2);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<ClientSession> opened = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClientSession>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int port = i % 2 == 0 ? system.port() : taskB.port();
                attempts.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    try {
                                        return Mina.password(port, name, PASSWORD);
                                    } catch (SshException refused) {
                                        return null;
                                    }
                                }));
            }
            go.countDown();
            for (var attempt : attempts) {
                ClientSession s = attempt.get();
                if (s != null) {
                    opened.add(s);
                }
            }
            // Losers are refused before they are told they authenticated: exactly two logins
            // succeed.
            assertThat(opened).hasSize(2).allMatch(ClientSession::isOpen);
            assertThat(live(name)).hasSize(2);
        } finally {
            for (ClientSession s : opened) {
                s.close();
            }
            pool.shutdownNow();
        }
    }

    @Test
    void sessionsAreListedWithTheirTaskAndClosedOnRequest() throws Exception {
        String name = user(0);
        try (ClientSession session = Mina.password(system.port(), name, PASSWORD)) {
            eventually(() -> live(name).size() == 1);
            Connection c = live(name).get(0);
            assertThat(c.node()).isEqualTo("task-a");
            assertThat(c.protocol()).isEqualTo("SFTP");
            assertThat(c.remoteAddress()).startsWith("127.0.0.1:");
            assertThat(c.clientVersion()).startsWith("SSH-2.0-");
            assertThat(c.connectionId()).startsWith("SFTP_");

            // Heartbeats move last_activity on.
            long first = c.lastActivity();
            eventually(() -> live(name).get(0).lastActivity() > first);

            assertThat(connections.requestClose(name, c.connectionId(), System.currentTimeMillis()))
                    .isTrue();
            eventually(() -> !session.isOpen());
            eventually(() -> live(name).isEmpty());
        }
    }

    @Test
    void aSessionWhoseSlotLapsedAndWasTakenIsDisconnected() throws Exception {
        String name = user(1);
        SessionLimit slots =
                new SessionLimit(system.aws.dynamoDb(), system.tables, system.config.lease());
        try (ClientSession session = Mina.password(system.port(), name, PASSWORD)) {
            eventually(() -> live(name).size() == 1);
            String id = live(name).get(0).connectionId();
            // As if task A had not reached DynamoDB for a whole lease: its slot is gone and another
            // login took it.
            slots.release(name, id);
            assertThat(slots.admit(name, "SFTP_elsewhere", 1, System.currentTimeMillis()))
                    .isInstanceOf(SessionLimit.Admission.Admitted.class);
            eventually(() -> !session.isOpen());
        }
        slots.release(name, "SFTP_elsewhere");
    }

    @Test
    void aSessionWhoseSlotLapsedTakesItAgainWhenFree() throws Exception {
        String name = user(1);
        SessionLimit slots =
                new SessionLimit(system.aws.dynamoDb(), system.tables, system.config.lease());
        try (ClientSession session = Mina.password(system.port(), name, PASSWORD)) {
            eventually(() -> live(name).size() == 1);
            slots.release(name, live(name).get(0).connectionId());
            assertThat(slots.full(name, 1, System.currentTimeMillis())).isFalse();
            // The next heartbeat takes the free slot back; the session stays.
            eventually(() -> slots.full(name, 1, System.currentTimeMillis()));
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void aStoppingTaskRemovesItsSessions() throws Exception {
        String name = user(1);
        SluiceSftpServer taskC = system.startTask("task-c");
        try (ClientSession s = Mina.password(taskC.port(), name, PASSWORD)) {
            assertThat(s.isAuthenticated()).isTrue();
            eventually(() -> live(name).size() == 1);
            taskC.close();
            assertThat(live(name)).isEmpty();
            // Its slot is free again at once, not after the lease.
            try (ClientSession again = Mina.password(system.port(), name, PASSWORD)) {
                assertThat(again.isAuthenticated()).isTrue();
            }
        } finally {
            taskC.close();
        }
    }
}
