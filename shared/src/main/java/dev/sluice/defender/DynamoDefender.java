package dev.sluice.defender;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.net.Cidr;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The defender on the {@code defender_hosts} table: one item per scored address with its score, the
 * start of its observation window and, while banned, {@code ban_until} (plus the sparse {@code
 * banned} attribute that puts it in the {@code bans} index); TTL removes an item once neither its
 * window nor its ban needs it.
 *
 * <p>What an attempt costs. Checks answer from memory: {@link #refuses} looks the address up in the
 * ban list, which is read again with one Query of the {@code bans} index per sync interval (every
 * {@code SLUICE_DEFENDER_SYNC_SECONDS}), however many connections arrive. Scores are added up in
 * memory per address and written once per interval per address (one UpdateItem with the sum), so a
 * flood from one address costs one write per interval, and a ban one more; an address whose known
 * score plus its pending score reaches the threshold is banned on this task at once, without
 * waiting for the write. Refused attempts of a banned address are counted the same way and lengthen
 * its ban with one UpdateItem per interval. In {@link Sync#INLINE} mode (a Lambda function, which
 * may be frozen between requests) the writes happen in the call that scored and the ban list is
 * read when it is older than the interval.
 */
public final class DynamoDefender implements Defender {

    /** How the table is kept in step. */
    public enum Sync {
        /** A background thread writes and reads every interval (an SFTP task). */
        BACKGROUND,
        /** Each call writes what it scored; bans are read when stale (a Lambda function). */
        INLINE
    }

    private static final Logger log = LoggerFactory.getLogger(DynamoDefender.class);

    private static final String IP = "ip";
    private static final String SCORE = "score";
    private static final String WINDOW_START = "window_start";
    private static final String BAN_UNTIL = "ban_until";
    private static final String BANNED = "banned";
    private static final String BANNED_VALUE = "1";
    private static final String EXPIRES = Tables.DEFENDER_HOSTS.ttlAttribute().orElseThrow();

    /** What this task has counted and not written yet, per address. */
    private static final class Pending {
        int score;
        int bannedAttempts;
    }

    /** The score the table last returned for an address, and the start of its window. */
    private record Known(int score, long windowStart) {}

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DefenderSettings settings;
    private final Clock clock;
    private final Sync sync;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> bans = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    /** Numbers this task's own ban decisions, so a refresh that started earlier keeps them. */
    private final java.util.concurrent.atomic.AtomicLong banDecisions =
            new java.util.concurrent.atomic.AtomicLong();

    private final ConcurrentHashMap<String, Long> decidedHere = new ConcurrentHashMap<>();
    private volatile long bansReadAt = Long.MIN_VALUE;
    private volatile long inlineExtendedAt = Long.MIN_VALUE;

    private DynamoDefender(
            DynamoDbClient dynamoDb,
            TableNames names,
            DefenderSettings settings,
            Clock clock,
            Sync sync) {
        this.dynamoDb = dynamoDb;
        this.table = names.of(Tables.DEFENDER_HOSTS);
        this.settings = settings;
        this.clock = clock;
        this.sync = sync;
        this.worker =
                sync == Sync.BACKGROUND
                        ? Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    Thread t = new Thread(r, "defender-sync");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
    }

    /**
     * The defender the settings ask for: {@link Defender#DISABLED} when they turn it off, else one
     * on the table (in {@link Sync#BACKGROUND} mode its thread starts here, after a first read of
     * the bans).
     */
    public static Defender open(
            DynamoDbClient dynamoDb,
            TableNames names,
            DefenderSettings settings,
            Clock clock,
            Sync sync) {
        if (!settings.enabled()) {
            return Defender.DISABLED;
        }
        DynamoDefender defender = new DynamoDefender(dynamoDb, names, settings, clock, sync);
        if (sync == Sync.BACKGROUND) {
            try {
                defender.readBans();
            } catch (SdkException e) {
                // Fails open, as on every other path: the task starts, the next sync tries again.
                log.warn("defender: could not read the bans at start: {}", e.toString());
            }
            long every = settings.sync().toMillis();
            defender.worker.scheduleWithFixedDelay(
                    defender::syncOnce, every, every, TimeUnit.MILLISECONDS);
        }
        return defender;
    }

    @Override
    public boolean refuses(InetAddress address) {
        if (address == null || settings.isSafe(address)) {
            return false;
        }
        String ip = Cidr.text(address);
        if (!bannedNow(ip)) {
            return false;
        }
        pending.compute(
                ip,
                (k, p) -> {
                    Pending q = p == null ? new Pending() : p;
                    q.bannedAttempts++;
                    return q;
                });
        long now = clock.millis();
        if (sync == Sync.INLINE && now >= inlineExtendedAt + settings.sync().toMillis()) {
            // A function's refusals lengthen the ban at most once per interval, as a task's do.
            inlineExtendedAt = now;
            flush();
        }
        return true;
    }

    @Override
    public boolean isBanned(InetAddress address) {
        return address != null && !settings.isSafe(address) && bannedNow(Cidr.text(address));
    }

    @Override
    public void record(InetAddress address, HostEvent event) {
        int score = settings.scoreOf(event);
        if (address == null || score == 0 || settings.isSafe(address)) {
            return;
        }
        String ip = Cidr.text(address);
        if (bannedNow(ip)) {
            // SFTPGo: a banned address has no score; what it does lengthens its ban.
            refuses(address);
            return;
        }
        long now = clock.millis();
        boolean[] crossed = {false};
        pending.compute(
                ip,
                (k, p) -> {
                    Pending q = p == null ? new Pending() : p;
                    q.score += score;
                    Known last = known.get(ip);
                    int before =
                            last != null
                                            && last.windowStart()
                                                    > now - settings.observationTime().toMillis()
                                    ? last.score()
                                    : 0;
                    crossed[0] = before + q.score >= settings.threshold();
                    return q;
                });
        if (crossed[0]) {
            // Refused here at once; the write (and the ban for every other task) follows.
            banHere(ip, now + settings.banTime().toMillis());
            log.info("defender: banning {} (score reached {})", ip, settings.threshold());
        }
        if (sync == Sync.INLINE) {
            flush();
        } else if (crossed[0] || pending.size() >= settings.entriesHardLimit()) {
            if (flushQueued.compareAndSet(false, true)) {
                worker.execute(
                        () -> {
                            flushQueued.set(false);
                            flush();
                        });
            }
        }
    }

    @Override
    public List<DefenderHost> hosts() {
        long now = clock.millis();
        List<DefenderHost> hosts = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int read = 0;
        int maxRead = settings.entriesHardLimit() * 20;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page =
                    dynamoDb.scan(
                            b -> {
                                b.tableName(table).consistentRead(true);
                                if (from != null) {
                                    b.exclusiveStartKey(from);
                                }
                            });
            for (Map<String, AttributeValue> item : page.items()) {
                toHost(item, now).ifPresent(hosts::add);
            }
            read += page.count();
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null && !start.isEmpty() && read < maxRead);
        hosts.sort(
                Comparator.comparing((DefenderHost h) -> h.banUntil().isEmpty())
                        .thenComparing(Comparator.comparingInt(DefenderHost::score).reversed())
                        .thenComparing(DefenderHost::ip));
        return hosts.size() > settings.entriesHardLimit()
                ? List.copyOf(hosts.subList(0, settings.entriesHardLimit()))
                : List.copyOf(hosts);
    }

    @Override
    public Optional<DefenderHost> host(InetAddress address) {
        var response =
                dynamoDb.getItem(
                        b -> b.tableName(table).key(key(Cidr.text(address))).consistentRead(true));
        return response.hasItem() ? toHost(response.item(), clock.millis()) : Optional.empty();
    }

    @Override
    public boolean delete(InetAddress address) {
        String ip = Cidr.text(address);
        pending.remove(ip);
        known.remove(ip);
        decidedHere.remove(ip);
        boolean wasBannedHere = bans.remove(ip) != null;
        var response =
                dynamoDb.deleteItem(
                        b -> b.tableName(table).key(key(ip)).returnValues(ReturnValue.ALL_OLD));
        boolean existed =
                response.hasAttributes()
                        && toHost(response.attributes(), clock.millis()).isPresent();
        if (existed || wasBannedHere) {
            log.info("defender: {} removed (score and ban forgotten)", ip);
        }
        return existed;
    }

    @Override
    public void flush() {
        for (String ip : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(ip);
            if (p == null) {
                continue;
            }
            try {
                write(ip, p);
            } catch (SdkException e) {
                log.warn("defender: could not write the score of {}: {}", ip, e.toString());
            }
        }
        if (known.size() > settings.entriesHardLimit() * 4) {
            known.clear(); // only an optimisation: the table has the scores
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("defender: pending scores not written at close: {}", e.toString());
        }
    }

    /**
     * One sync interval's work now (tests): on the sync thread in {@link Sync#BACKGROUND} mode, so
     * it never overlaps the scheduled one; returns when it is done.
     */
    void syncNow() {
        if (worker == null) {
            syncOnce();
            return;
        }
        try {
            worker.submit(this::syncOnce).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes what is pending, then reads the bans again (always on one thread in a task). */
    private void syncOnce() {
        try {
            // Bans first: a score written for an address banned elsewhere is then known as
            // banned here, and a ban this pass writes is not dropped by an index that lags.
            readBans();
            flush();
        } catch (RuntimeException e) {
            log.warn("defender: sync failed: {}", e.toString());
        }
    }

    private boolean bannedNow(String ip) {
        long now = clock.millis();
        // Not "now - bansReadAt": that overflows while bansReadAt is still Long.MIN_VALUE, and a
        // function would never read the bans other tasks and functions made.
        if (sync == Sync.INLINE && now >= bansReadAt + settings.sync().toMillis()) {
            try {
                readBans();
            } catch (SdkException e) {
                // Try again next interval, not on every request while the table does not answer.
                bansReadAt = now;
                log.warn("defender: could not read the bans: {}", e.toString());
            }
        }
        Long until = bans.get(ip);
        return until != null && until > now;
    }

    /** Replaces the ban list with the table's, keeping bans decided here and not written yet. */
    private void readBans() {
        long now = clock.millis();
        long started = banDecisions.get();
        Map<String, Long> read = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page =
                    dynamoDb.query(
                            b -> {
                                b.tableName(table)
                                        .indexName(Tables.DEFENDER_BANS_INDEX)
                                        .keyConditionExpression("#b = :b AND #u > :now")
                                        .expressionAttributeNames(
                                                Map.of("#b", BANNED, "#u", BAN_UNTIL))
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":b",
                                                        AttributeValue.fromS(BANNED_VALUE),
                                                        ":now",
                                                        number(now)));
                                if (from != null) {
                                    b.exclusiveStartKey(from);
                                }
                            });
            for (Map<String, AttributeValue> item : page.items()) {
                read.put(item.get(IP).s(), Long.parseLong(item.get(BAN_UNTIL).n()));
            }
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null && !start.isEmpty());
        // Drop what the table no longer has, except bans this task decided after the query began
        // or has not written yet (record() runs on other threads while this one reads).
        for (Map.Entry<String, Long> local : bans.entrySet()) {
            String ip = local.getKey();
            Long decided = decidedHere.get(ip);
            boolean keep =
                    read.containsKey(ip)
                            || (decided != null && decided > started)
                            || (pending.containsKey(ip) && local.getValue() > now);
            if (!keep && bans.remove(ip, local.getValue()) && decided != null) {
                decidedHere.remove(ip, decided);
            }
        }
        read.forEach((ip, until) -> bans.merge(ip, until, Math::max));
        // Scores learned before this read may belong to hosts deleted meanwhile (the API's DELETE):
        // the next write of each address says what the table has now.
        known.clear();
        bansReadAt = now;
    }

    private void write(String ip, Pending p) {
        long now = clock.millis();
        if (p.bannedAttempts > 0) {
            extendBan(ip, p.bannedAttempts, now);
        }
        if (p.score > 0) {
            Map<String, AttributeValue> item = addScore(ip, p.score, now);
            int score = item.containsKey(SCORE) ? Integer.parseInt(item.get(SCORE).n()) : 0;
            long windowStart =
                    item.containsKey(WINDOW_START)
                            ? Long.parseLong(item.get(WINDOW_START).n())
                            : now;
            known.put(ip, new Known(score, windowStart));
            long until = item.containsKey(BAN_UNTIL) ? Long.parseLong(item.get(BAN_UNTIL).n()) : 0;
            if (until > now) {
                banHere(ip, until);
            } else if (score >= settings.threshold()) {
                ban(ip, now);
            }
        }
    }

    /** Adds to the score in the current window, or starts a new window. */
    private Map<String, AttributeValue> addScore(String ip, int score, long now) {
        long windowFloor = now - settings.observationTime().toMillis();
        long expires = (now + settings.observationTime().toMillis()) / 1000 + 60;
        try {
            return dynamoDb.updateItem(
                            b ->
                                    b.tableName(table)
                                            .key(key(ip))
                                            .updateExpression(
                                                    "ADD #s :d SET #w = if_not_exists(#w, :now), #e = :e")
                                            .conditionExpression(
                                                    "(attribute_not_exists(#w) OR #w > :floor)"
                                                            + " AND (attribute_not_exists(#u) OR #u <= :now)")
                                            .expressionAttributeNames(
                                                    Map.of(
                                                            "#s",
                                                            SCORE,
                                                            "#w",
                                                            WINDOW_START,
                                                            "#e",
                                                            EXPIRES,
                                                            "#u",
                                                            BAN_UNTIL))
                                            .expressionAttributeValues(
                                                    Map.of(
                                                            ":d", number(score),
                                                            ":now", number(now),
                                                            ":e", number(Math.max(expires, 0)),
                                                            ":floor", number(windowFloor)))
                                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
        } catch (ConditionalCheckFailedException windowOverOrBanned) {
            // Banned (elsewhere, not yet known here): the score is not written, so the ban keeps
            // its own expiry, and the item read back tells this task about the ban. Otherwise the
            // window ended: this score starts a new one, unless another task started it first.
            try {
                return dynamoDb.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(key(ip))
                                                .updateExpression("SET #s = :d, #w = :now, #e = :e")
                                                .conditionExpression(
                                                        "#w <= :floor AND (attribute_not_exists(#u) OR #u <= :now)")
                                                .expressionAttributeNames(
                                                        Map.of(
                                                                "#s", SCORE,
                                                                "#w", WINDOW_START,
                                                                "#e", EXPIRES,
                                                                "#u", BAN_UNTIL))
                                                .expressionAttributeValues(
                                                        Map.of(
                                                                ":d", number(score),
                                                                ":now", number(now),
                                                                ":e", number(expires),
                                                                ":floor", number(windowFloor)))
                                                .returnValues(ReturnValue.ALL_NEW))
                        .attributes();
            } catch (ConditionalCheckFailedException raced) {
                var item =
                        dynamoDb.getItem(b -> b.tableName(table).key(key(ip)).consistentRead(true));
                return item.hasItem() ? item.item() : Map.of();
            }
        }
    }

    /** Bans an address whose score reached the threshold, unless another task just did. */
    private void ban(String ip, long now) {
        long until = now + settings.banTime().toMillis();
        try {
            dynamoDb.updateItem(
                    b ->
                            b.tableName(table)
                                    .key(key(ip))
                                    .updateExpression(
                                            "SET #u = :u, #b = :b, #s = :zero, #w = :now, #e = :e")
                                    .conditionExpression("attribute_not_exists(#u) OR #u <= :now")
                                    .expressionAttributeNames(
                                            Map.of(
                                                    "#u", BAN_UNTIL,
                                                    "#b", BANNED,
                                                    "#s", SCORE,
                                                    "#w", WINDOW_START,
                                                    "#e", EXPIRES))
                                    .expressionAttributeValues(
                                            Map.of(
                                                    ":u", number(until),
                                                    ":b", AttributeValue.fromS(BANNED_VALUE),
                                                    ":zero", number(0),
                                                    ":now", number(now),
                                                    ":e", number(until / 1000 + 60))));
            banHere(ip, until);
            known.remove(ip);
            log.warn(
                    "defender: {} banned until {} (score reached the threshold of {})",
                    ip,
                    Instant.ofEpochMilli(until),
                    settings.threshold());
        } catch (ConditionalCheckFailedException alreadyBanned) {
            readBan(ip);
        }
    }

    /** Lengthens an active ban by the increment per refused attempt. */
    private void extendBan(String ip, int attempts, long now) {
        long extension = settings.banExtension().toMillis() * attempts;
        try {
            var updated =
                    dynamoDb.updateItem(
                            b ->
                                    b.tableName(table)
                                            .key(key(ip))
                                            .updateExpression("SET #u = #u + :x, #e = #e + :xs")
                                            .conditionExpression("#u > :now")
                                            .expressionAttributeNames(
                                                    Map.of("#u", BAN_UNTIL, "#e", EXPIRES))
                                            .expressionAttributeValues(
                                                    Map.of(
                                                            ":x", number(extension),
                                                            ":xs", number(extension / 1000 + 1),
                                                            ":now", number(now)))
                                            .returnValues(ReturnValue.UPDATED_NEW));
            banHere(ip, Long.parseLong(updated.attributes().get(BAN_UNTIL).n()));
        } catch (ConditionalCheckFailedException notBanned) {
            // Lapsed or removed meanwhile: nothing to lengthen.
            readBan(ip);
        }
    }

    private void readBan(String ip) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(ip)).consistentRead(true));
        long now = clock.millis();
        if (item.hasItem() && item.item().containsKey(BAN_UNTIL)) {
            long until = Long.parseLong(item.item().get(BAN_UNTIL).n());
            if (until > now) {
                banHere(ip, until);
                return;
            }
        }
        decidedHere.remove(ip);
        bans.remove(ip);
    }

    /** A ban this task decided or learned from a write: kept by a refresh that began before. */
    private void banHere(String ip, long until) {
        decidedHere.put(ip, banDecisions.incrementAndGet());
        bans.merge(ip, until, Math::max);
    }

    private Optional<DefenderHost> toHost(Map<String, AttributeValue> item, long now) {
        String ip = item.get(IP).s();
        long until = item.containsKey(BAN_UNTIL) ? Long.parseLong(item.get(BAN_UNTIL).n()) : 0;
        if (until > now) {
            return Optional.of(new DefenderHost(ip, 0, Optional.of(Instant.ofEpochMilli(until))));
        }
        int score = item.containsKey(SCORE) ? Integer.parseInt(item.get(SCORE).n()) : 0;
        long windowStart =
                item.containsKey(WINDOW_START) ? Long.parseLong(item.get(WINDOW_START).n()) : 0;
        if (score > 0 && windowStart > now - settings.observationTime().toMillis()) {
            return Optional.of(new DefenderHost(ip, score, Optional.empty()));
        }
        return Optional.empty();
    }

    private static Map<String, AttributeValue> key(String ip) {
        return Map.of(IP, AttributeValue.fromS(ip));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
