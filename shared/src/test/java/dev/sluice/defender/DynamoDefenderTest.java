package dev.sluice.defender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.net.Cidr;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The defender on a real DynamoDB API: scores, bans shared by two tasks, lapse, growth, cost. */
@ExtendWith(AwsFixture.class)
class DynamoDefenderTest {

    private static AwsEnvironment aws;

    /** DynamoDB operations by name, counted by the client of {@link #countingClient}. */
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    private static DynamoDbClient counting;

    /** Runs once on the thread that made the next Query, right after it answered. */
    private static final java.util.concurrent.atomic.AtomicReference<Runnable> AFTER_QUERY =
            new java.util.concurrent.atomic.AtomicReference<>();

    private TableNames names;
    private final ManualClock clock =
            new ManualClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

    private static final DefenderSettings SETTINGS =
            DefenderSettings.defaults()
                    .with(
                            b ->
                                    b.threshold(5)
                                            .banTime(Duration.ofMinutes(10))
                                            .banTimeIncrement(50)
                                            .observationTime(Duration.ofMinutes(5))
                                            .sync(Duration.ofHours(1)));

    @BeforeAll
    static void client(AwsEnvironment env) {
        aws = env;
        counting =
                DynamoDbClient.builder()
                        .endpointOverride(env.dynamoDbEndpoint())
                        .region(env.region())
                        .credentialsProvider(env.credentials())
                        .overrideConfiguration(
                                c ->
                                        c.addExecutionInterceptor(
                                                new ExecutionInterceptor() {
                                                    @Override
                                                    public void beforeExecution(
                                                            Context.BeforeExecution context,
                                                            ExecutionAttributes attributes) {
                                                        CALLS.computeIfAbsent(
                                                                        attributes.getAttribute(
                                                                                SdkExecutionAttribute
                                                                                        .OPERATION_NAME),
                                                                        k -> new AtomicInteger())
                                                                .incrementAndGet();
                                                    }

                                                    @Override
                                                    public void afterExecution(
                                                            Context.AfterExecution context,
                                                            ExecutionAttributes attributes) {
                                                        if ("Query"
                                                                .equals(
                                                                        attributes.getAttribute(
                                                                                SdkExecutionAttribute
                                                                                        .OPERATION_NAME))) {
                                                            Runnable hook =
                                                                    AFTER_QUERY.getAndSet(null);
                                                            if (hook != null) {
                                                                hook.run();
                                                            }
                                                        }
                                                    }
                                                }))
                        .build();
    }

    @BeforeEach
    void tables() {
        names = TableNames.withPrefix(aws.uniqueName("def") + "-");
        new TableProvisioner(aws.dynamoDb(), names).createMissing(List.of(Tables.DEFENDER_HOSTS));
        CALLS.clear();
    }

    private DynamoDefender open(DefenderSettings settings, DynamoDefender.Sync sync) {
        return (DynamoDefender) DynamoDefender.open(counting, names, settings, clock, sync);
    }

    private static InetAddress ip(String text) {
        return Cidr.address(text).orElseThrow();
    }

    private static int calls(String operation) {
        AtomicInteger n = CALLS.get(operation);
        return n == null ? 0 : n.get();
    }

    @Test
    void scoresAddUpAndTheThresholdBans() {
        try (DynamoDefender d = open(SETTINGS, DynamoDefender.Sync.INLINE)) {
            InetAddress attacker = ip("192.0.2.10");
            d.record(attacker, HostEvent.USER_NOT_FOUND);
            d.record(attacker, HostEvent.LOGIN_FAILED);
            d.record(attacker, HostEvent.NO_LOGIN_TRIED); // scores 0 by default: nothing
            assertThat(d.host(attacker)).get().extracting(DefenderHost::score).isEqualTo(3);
            assertThat(d.isBanned(attacker)).isFalse();

            d.record(attacker, HostEvent.USER_NOT_FOUND); // 5: the threshold

            assertThat(d.isBanned(attacker)).isTrue();
            assertThat(d.refuses(ip("192.0.2.11"))).isFalse();
            DefenderHost host = d.host(attacker).orElseThrow();
            assertThat(host.score()).isZero(); // SFTPGo: a banned host has no score
            assertThat(host.banUntil())
                    .contains(clock.instant().plus(Duration.ofMinutes(10)).plusMillis(0));
            assertThat(host.id()).isEqualTo("3139322e302e322e3130");
        }
    }

