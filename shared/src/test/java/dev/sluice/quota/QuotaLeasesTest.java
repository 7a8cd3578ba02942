package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Quota leases against a real DynamoDB API: reservations, commits and releases move the counters
 * exactly; a lease whose owner stops renewing it is reaped (released, or settled when its upload
 * completed), never before it lapses, once however many reapers race; and an owner that comes back
 * after its lease was reaped neither loses nor doubles its upload.
 */
@ExtendWith(AwsFixture.class)
class QuotaLeasesTest {

    static final Duration LENGTH = Duration.ofSeconds(120);
    static DynamoDbClient dynamoDb;
    static TableNames names;
    static UserStore users;
    static FolderStore folders;

    final TestClock clock = new TestClock();
    final AtomicReference<ObjectProbe.Completion> s3Says =
            new AtomicReference<>(ObjectProbe.Completion.NOT_COMPLETED);
    final List<String> aborted = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ObjectProbe probe =
            new ObjectProbe() {
                @Override
                public Completion completion(LeasedObject object, String leaseId) {
                    return s3Says.get();
                }

                @Override
                public void abortUpload(LeasedObject object, String uploadId) {
                    aborted.add(uploadId);
                }
            };
    QuotaLeases leases;
    QuotaReaper reaper;
    String name;

    @BeforeAll
    static void tables(AwsEnvironment aws) {
        dynamoDb = aws.dynamoDb();
        names = TableNames.withPrefix(aws.uniqueName("leases") + "-");
        new TableProvisioner(dynamoDb, names).createMissing(Tables.ALL);
        users = new UserStore(dynamoDb, names);
        folders = new FolderStore(dynamoDb, names);
    }

    @BeforeEach
    void owner(AwsEnvironment aws) {
        leases = newOwner();
        reaper =
                new QuotaReaper(
                        dynamoDb, names, users.usage(), folders.usage(), probe, clock, true);
        name = aws.uniqueName("u");
        users.create(User.builder().username(name).password("$2b$10$hash").build());
    }

    QuotaLeases newOwner() {
        return new QuotaLeases(
                dynamoDb,
                names,
                users.usage(),
                folders.usage(),
                LeaseOwner.startingOn("task-a"),
                LENGTH,
                clock);
    }

    List<QuotaScope.Counter> user(long maxSize, int maxFiles) {
        return List.of(new QuotaScope.Counter(QuotaScope.Owner.USER, name, maxSize, maxFiles));
    }

    Optional<LeasedObject> object() {
        return Optional.of(new LeasedObject("bucket", name + "/file", QuotaScope.Owner.USER, name));
    }

