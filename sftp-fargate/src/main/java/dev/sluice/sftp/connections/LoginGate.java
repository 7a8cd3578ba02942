package dev.sluice.sftp.connections;

import dev.sluice.defender.Defender;
import dev.sluice.defender.HostEvent;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a new connection may start logging in: not from an address the defender has
 * banned, not beyond {@code maxTotal} connections on this task that have not logged in yet, and not
 * beyond {@code maxPerAddress} of them from one source address (OpenSSH's {@code MaxStartups},
 * counted per source as well). A connection holds its place from accept until it logs in or closes
 * ({@link #release}); an address refused for holding too many counts as a limit exceeded for the
 * defender, so a flood from one address is soon refused as banned, which costs nothing.
 *
 * <p>Behind a proxy (PROXY protocol) the socket's address is the proxy's: such a connection counts
 * towards the total only, and towards its client's address once the header names it ({@link
 * #identify}).
 */
public final class LoginGate {

    private static final Logger log = LoggerFactory.getLogger(LoginGate.class);

    /** How often refusals of one kind are logged at most (with their count since the last log). */
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    /** Why a connection was refused. */
    public enum Refusal {
        /** The defender has banned the address. */
        BANNED("its address is banned by the defender"),
        /** The task holds {@code maxTotal} connections not logged in yet. */
        TOO_MANY("the task holds SLUICE_MAX_UNAUTHENTICATED connections not logged in yet"),
        /** The address holds {@code maxPerAddress} connections not logged in yet. */
        TOO_MANY_FROM_ADDRESS(
                "its address holds SLUICE_MAX_UNAUTHENTICATED_PER_ADDRESS connections not logged"
                        + " in yet");

        private final String why;

        Refusal(String why) {
            this.why = why;
        }

        /** Why, in words for the log. */
        public String why() {
            return why;
        }
    }

    /** What the gate said about a connection. */
    public sealed interface Decision permits Admitted, Refused {}

    /**
     * The connection may go on and holds a place until released.
     *
     * @param ticket its place, to {@link #release} when it logs in or closes
     */
    public record Admitted(Ticket ticket) implements Decision {}

    /**
     * The connection is to be closed at once.
     *
     * @param refusal why
     */
    public record Refused(Refusal refusal) implements Decision {}

    /** One connection's place at the gate. */
    public static final class Ticket {
        private InetAddress client;
        private boolean released;

        private Ticket(InetAddress client) {
            this.client = client;
        }

        /**
         * The client's address once known (at accept, or from the PROXY header): the address its
         * defender events count against. Empty behind a proxy until the header named the client.
         */
        public synchronized Optional<InetAddress> client() {
            return Optional.ofNullable(client);
        }
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final Defender defender;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLongArray refusedSinceLog = new AtomicLongArray(Refusal.values().length);
    private final AtomicLongArray loggedAt = new AtomicLongArray(Refusal.values().length);

    /**
     * @param maxTotal connections not logged in yet the task holds at once
     * @param maxPerAddress the same per source address
     * @param defender refuses banned addresses and hears of addresses over {@code maxPerAddress}
     */
    public LoginGate(int maxTotal, int maxPerAddress, Defender defender) {
        if (maxTotal < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException(
                    "the limits must be at least 1 (got " + maxTotal + ", " + maxPerAddress + ")");
        }
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.defender = defender;
        for (Refusal r : Refusal.values()) {
            loggedAt.set(r.ordinal(), System.nanoTime() - LOG_EVERY_NANOS);
        }
    }

    /**
     * A connection was accepted from {@code socketAddress}.
     *
     * @param socketAddress the peer of the TCP connection, {@code null} when not an IP address
     * @param isClient whether that is the client's address; {@code false} behind a proxy, where it
     *     is the proxy's and the client is named later ({@link #identify})
     */
    public Decision accept(InetAddress socketAddress, boolean isClient) {
        if (socketAddress != null && defender.refuses(socketAddress)) {
            return refused(Refusal.BANNED, socketAddress);
        }
        if (!takeTotalPlace()) {
            return refused(Refusal.TOO_MANY, socketAddress);
        }
        if (!isClient || socketAddress == null) {
            return new Admitted(new Ticket(null));
        }
        if (!takePlace(socketAddress)) {
            total.decrementAndGet();
            defender.record(socketAddress, HostEvent.LIMIT_EXCEEDED);
            return refused(Refusal.TOO_MANY_FROM_ADDRESS, socketAddress);
        }
        return new Admitted(new Ticket(socketAddress));
    }

    /**
     * The PROXY header named a connection's client: refused when that address is banned or holds
     * too many connections already (the caller closes the connection; its place is given back when
     * it closes). Empty when the connection may go on.
     */
    public Optional<Refusal> identify(Ticket ticket, InetAddress client) {
        synchronized (ticket) {
            if (ticket.released || ticket.client != null) {
                return Optional.empty();
            }
            if (defender.refuses(client)) {
                return Optional.of(refused(Refusal.BANNED, client).refusal());
            }
            if (!takePlace(client)) {
                defender.record(client, HostEvent.LIMIT_EXCEEDED);
                return Optional.of(refused(Refusal.TOO_MANY_FROM_ADDRESS, client).refusal());
            }
            ticket.client = client;
            return Optional.empty();
        }
    }

    /**
     * Gives a connection's place back: it logged in or closed. Once per ticket; again is a no-op.
     */
    public void release(Ticket ticket) {
        synchronized (ticket) {
            if (ticket.released) {
                return;
            }
            ticket.released = true;
            total.decrementAndGet();
            if (ticket.client != null) {
                perAddress.computeIfPresent(ticket.client, (a, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** Connections that hold a place now (tests, logs). */
    public int unauthenticated() {
        return total.get();
    }

    /** Connections from {@code address} that hold a place now (tests, logs). */
    public int unauthenticated(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Counts one more connection on the task, unless it holds the most already. */
    private boolean takeTotalPlace() {
        int held;
        do {
            held = total.get();
            if (held >= maxTotal) {
                return false;
            }
        } while (!total.compareAndSet(held, held + 1));
        return true;
    }

    /** Counts one more connection from {@code address}, unless it holds the most already. */
    private boolean takePlace(InetAddress address) {
        boolean[] taken = {false};
        perAddress.compute(
                address,
                (a, n) -> {
                    int held = n == null ? 0 : n;
                    if (held >= maxPerAddress) {
                        return n;
                    }
                    taken[0] = true;
                    return held + 1;
                });
        return taken[0];
    }

    /** A flood is logged as a count every few seconds, not as a line per connection. */
    private Refused refused(Refusal refusal, InetAddress address) {
        int i = refusal.ordinal();
        refusedSinceLog.incrementAndGet(i);
        long now = System.nanoTime();
        long last = loggedAt.get(i);
        if (now - last >= LOG_EVERY_NANOS && loggedAt.compareAndSet(i, last, now)) {
            log.warn(
                    "refused {} connection(s) since the last such line: {} (the latest from {})",
                    refusedSinceLog.getAndSet(i, 0),
                    refusal.why(),
                    address == null ? "an unknown address" : address.getHostAddress());
        }
        return new Refused(refusal);
    }
}
