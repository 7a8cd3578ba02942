package dev.sluice.quota;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who holds quota leases: a task ({@code node}, e.g. the Fargate task's host name) and the process
 * incarnation running on it, new at every start, so a restarted process never mistakes the leases
 * of its dead predecessor for its own.
 */
public record LeaseOwner(String node, String incarnation) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public LeaseOwner {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(incarnation, "incarnation");
    }

    /** A new incarnation on {@code node}. */
    public static LeaseOwner startingOn(String node) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new LeaseOwner(node, HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return node + "/" + incarnation;
    }
}
