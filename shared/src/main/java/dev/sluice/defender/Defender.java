package dev.sluice.defender;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Brute-force and abuse protection shared by every SFTP task and API function: scores per source
 * address, bans above a threshold, kept in DynamoDB so an address banned by one task is refused by
 * all ({@link DynamoDefender}). Safe-listed networks are never scored nor banned.
 *
 * <p>The checks a protocol makes on every connection or request ({@link #refuses}, {@link #record})
 * answer from memory and never wait for the table: scores are batched and written in the
 * background, bans are read in one query per refresh interval.
 */
public interface Defender extends AutoCloseable {

    /** A defender that refuses nothing and keeps nothing ({@code SLUICE_DEFENDER=false}). */
    Defender DISABLED = new Disabled();

    /**
     * Whether to refuse a connection or request from {@code address} now (it is banned). A refused
     * attempt of a banned address lengthens its ban by {@code ban_time_increment} percent of the
     * ban time, as SFTPGo does; the extension is batched like scores.
     */
    boolean refuses(InetAddress address);

    /** Whether {@code address} is banned now, without counting anything. */
    boolean isBanned(InetAddress address);

    /**
     * Counts an event against {@code address}. Nothing for a safe-listed address or an event whose
     * score is 0; otherwise the score is added to the address's pending score, and the address is
     * banned (on this task at once, on the others within a refresh interval) once its score in the
     * observation window reaches the threshold.
     */
    void record(InetAddress address, HostEvent event);

    /**
     * The addresses with a score or a ban now, at most {@code entries_hard_limit} of them, banned
     * first (SFTPGo's {@code GET /defender/hosts}).
     */
    List<DefenderHost> hosts();

    /** One address, when it has a score or a ban now. */
    Optional<DefenderHost> host(InetAddress address);

    /**
     * Forgets an address: its score and ban (SFTPGo's {@code DELETE /defender/hosts/{id}}); on
     * every task within a refresh interval.
     *
     * @return whether there was anything to forget
     */
    boolean delete(InetAddress address);

    /** Writes pending scores and ban extensions now (a Lambda function before it answers). */
    void flush();

    /** Writes what is pending and stops the background work. */
    @Override
    void close();

    /** {@link #DISABLED}. */
    final class Disabled implements Defender {

        private Disabled() {}

        @Override
        public boolean refuses(InetAddress address) {
            return false;
        }

        @Override
        public boolean isBanned(InetAddress address) {
            return false;
        }

        @Override
        public void record(InetAddress address, HostEvent event) {}

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
}