    @Test
    void aBanOnOneTaskIsRefusedByAnotherAfterOneSync() {
        try (DynamoDefender taskA = open(SETTINGS, DynamoDefender.Sync.BACKGROUND);
                DynamoDefender taskB = open(SETTINGS, DynamoDefender.Sync.BACKGROUND)) {
            InetAddress attacker = ip("198.51.100.7");
            for (int i = 0; i < 5; i++) {
                taskA.record(attacker, HostEvent.LOGIN_FAILED);
            }
            // Refused on the task that counted at once, before anything is written.
            assertThat(taskA.refuses(attacker)).isTrue();
            assertThat(taskB.refuses(attacker)).isFalse();

            taskA.syncNow();
            taskB.syncNow();

            assertThat(taskB.refuses(attacker)).isTrue();
            assertThat(taskB.isBanned(ip("198.51.100.8"))).isFalse();
        }
    }

    @Test
    void scoresFromTwoTasksAddUpInTheTable() {
        try (DynamoDefender taskA = open(SETTINGS, DynamoDefender.Sync.BACKGROUND);
                DynamoDefender taskB = open(SETTINGS, DynamoDefender.Sync.BACKGROUND)) {
            InetAddress spray = ip("203.0.113.5");
            taskA.record(spray, HostEvent.USER_NOT_FOUND);
            taskB.record(spray, HostEvent.USER_NOT_FOUND);
            taskA.syncNow();
            taskB.syncNow();
            assertThat(taskA.host(spray)).get().extracting(DefenderHost::score).isEqualTo(4);

            taskA.record(spray, HostEvent.LOGIN_FAILED); // 5 in the table, 1 known here
            taskA.syncNow();
            taskB.syncNow();

            assertThat(taskA.isBanned(spray)).isTrue();
            assertThat(taskB.isBanned(spray)).isTrue();
        }
    }

    @Test
    void aFloodCostsOneWritePerAddressPerInterval() {
        DefenderSettings high = SETTINGS.with(b -> b.threshold(10_000));
        try (DynamoDefender d = open(high, DynamoDefender.Sync.BACKGROUND)) {
            CALLS.clear();
            for (int i = 0; i < 2_000; i++) {
                d.record(ip("192.0.2.50"), HostEvent.LOGIN_FAILED);
                d.refuses(ip("192.0.2.50"));
            }
            assertThat(CALLS).isEmpty(); // nothing reaches the table between syncs

            d.syncNow();

            assertThat(calls("UpdateItem")).isEqualTo(1);
            assertThat(calls("Query")).isEqualTo(1);
            assertThat(d.host(ip("192.0.2.50")))
                    .get()
                    .extracting(DefenderHost::score)
                    .isEqualTo(2000);
        }
    }

    @Test
    void refusalsOfABannedAddressCostNothingUntilTheSync() {
        try (DynamoDefender d = open(SETTINGS, DynamoDefender.Sync.BACKGROUND)) {
            InetAddress attacker = ip("192.0.2.60");
            for (int i = 0; i < 5; i++) {
                d.record(attacker, HostEvent.LOGIN_FAILED);
            }
            d.syncNow();
            Instant bannedUntil = d.host(attacker).orElseThrow().banUntil().orElseThrow();
            CALLS.clear();

            for (int i = 0; i < 1_000; i++) {
                assertThat(d.refuses(attacker)).isTrue();
            }
            assertThat(CALLS).isEmpty();

            d.syncNow();
            assertThat(calls("UpdateItem")).isEqualTo(1);
            // 1,000 attempts, each lengthening the ban by 50 % of 10 minutes.
            assertThat(d.host(attacker).orElseThrow().banUntil())
                    .contains(bannedUntil.plus(Duration.ofMinutes(5).multipliedBy(1_000)));
        }
    }

    @Test
    void theBanLapsesAndGrowsWhileTheAddressKeepsTrying() {
        try (DynamoDefender d =
                open(
                        SETTINGS.with(b -> b.sync(Duration.ofMinutes(1))),
                        DynamoDefender.Sync.INLINE)) {
            InetAddress attacker = ip("2001:db8::66");
            for (int i = 0; i < 3; i++) {
                d.record(attacker, HostEvent.USER_NOT_FOUND);
            }
            Instant until = d.host(attacker).orElseThrow().banUntil().orElseThrow();
            assertThat(until).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));

            clock.advance(Duration.ofMinutes(9));
            assertThat(d.refuses(attacker)).isTrue(); // + 5 minutes
            clock.advance(Duration.ofMinutes(2)); // past the first 10 minutes
            assertThat(d.refuses(attacker)).isTrue(); // still banned, + 5 more
            assertThat(d.host(attacker).orElseThrow().banUntil())
                    .contains(until.plus(Duration.ofMinutes(10)));

            clock.advance(Duration.ofMinutes(10)); // nothing tried meanwhile: lapses
            assertThat(d.isBanned(attacker)).isFalse();
            assertThat(d.refuses(attacker)).isFalse();
            assertThat(d.host(attacker)).isEmpty();
            assertThat(d.hosts()).isEmpty();