    QuotaUsage usage() {
        User u = users.find(name).orElseThrow();
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    Map<String, AttributeValue> record(QuotaLease lease) {
        return dynamoDb.getItem(
                        b ->
                                b.tableName(names.of(Tables.QUOTA_LEASES))
                                        .key(QuotaLeases.key(lease.id()))
                                        .consistentRead(true))
                .item();
    }

    @Test
    void aCommitTurnsTheReservationIntoUsageAndLeavesNoLease() {
        users.usage().set(name, 500, 1, 1);
        QuotaLease lease = leases.open(user(10_000, 10), "alice SFTP_1", object());
        assertThat(leases.reserve(lease, 3000, 0)).isEqualTo(new Reservation.Reserved());
        assertThat(leases.reserve(lease, 2000, 0)).isEqualTo(new Reservation.Reserved());
        assertThat(usage()).isEqualTo(new QuotaUsage(5500, 1, 0));
        assertThat(record(lease))
                .containsKeys(
                        "node",
                        "incarnation",
                        "session",
                        "expires",
                        "purge_at",
                        "bucket",
                        "object_key");
        assertThat(record(lease).get("session").s()).isEqualTo("alice SFTP_1");

        assertThat(leases.reserve(lease, 0, 1)).isEqualTo(new Reservation.Reserved());
        assertThat(leases.completing(lease, 5000 - 400, 1))
                .isEqualTo(new Reservation.Reserved()); // replaced 400 bytes
        assertThat(record(lease).get("phase").s()).isEqualTo("COMPLETING");
        leases.commit(lease);

        assertThat(usage()).isEqualTo(new QuotaUsage(500 + 5000 - 400, 2, 0));
        assertThat(record(lease)).isEmpty();
        assertThat(users.usage().entry(name, lease.id())).isEmpty();
        assertThat(leases.liveCount()).isZero();
    }

    @Test
    void aReleaseGivesEverythingBack() {
        QuotaLease lease = leases.open(user(10_000, 0), "s", object());
        leases.reserve(lease, 4000, 0);
        leases.reserve(lease, 4000, 0);
        assertThat(usage().usedQuotaSize()).isEqualTo(8000);
        leases.release(lease);
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
        assertThat(record(lease)).isEmpty();
        // Releasing twice, or an unused lease, changes nothing.
        leases.release(lease);
        leases.release(leases.open(user(0, 0), "s", object()));
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void theLimitHoldsAcrossLeasesAndAcrossCountersAllOrNothing(AwsEnvironment aws) {
        String folder = aws.uniqueName("f");
        folders.create(new VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        var both =
                List.of(
                        new QuotaScope.Counter(QuotaScope.Owner.FOLDER, folder, 1000, 0),
                        new QuotaScope.Counter(QuotaScope.Owner.USER, name, 0, 0));
        QuotaLease first = leases.open(both, "s", object());
        assertThat(leases.reserve(first, 600, 0)).isEqualTo(new Reservation.Reserved());
        QuotaLease second = leases.open(both, "s", object());
        assertThat(leases.reserve(second, 600, 0))
                .isEqualTo(new Reservation.OverQuota(both.get(0), UsageCounters.Limit.QUOTA));
        assertThat(leases.reserve(second, 300, 0)).isEqualTo(new Reservation.Reserved());
        // A later part that does not fit is refused in the folder and not kept in the user either.
        assertThat(leases.reserve(first, 200, 0))
                .isEqualTo(new Reservation.OverQuota(both.get(0), UsageCounters.Limit.QUOTA));
        assertThat(folders.find(folder).orElseThrow().usedQuotaSize()).isEqualTo(900);
        assertThat(usage().usedQuotaSize()).isEqualTo(900);
        leases.release(first);
        leases.release(second);
        assertThat(folders.find(folder).orElseThrow().usedQuotaSize()).isZero();
        assertThat(usage().usedQuotaSize()).isZero();
    }

    @Test
    void racingReservationsNeverPassTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Reservation>> results = new ArrayList<>();
        List<QuotaLease> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            QuotaLease lease = leases.open(user(1008, 0), "s" + i, object());
            all.add(lease);
            // Half the leases are written already (their next part is a single update), half are
            // new
            // (their first part is the transaction writing them).
            if (i % 2 == 1) {
                assertThat(leases.reserve(lease, 1, 0)).isEqualTo(new Reservation.Reserved());
            }
            results.add(pool.submit(() -> leases.reserve(lease, 150, 0)));
        }
        int granted = 0;
        for (var f : results) {
            granted += f.get() instanceof Reservation.Reserved ? 1 : 0;
        }
        pool.shutdown();
        assertThat(granted).isEqualTo(6);
        assertThat(usage().usedQuotaSize()).isEqualTo(908);
        all.forEach(leases::release);
        assertThat(usage().usedQuotaSize()).isZero();
    }

    @Test
    void aLeaseIsReapedOnlyOnceItLapsesAndThenEverythingItHeldIsGiveBack() {
        users.usage().set(name, 100, 1, 1);
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        lease.uploadId("upload-1");
        leases.reserve(lease, 7000, 0);
        // The owner dies here: it renews nothing from now on.
        clock.advance(LENGTH.minusSeconds(1));
        assertThat(reaper.reapLapsed().reaped()).isZero();
        assertThat(usage().usedQuotaSize()).isEqualTo(7100);

        clock.advance(Duration.ofSeconds(2));
        assertThat(reaper.reapLapsed()).isEqualTo(new QuotaReaper.Result(1, 0, 0));
        assertThat(usage()).isEqualTo(new QuotaUsage(100, 1, 0));
        assertThat(record(lease).get("phase").s()).isEqualTo("DONE");
        assertThat(record(lease).get("outcome").s()).isEqualTo("RELEASED");
        assertThat(aborted).containsExactly("upload-1");
        // A second round finds nothing to do.
        assertThat(reaper.reapLapsed().reaped()).isZero();
        assertThat(usage()).isEqualTo(new QuotaUsage(100, 1, 0));
    }

    @Test
    void renewingKeepsALeaseAliveAndALostLeaseRefusesMore() {
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.reserve(lease, 1000, 0);
        clock.advance(LENGTH.minusSeconds(10));
        assertThat(leases.renewAll()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(reaper.reapLapsed().reaped()).as("renewed: not lapsed").isZero();

        clock.advance(LENGTH); // the owner stalls past its lease
        assertThat(reaper.reapLapsed().reaped()).isEqualTo(1);
        assertThat(usage().usedQuotaSize()).isZero();
        assertThat(leases.reserve(lease, 10, 0)).isEqualTo(new Reservation.LeaseLost());
        assertThat(leases.renewAll()).isZero();
        assertThat(lease.lost()).isTrue();
        assertThat(leases.completing(lease, 1000, 1)).isEqualTo(new Reservation.LeaseLost());
        leases.release(lease);
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void anOwnerThatCommitsAfterItsLeaseWasReleasedAddsItsUploadBack() {
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.reserve(lease, 6000, 0);
        leases.completing(lease, 6000, 1);
        clock.advance(LENGTH.plusSeconds(1));
        // S3 has not got the object yet (the owner stalled before completing it): released.
        assertThat(reaper.reapLapsed()).isEqualTo(new QuotaReaper.Result(1, 0, 0));
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
        // The owner wakes up, completes the object and commits: the object counts once.
        leases.commit(lease);
        assertThat(usage()).isEqualTo(new QuotaUsage(6000, 1, 0));
        assertThat(record(lease)).isEmpty();
    }

    @Test
    void anOwnerThatDiesAfterTheObjectCompletedIsSettledNotReleased() {
        users.usage().set(name, 2000, 1, 1); // the object being replaced: 2000 bytes
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.reserve(lease, 5000, 0);
        leases.completing(lease, 5000 - 2000, 0);
        // S3 completed the object (its metadata names the lease); the owner died before settling.
        s3Says.set(ObjectProbe.Completion.COMPLETED);
        clock.advance(LENGTH.plusSeconds(1));
        assertThat(reaper.reapLapsed()).isEqualTo(new QuotaReaper.Result(0, 1, 0));
        assertThat(usage()).isEqualTo(new QuotaUsage(5000, 1, 0));
        assertThat(aborted).isEmpty();
        // Had the owner only stalled, its late commit changes nothing more.
        leases.commit(lease);
        assertThat(usage()).isEqualTo(new QuotaUsage(5000, 1, 0));
    }

    @Test
    void aCompletingLeaseWhoseObjectCannotBeCheckedWaits() {
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.completing(
                lease, 3000, 1); // an upload without limits: holds nothing, settles at the end
        s3Says.set(ObjectProbe.Completion.UNKNOWN);
        clock.advance(LENGTH.plusSeconds(1));
        assertThat(reaper.reapLapsed()).isEqualTo(new QuotaReaper.Result(0, 0, 1));
        s3Says.set(ObjectProbe.Completion.COMPLETED);
        assertThat(reaper.reapLapsed()).isEqualTo(new QuotaReaper.Result(0, 1, 0));
        assertThat(usage()).isEqualTo(new QuotaUsage(3000, 1, 0));
    }

    @Test
    void reapersRacingEndALeaseOnce() throws Exception {
        List<QuotaLease> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            QuotaLease lease = leases.open(user(0, 0), "s" + i, object());
            leases.reserve(lease, 1000, 0);
            leases.reserve(lease, 1000, 0);
            held.add(lease);
        }
        assertThat(usage().usedQuotaSize()).isEqualTo(10_000);
        clock.advance(LENGTH.plusSeconds(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<QuotaReaper.Result>> rounds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            QuotaReaper other =
                    new QuotaReaper(
                            dynamoDb, names, users.usage(), folders.usage(), probe, clock, false);
            rounds.add(pool.submit(other::reapLapsed));
        }
        int reaped = 0;
        for (var round : rounds) {
            reaped += round.get().reaped();
        }
        pool.shutdown();
        reaped += reaper.reapLapsed().reaped(); // whatever a collision left for the next round
        assertThat(reaped).isEqualTo(5);
        assertThat(usage().usedQuotaSize()).isZero();
    }

    @Test
    void aReaperRacingTheOwnersCommitCountsTheUploadOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            users.usage().set(name, 0, 0, 1);
            QuotaLease lease = leases.open(user(0, 0), "s", object());
            leases.reserve(lease, 1000, 0);
            leases.completing(lease, 1000, 1);
            clock.advance(LENGTH.plusSeconds(1));
            s3Says.set(
                    round % 2 == 0
                            ? ObjectProbe.Completion.COMPLETED
                            : ObjectProbe.Completion.NOT_COMPLETED);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            var commit = pool.submit(() -> leases.commit(lease));
            var reap = pool.submit(reaper::reapLapsed);
            commit.get();
            reap.get();
            pool.shutdown();
            assertThat(usage()).as("round " + round).isEqualTo(new QuotaUsage(1000, 1, 0));
        }
    }

    @Test
    void aRestartedProcessReapsItsPredecessorsLeasesAtOnce() {
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.reserve(lease, 1234, 0);
        // Not lapsed: only a process that owns the whole store (the local mode) may take it now.
        assertThat(reaper.reapLapsed().reaped()).isZero();
        assertThat(reaper.reapAll().reaped()).isEqualTo(1);
        assertThat(usage().usedQuotaSize()).isZero();
    }

    @Test
    void aDeletedUserLeavesTheLeaseNothingToChange() {
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.reserve(lease, 1000, 0);
        users.delete(name);
        clock.advance(LENGTH.plusSeconds(1));
        assertThat(reaper.reapLapsed().reaped()).isEqualTo(1);
        assertThat(users.find(name)).isEmpty();
        // and a lease whose counters are gone before it writes anything still works
        QuotaLease later = leases.open(user(0, 0), "s", object());
        assertThat(leases.reserve(later, 10, 0)).isEqualTo(new Reservation.Reserved());
        assertThat(later.counters()).isEmpty();
        leases.release(later);
    }

    @Test
    void aResetKeepsWhatLiveLeasesHold() {
        QuotaLease lease = leases.open(user(0, 0), "s", object());
        leases.reserve(lease, 3000, 0);
        // A scan finds 10,000 bytes stored; the upload in flight is not among them yet.
        users.usage().set(name, 10_000, 4, 1);
        assertThat(usage()).isEqualTo(new QuotaUsage(13_000, 4, 0));
        leases.completing(lease, 3000, 1);
        leases.commit(lease);
        assertThat(usage()).isEqualTo(new QuotaUsage(13_000, 5, 0));
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
