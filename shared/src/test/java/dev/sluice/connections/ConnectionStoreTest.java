package dev.sluice.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connections table and the cross-task session limit, against a real DynamoDB API. */
@ExtendWith(AwsFixture.class)
class ConnectionStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(90);
    private static ConnectionStore store;
    private static AwsEnvironment env;
    private static TableNames names;

    @BeforeAll
    static void tables(AwsEnvironment aws) {
        env = aws;
        names = TableNames.withPrefix(aws.uniqueName("conn") + "-");
        new TableProvisioner(aws.dynamoDb(), names).createMissing(Tables.ALL);
        store = new ConnectionStore(aws.dynamoDb(), names);
    }

    private static Connection session(String user, String id, long at) {
        return new Connection(
                id,
                user,
                "SFTP",
                "192.0.2.7:50022",
                "SSH-2.0-OpenSSH_9.2",
                "task-a",
                at,
                at,
                false);
    }

    @Test
    void registeredSessionsAreLiveUntilTheirLeaseEnds() {
        String user = env.uniqueName("u");
        long now = System.currentTimeMillis();
        store.put(session(user, "SFTP_1", now), LEASE);
        store.put(
                session(user, "SFTP_2", now - LEASE.toMillis() - 5_000), LEASE); // a task that died
        assertThat(store.liveFor(user, now))
                .extracting(Connection::connectionId)
                .containsExactly("SFTP_1");
        assertThat(store.liveFor(user, now).get(0)).isEqualTo(session(user, "SFTP_1", now));
        assertThat(store.live(now))
                .extracting(Connection::connectionId)
                .contains("SFTP_1")
                .doesNotContain("SFTP_2");

        store.remove(user, "SFTP_1");
        assertThat(store.liveFor(user, now)).isEmpty();
    }

    @Test
    void heartbeatExtendsTheLeaseAndReportsCloseRequests() {
        String user = env.uniqueName("u");
        long start = System.currentTimeMillis() - LEASE.toMillis() + 1_000;
        store.put(session(user, "SFTP_hb", start), LEASE);
        long later = start + LEASE.toMillis() + 10_000;
        assertThat(store.liveFor(user, later)).isEmpty();

        var refreshed = store.heartbeat(user, "SFTP_hb", later - 5_000, LEASE);
        assertThat(refreshed).get().extracting(Connection::lastActivity).isEqualTo(later - 5_000);
        assertThat(refreshed.get().closeRequested()).isFalse();
        assertThat(store.liveFor(user, later)).hasSize(1);

        assertThat(store.requestClose(user, "SFTP_hb", later)).isTrue();
        assertThat(store.heartbeat(user, "SFTP_hb", later, LEASE))
                .get()
                .extracting(Connection::closeRequested)
                .isEqualTo(true);
        assertThat(store.requestClose(user, "SFTP_none", later)).isFalse();
    }

    @Test
    void heartbeatOfARemovedSessionDoesNotRecreateIt() {
        String user = env.uniqueName("u");
        long now = System.currentTimeMillis();
        store.put(session(user, "SFTP_gone", now), LEASE);
        store.remove(user, "SFTP_gone");
        assertThat(store.heartbeat(user, "SFTP_gone", now, LEASE)).isEmpty();
        assertThat(store.liveFor(user, now)).isEmpty();
    }

    @Test
    void theLimitAdmitsUpToMaxAndGivesSlotsBack() {
        String user = env.uniqueName("u");
        SessionLimit limit = new SessionLimit(env.dynamoDb(), names, LEASE);
        long now = System.currentTimeMillis();
        assertThat(limit.admit(user, "SFTP_a", 2, now))
                .isInstanceOf(SessionLimit.Admission.Admitted.class);
        assertThat(limit.full(user, 2, now)).isFalse();
        assertThat(limit.admit(user, "SFTP_b", 2, now))
                .isInstanceOf(SessionLimit.Admission.Admitted.class);
        assertThat(limit.full(user, 2, now)).isTrue();
        assertThat(limit.admit(user, "SFTP_c", 2, now))
                .isEqualTo(new SessionLimit.Admission.Refused(2, 2));

        limit.release(user, "SFTP_a");
        assertThat(limit.full(user, 2, now)).isFalse();
        assertThat(limit.admit(user, "SFTP_c", 2, now))
                .isInstanceOf(SessionLimit.Admission.Admitted.class);
        // Unlimited users never wait for a slot.
        assertThat(limit.admit(user, "SFTP_d", 0, now))
                .isInstanceOf(SessionLimit.Admission.Admitted.class);
        assertThat(limit.full(user, 0, now)).isFalse();
        // The slots item is not a session: listings do not show it.
        assertThat(store.liveFor(user, now)).isEmpty();
    }

    @Test
    void slotsOfATaskThatStoppedHeartbeatingRunOut() {
        String user = env.uniqueName("u");
        SessionLimit limit = new SessionLimit(env.dynamoDb(), names, LEASE);
        long then = System.currentTimeMillis();
        assertThat(limit.admit(user, "SFTP_dead", 1, then))
                .isInstanceOf(SessionLimit.Admission.Admitted.class);
        assertThat(limit.admit(user, "SFTP_new", 1, then + 1_000))
                .isInstanceOf(SessionLimit.Admission.Refused.class);
        assertThat(limit.renew(user, "SFTP_dead", then + 10_000)).isTrue();

        long afterLease = then + 10_000 + LEASE.toMillis() + 1;
        assertThat(limit.full(user, 1, afterLease)).isFalse();
        assertThat(limit.admit(user, "SFTP_new", 1, afterLease))
                .isInstanceOf(SessionLimit.Admission.Admitted.class);
        // The pruned session's renewal fails: it has to ask for a slot again.
        assertThat(limit.renew(user, "SFTP_dead", afterLease)).isFalse();
        assertThat(limit.renew(user, "SFTP_new", afterLease)).isTrue();
    }

    @Test
    void racingLoginsFillEveryFreeSlotAndNeverMore() throws Exception {
        SessionLimit limit = new SessionLimit(env.dynamoDb(), names, LEASE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String user = env.uniqueName("race");
                long now = System.currentTimeMillis();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SessionLimit.Admission>> tries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String id = "SFTP_" + i;
                    tries.add(
                            pool.submit(
                                    () -> {
                                        go.await();
                                        return limit.admit(user, id, 3, now);
                                    }));
                }
                go.countDown();
                int admitted = 0;
                for (var t : tries) {
                    if (t.get() instanceof SessionLimit.Admission.Admitted) {
                        admitted++;
                    }
                }
                assertThat(admitted).isEqualTo(3);
                assertThat(limit.full(user, 3, now)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