            // After the ban the address starts from nothing.
            d.record(attacker, HostEvent.LOGIN_FAILED);
            assertThat(d.host(attacker)).get().extracting(DefenderHost::score).isEqualTo(1);
        }
    }

    @Test
    void aFunctionSeesBansMadeElsewhereAndLengthensThemOncePerInterval() {
        DefenderSettings twoSeconds = SETTINGS.with(b -> b.sync(Duration.ofSeconds(2)));
        try (DynamoDefender task = open(twoSeconds, DynamoDefender.Sync.BACKGROUND);
                DynamoDefender function = open(twoSeconds, DynamoDefender.Sync.INLINE)) {
            InetAddress attacker = ip("192.0.2.95");
            assertThat(function.refuses(attacker)).isFalse(); // reads the (empty) bans once
            for (int i = 0; i < 3; i++) {
                task.record(attacker, HostEvent.USER_NOT_FOUND);
            }
            task.syncNow();
            assertThat(function.refuses(attacker)).isFalse(); // its list is not 2 s old yet
            clock.advance(Duration.ofSeconds(2));
            CALLS.clear();

            for (int i = 0; i < 100; i++) {
                assertThat(function.refuses(attacker)).isTrue();
            }
            assertThat(calls("Query")).isEqualTo(1);
            assertThat(calls("UpdateItem")).isEqualTo(1); // the first refusal's extension
            clock.advance(Duration.ofSeconds(2));
            assertThat(function.refuses(attacker)).isTrue(); // the other 99 and this one
            assertThat(calls("UpdateItem")).isEqualTo(2);
            assertThat(function.host(attacker).orElseThrow().banUntil())
                    .contains(
                            clock.instant()
                                    .minusSeconds(4)
                                    .plus(Duration.ofMinutes(10))
                                    .plus(Duration.ofMinutes(5).multipliedBy(101)));
        }
    }

    @Test
    void aBanDecidedWhileTheBansAreReadIsNeverForgotten() {
        try (DynamoDefender d = open(SETTINGS, DynamoDefender.Sync.BACKGROUND)) {
            InetAddress attacker = ip("198.18.0.1");
            // Crosses the threshold after the refresh's Query answered and before its result
            // replaces the ban list: the moment a login thread can hit in production.
            AFTER_QUERY.set(
                    () -> {
                        for (int n = 0; n < 3; n++) {
                            d.record(attacker, HostEvent.USER_NOT_FOUND);
                        }
                    });
            d.syncNow();
            assertThat(AFTER_QUERY.get()).isNull(); // it ran
            assertThat(d.isBanned(attacker)).isTrue();
        }
    }

    @Test
    void aScoreWrittenByATaskThatMissedTheBanNeverShortensIt() {
        try (DynamoDefender taskA = open(SETTINGS, DynamoDefender.Sync.BACKGROUND);
                DynamoDefender taskB = open(SETTINGS, DynamoDefender.Sync.BACKGROUND)) {
            InetAddress attacker = ip("192.0.2.99");
            for (int i = 0; i < 3; i++) {
                taskA.record(attacker, HostEvent.USER_NOT_FOUND);
            }
            taskA.syncNow(); // banned in the table
            for (int i = 0; i < 4; i++) {
                assertThat(taskA.refuses(attacker)).isTrue(); // + 4 x 5 minutes
            }
            taskA.syncNow();
            taskB.record(attacker, HostEvent.LOGIN_FAILED); // B has not read the ban yet
            taskB.flush();

            var item =
                    aws.dynamoDb()
                            .getItem(
                                    b ->
                                            b.tableName(names.of(Tables.DEFENDER_HOSTS))
                                                    .key(
                                                            Map.of(
                                                                    "ip",
                                                                    software.amazon.awssdk.services
                                                                            .dynamodb.model
                                                                            .AttributeValue.fromS(
                                                                            "192.0.2.99"))))
                            .item();
            long banUntil = Long.parseLong(item.get("ban_until").n());
            assertThat(banUntil).isEqualTo(clock.millis() + Duration.ofMinutes(10 + 20).toMillis());
            // TTL would delete the item, and lift the ban, before it ends.
            assertThat(Long.parseLong(item.get("expires").n()) * 1000)
                    .isGreaterThanOrEqualTo(banUntil);
            assertThat(taskB.isBanned(attacker)).isTrue(); // learned from its write
        }
    }

    @Test
    void scoresOlderThanTheObservationTimeDoNotCount() {
        try (DynamoDefender d = open(SETTINGS, DynamoDefender.Sync.INLINE)) {
            InetAddress slow = ip("192.0.2.70");
            d.record(slow, HostEvent.USER_NOT_FOUND);
            d.record(slow, HostEvent.USER_NOT_FOUND);
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertThat(d.host(slow)).isEmpty();

            d.record(slow, HostEvent.USER_NOT_FOUND);
            d.record(slow, HostEvent.USER_NOT_FOUND);

            assertThat(d.isBanned(slow)).isFalse();
            assertThat(d.host(slow)).get().extracting(DefenderHost::score).isEqualTo(4);
        }
    }

    @Test
    void theSafeListIsNeverScoredNorBanned() {
        DefenderSettings safe =
                SETTINGS.with(
                        b ->
                                b.safeList(
                                        List.of(
                                                Cidr.parse("10.0.0.0/8").orElseThrow(),
                                                Cidr.parse("2001:db8:1::/48").orElseThrow())));
        try (DynamoDefender d = open(safe, DynamoDefender.Sync.INLINE)) {
            for (String address : List.of("10.1.2.3", "2001:db8:1::5")) {
                for (int i = 0; i < 20; i++) {
                    d.record(ip(address), HostEvent.USER_NOT_FOUND);
                }
                assertThat(d.refuses(ip(address))).isFalse();
                assertThat(d.host(ip(address))).isEmpty();
            }
            for (int i = 0; i < 3; i++) {
                d.record(ip("11.1.2.3"), HostEvent.USER_NOT_FOUND);
            }
            assertThat(d.refuses(ip("11.1.2.3"))).isTrue();
        }
    }

    @Test
    void deleteForgetsTheScoreAndTheBanEverywhere() {
        try (DynamoDefender taskA = open(SETTINGS, DynamoDefender.Sync.BACKGROUND);
                DynamoDefender taskB = open(SETTINGS, DynamoDefender.Sync.BACKGROUND)) {
            InetAddress host = ip("192.0.2.80");
            for (int i = 0; i < 3; i++) {
                taskA.record(host, HostEvent.USER_NOT_FOUND);
            }
            taskA.syncNow();
            taskB.syncNow();
            assertThat(taskB.isBanned(host)).isTrue();

            assertThat(taskB.delete(host)).isTrue();
            assertThat(taskB.isBanned(host)).isFalse();
            taskA.syncNow();
            assertThat(taskA.isBanned(host)).isFalse();
            assertThat(taskA.host(host)).isEmpty();

            assertThat(taskA.delete(host)).isFalse(); // nothing left
            assertThat(taskA.delete(ip("192.0.2.81"))).isFalse();
        }
    }

    @Test
    void theListShowsBannedHostsFirstUpToTheLimit() {
        DefenderSettings small = SETTINGS.with(b -> b.entriesHardLimit(10));
        try (DynamoDefender d = open(small, DynamoDefender.Sync.INLINE)) {
            for (int i = 1; i <= 12; i++) {
                d.record(ip("192.0.2." + i), HostEvent.LOGIN_FAILED);
            }
            for (int i = 0; i < 3; i++) {
                d.record(ip("192.0.2.200"), HostEvent.USER_NOT_FOUND);
            }
            List<DefenderHost> hosts = d.hosts();
            assertThat(hosts).hasSize(10);
            assertThat(hosts.get(0).ip()).isEqualTo("192.0.2.200");
            assertThat(hosts.get(0).bannedAt(clock.instant())).isTrue();
            assertThat(hosts.subList(1, 10))
                    .allMatch(h -> h.score() == 1 && h.banUntil().isEmpty());
        }
    }

    @Test
    void aDisabledDefenderRefusesNothingAndNeedsNoTable() {
        Defender d =
                DynamoDefender.open(
                        counting,
                        TableNames.withPrefix("no-such-"),
                        SETTINGS.with(b -> b.enabled(false)),
                        clock,
                        DynamoDefender.Sync.BACKGROUND);
        assertThat(d).isSameAs(Defender.DISABLED);
        d.record(ip("192.0.2.1"), HostEvent.USER_NOT_FOUND);
        assertThat(d.refuses(ip("192.0.2.1"))).isFalse();
        assertThat(d.hosts()).isEmpty();
    }

    @Test
    void aTableThatCannotBeReachedRefusesNothingAndThrowsNothingOnTheHotPath() {
        try (DynamoDefender d =
                (DynamoDefender)
                        DynamoDefender.open(
                                counting,
                                TableNames.withPrefix("missing-" + aws.uniqueName("x") + "-"),
                                SETTINGS,
                                clock,
                                DynamoDefender.Sync.INLINE)) {
            InetAddress attacker = ip("192.0.2.90");
            for (int i = 0; i < 10; i++) {
                d.record(attacker, HostEvent.USER_NOT_FOUND);
            }
            // Fails open: a defender that cannot reach its table never stops a login.
            assertThat(d.refuses(attacker)).isFalse();
        }
    }
}
