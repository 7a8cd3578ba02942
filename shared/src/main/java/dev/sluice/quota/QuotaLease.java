package dev.sluice.quota;

import dev.sluice.dynamo.UsageCounters.Held;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One upload's (or one move's) quota reservation, as its owner holds it. Nothing is written until
 * the first reservation; {@link QuotaLeases} changes it, under this object's lock.
 */
public final class QuotaLease {

    private static final SecureRandom RANDOM = new SecureRandom();

    enum State {
        /** Not written yet: holds nothing. */
        NEW,
        /** Written, renewed by its owner, holding {@link #held} in each counter. */
        LIVE,
        /**
         * The owner is about to make the object appear (or has): a reaper checks the object first.
         */
        COMPLETING,
        /**
         * A reaper took it (the owner could not renew it in time): reservations refused from now
         * on.
         */
        LOST,
        /** Committed or released. */
        ENDED
    }

    private final String id;
    private final List<QuotaScope.Counter> counters;
    private final String session;
    private final Optional<LeasedObject> object;
    State state = State.NEW;
    Held held = Held.NONE;
    long settleBytes;
    int settleFiles;
    String uploadId;

    QuotaLease(List<QuotaScope.Counter> counters, String session, Optional<LeasedObject> object) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        this.id = HexFormat.of().formatHex(bytes);
        this.counters = new ArrayList<>(counters);
        this.session = session;
        this.object = object;
    }

    /** Random, 32 hex digits; also the marker in the metadata of the object the upload writes. */
    public String id() {
        return id;
    }

    public String session() {
        return session;
    }

    public Optional<LeasedObject> object() {
        return object;
    }

    /** The counters still charged (one whose user or folder was deleted meanwhile is dropped). */
    public synchronized List<QuotaScope.Counter> counters() {
        return List.copyOf(counters);
    }

    synchronized void drop(QuotaScope.Counter counter) {
        counters.remove(counter);
    }

    /**
     * The multipart upload's id, recorded so that a reaper can abort it (set before the first
     * reservation).
     */
    public synchronized void uploadId(String value) {
        this.uploadId = value;
    }

    /** What this lease has reserved in each of its counters. */
    public synchronized Held held() {
        return held;
    }

    public synchronized boolean lost() {
        return state == State.LOST;
    }

    @Override
    public String toString() {
        return "QuotaLease[" + id + ", " + session + "]";
    }
}
