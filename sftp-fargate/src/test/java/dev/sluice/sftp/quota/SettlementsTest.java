package dev.sluice.sftp.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Background settlements run in order on one thread, make the caller wait when they fall behind,
 * survive a failing settlement, and never drop one, not even after close.
 */
class SettlementsTest {

    @Test
    void settlementsRunInOrderOffTheCallersThread() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (Settlements settlements = new Settlements(100)) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                settlements.execute(() -> ran.add(n + " " + Thread.currentThread().getName()));
            }
            assertThat(settlements.drain(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(ran).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(ran.get(i)).isEqualTo(i + " quota-settle");
        }
    }

    @Test
    void aFullQueueMakesTheCallerWaitAndKeepsTheOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        try (Settlements settlements = new Settlements(1)) {
            settlements.execute(
                    () -> {
                        blocked.countDown();
                        await(release);
                    });
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            settlements.execute(() -> ran.add("second"));
            // The queue holds one: the third caller waits for room instead of settling out of turn.
            Thread caller = new Thread(() -> settlements.execute(() -> ran.add("third")), "caller");
            caller.start();
            caller.join(300);
            assertThat(caller.isAlive()).isTrue();
            assertThat(ran).isEmpty();
            release.countDown();
            caller.join(10_000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(settlements.drain(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(ran).containsExactly("second", "third");
    }

    @Test
    void aFailingSettlementDoesNotStopTheOthers() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try (Settlements settlements = new Settlements(10)) {
            settlements.execute(
                    () -> {
                        throw new IllegalStateException("DynamoDB said no");
                    });
            settlements.execute(() -> ran.add(1));
            assertThat(settlements.drain(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(ran).containsExactly(1);
    }

    @Test
    void closeSettlesWhatIsQueuedAndLaterOnesRunOnTheCaller() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Settlements settlements = new Settlements(10);
        for (int i = 0; i < 5; i++) {
            int n = i;
            settlements.execute(() -> ran.add(n));
        }
        settlements.close();
        assertThat(ran).containsExactly(0, 1, 2, 3, 4);
        settlements.execute(() -> ran.add(5));
        assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
