package dev.sluice.sftp.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.defender.Defender;
import dev.sluice.defender.DefenderHost;
import dev.sluice.defender.HostEvent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The counting of connections not logged in yet: the caps, bans, releases, the PROXY header. */
class LoginGateTest {

    /** A defender that bans what the test says and keeps what it hears. */
    static final class Recorded implements Defender {
        final Set<InetAddress> banned = ConcurrentHashMap.newKeySet();
        final List<Map.Entry<InetAddress, HostEvent>> events = new CopyOnWriteArrayList<>();
        final AtomicInteger refusals = new AtomicInteger();

        @Override
        public boolean refuses(InetAddress address) {
            if (banned.contains(address)) {
                refusals.incrementAndGet();
                return true;
            }
            return false;
        }

        @Override
        public boolean isBanned(InetAddress address) {
            return banned.contains(address);
        }

        @Override
        public void record(InetAddress address, HostEvent event) {
            events.add(Map.entry(address, event));
        }

        @Override
        public List<DefenderHost> hosts() {
            return List.of();
        }

        @Override
        public Optional<DefenderHost> host(InetAddress address) {
            return Optional.empty();
        }

        @Override
        public boolean delete(InetAddress address) {
            return false;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final InetAddress A = ip("192.0.2.1");
    static final InetAddress B = ip("192.0.2.2");
    static final InetAddress C = ip("2001:db8::3");
    static final InetAddress PROXY = ip("10.0.0.9");

    static LoginGate.Ticket admitted(LoginGate.Decision decision) {
        assertThat(decision).isInstanceOf(LoginGate.Admitted.class);
        return ((LoginGate.Admitted) decision).ticket();
    }

    static LoginGate.Refusal refused(LoginGate.Decision decision) {
        assertThat(decision).isInstanceOf(LoginGate.Refused.class);
        return ((LoginGate.Refused) decision).refusal();
    }

    @Test
    void holdsEachAddressAndTheTaskToTheirCaps() {
        Recorded defender = new Recorded();
        LoginGate gate = new LoginGate(3, 2, defender);
        LoginGate.Ticket a1 = admitted(gate.accept(A, true));
        admitted(gate.accept(A, true));
        assertThat(a1.client()).contains(A);

        assertThat(refused(gate.accept(A, true)))
                .isEqualTo(LoginGate.Refusal.TOO_MANY_FROM_ADDRESS);
        assertThat(defender.events).containsExactly(Map.entry(A, HostEvent.LIMIT_EXCEEDED));
        assertThat(gate.unauthenticated(A)).isEqualTo(2);

        admitted(gate.accept(B, true)); // another address still gets in
        // The task is full: refused whoever it is, and nobody is blamed for it.
        assertThat(refused(gate.accept(C, true))).isEqualTo(LoginGate.Refusal.TOO_MANY);
        assertThat(defender.events).hasSize(1);
        assertThat(gate.unauthenticated()).isEqualTo(3);

        gate.release(a1); // logged in or closed: its place is free
        assertThat(gate.unauthenticated(A)).isEqualTo(1);
        admitted(gate.accept(C, true));
        assertThat(gate.unauthenticated()).isEqualTo(3);
    }

    @Test
    void aTicketReleasedTwiceFreesOnePlace() {
        LoginGate gate = new LoginGate(10, 2, new Recorded());
        LoginGate.Ticket a1 = admitted(gate.accept(A, true));
        admitted(gate.accept(A, true));
        // A connection's login and its close both release; the second must not free another's
        // place.
        gate.release(a1);
        gate.release(a1);
        assertThat(gate.unauthenticated(A)).isEqualTo(1);
        assertThat(gate.unauthenticated()).isEqualTo(1);
        admitted(gate.accept(A, true));
        assertThat(refused(gate.accept(A, true)))
                .isEqualTo(LoginGate.Refusal.TOO_MANY_FROM_ADDRESS);
    }

    @Test
    void aBannedAddressIsRefusedBeforeItTakesAPlace() {
        Recorded defender = new Recorded();
        defender.banned.add(A);
        LoginGate gate = new LoginGate(1, 1, defender);
        for (int i = 0; i < 100; i++) {
            assertThat(refused(gate.accept(A, true))).isEqualTo(LoginGate.Refusal.BANNED);
        }
        // Each refused attempt went to the defender (which lengthens the ban); none held a place,
        // and a ban is no limit exceeded.
        assertThat(defender.refusals).hasValue(100);
        assertThat(defender.events).isEmpty();
        assertThat(gate.unauthenticated()).isZero();
        admitted(gate.accept(B, true));
    }

    @Test
    void behindAProxyTheHeaderNamesTheAddressThatCounts() {
        Recorded defender = new Recorded();
        LoginGate gate = new LoginGate(10, 1, defender);
        LoginGate.Ticket first = admitted(gate.accept(PROXY, false));
        LoginGate.Ticket second = admitted(gate.accept(PROXY, false));
        LoginGate.Ticket third = admitted(gate.accept(PROXY, false));
        // The proxy's address is no client's: it counts towards the task only.
        assertThat(first.client()).isEmpty();
        assertThat(gate.unauthenticated(PROXY)).isZero();
        assertThat(gate.unauthenticated()).isEqualTo(3);

        assertThat(gate.identify(first, A)).isEmpty();
        assertThat(first.client()).contains(A);
        assertThat(gate.identify(second, A)).contains(LoginGate.Refusal.TOO_MANY_FROM_ADDRESS);
        assertThat(second.client()).as("refused: nothing counts against it later").isEmpty();
        assertThat(defender.events).containsExactly(Map.entry(A, HostEvent.LIMIT_EXCEEDED));
        defender.banned.add(B);
        assertThat(gate.identify(third, B)).contains(LoginGate.Refusal.BANNED);

        // A second header on one connection changes nothing.
        assertThat(gate.identify(first, B)).isEmpty();
        assertThat(first.client()).contains(A);

        gate.release(first);
        gate.release(second);
        gate.release(third);
        assertThat(gate.unauthenticated()).isZero();
        assertThat(gate.unauthenticated(A)).isZero();
    }

    @Test
    void aConnectionClosedBeforeItsHeaderArrivesLeavesNothingHeld() {
        LoginGate gate = new LoginGate(10, 1, new Recorded());
        LoginGate.Ticket ticket = admitted(gate.accept(PROXY, false));
        gate.release(ticket);
        assertThat(gate.identify(ticket, A)).isEmpty();
        assertThat(gate.unauthenticated(A)).isZero();
        assertThat(gate.unauthenticated()).isZero();
        admitted(gate.accept(A, true));
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> new LoginGate(0, 1, Defender.DISABLED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new LoginGate(1, 0, Defender.DISABLED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A flood from one address racing its own closes never holds more than the cap. */
    @Test
    void racingConnectionsNeverPassTheCaps() throws Exception {
        LoginGate gate = new LoginGate(40, 3, new Recorded());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger worst = new AtomicInteger();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                InetAddress address = t % 2 == 0 ? A : B;
                runs.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    for (int i = 0; i < 2000; i++) {
                                        if (gate.accept(address, true)
                                                instanceof LoginGate.Admitted admitted) {
                                            worst.accumulateAndGet(
                                                    gate.unauthenticated(address), Math::max);
                                            gate.release(admitted.ticket());
                                            gate.release(admitted.ticket());
                                        }
                                    }
                                    return null;
                                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(worst.get()).isBetween(1, 3);
        assertThat(gate.unauthenticated()).isZero();
        assertThat(gate.unauthenticated(A)).isZero();
        assertThat(gate.unauthenticated(B)).isZero();
    }
}
