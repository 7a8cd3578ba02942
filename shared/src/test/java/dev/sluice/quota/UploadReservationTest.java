package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.folders.FolderStore;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.ManualClock;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An upload's quota reservation: it becomes usage only on commit, and every other ending gives it
 * all back.
 */
@ExtendWith(AwsFixture.class)
class UploadReservationTest {

    static AwsEnvironment aws;
    static TableNames names;
    static UserStore users;
    static FolderStore folders;

    final ManualClock clock = new ManualClock();
    QuotaLeases leases;
    Quotas quotas;
    String name;

    @BeforeAll
    static void tables(AwsEnvironment env) {
        aws = env;
        names = TableNames.withPrefix(env.uniqueName("upres") + "-");
        new TableProvisioner(env.dynamoDb(), names).createMissing(Tables.ALL);
        users = new UserStore(env.dynamoDb(), names);
        folders = new FolderStore(env.dynamoDb(), names);
    }

    @BeforeEach
    void user() {
        leases =
                new QuotaLeases(
                        aws.dynamoDb(),
                        names,
                        users.usage(),
                        folders.usage(),
                        LeaseOwner.startingOn("task"),
                        Duration.ofSeconds(120),
                        clock);
        quotas = new Quotas(users.usage(), folders.usage(), leases, clock);
        name = aws.uniqueName("r");
    }

    UploadReservation reservation(long maxSize, int maxFiles) {
        users.create(
                User.builder()
                        .username(name)
                        .password("$2b$10$hash")
                        .quotaSize(maxSize)
                        .quotaFiles(maxFiles)
                        .build());
        List<QuotaScope.Counter> counters =
                quotas.countersFor(users.find(name).orElseThrow(), "/f.bin");
        return new UploadReservation(
                quotas,
                counters,
                name + " test",
                new LeasedObject("b", "users/" + name + "/f.bin", QuotaScope.Owner.USER, name));
    }

    QuotaUsage usage() {
        User u = users.find(name).orElseThrow();
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    @Test
    void aCommittedUploadBecomesUsageAndHoldsNoLease() {
        try (UploadReservation r = reservation(1000, 5)) {
            assertThat(r.objectMetadata()).containsKey(QuotaLeases.OBJECT_MARKER);
            assertThat(r.reserve(300)).isEqualTo(new Reservation.Reserved());
            assertThat(usage())
                    .as("held while the bytes travel")
                    .isEqualTo(new QuotaUsage(300, 0, 0));
            assertThat(r.beforeAppear(100, 1, 400)).isEqualTo(new Reservation.Reserved());
            r.commit();
        }
        assertThat(usage())
                .as("closing after the commit gives nothing back")
                .isEqualTo(new QuotaUsage(400, 1, 0));
        assertThat(leases.liveCount()).isZero();
    }

    @Test
    void closingWithoutACommitGivesEverythingBack() {
        UploadReservation r = reservation(1000, 5);
        assertThat(r.reserve(600)).isEqualTo(new Reservation.Reserved());
        assertThat(r.beforeAppear(0, 1, 600)).isEqualTo(new Reservation.Reserved());
        assertThat(usage()).isEqualTo(new QuotaUsage(600, 1, 0));
        r.close();
        r.close();
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
        assertThat(leases.liveCount()).isZero();
        assertThat(users.usage().entry(name, "x")).isEmpty();
    }

    @Test
    void aRefusalNamesTheCounterAndWhatWasHeldIsStillGivenBack() {
        try (UploadReservation r = reservation(1000, 1)) {
            assertThat(r.reserve(900)).isEqualTo(new Reservation.Reserved());
            Reservation refused = r.reserve(200);
            assertThat(refused)
                    .isInstanceOfSatisfying(
                            Reservation.OverQuota.class,
                            over -> {
                                assertThat(over.counter().key()).isEqualTo(name);
                                assertThat(over.limit()).isEqualTo(UsageCounters.Limit.QUOTA);
                            });
            assertThat(usage()).isEqualTo(new QuotaUsage(900, 0, 0));
        }
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void withoutALimitNothingIsWrittenPerPartAndTheCommitCountsTheFile() {
        try (UploadReservation r = reservation(0, 0)) {
            assertThat(r.reserve(5000)).isEqualTo(new Reservation.Reserved());
            assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
            assertThat(r.beforeAppear(0, 1, 5000)).isEqualTo(new Reservation.Reserved());
            r.commit();
        }
        assertThat(usage()).isEqualTo(new QuotaUsage(5000, 1, 0));
    }

    @Test
    void withoutALimitTheCommitSettlesInTheBackground() {
        List<Runnable> background = new ArrayList<>();
        try (UploadReservation r = reservation(0, 0)) {
            assertThat(r.beforeAppear(0, 1, 4096)).isEqualTo(new Reservation.Reserved());
            r.commit(background::add);
        }
        assertThat(usage())
                .as("closing a committed upload releases nothing, even before it settles")
                .isEqualTo(new QuotaUsage(0, 0, 0));
        assertThat(leases.liveCount()).as("the lease waits, renewed, for its settlement").isOne();
        assertThat(background).hasSize(1);
        background.get(0).run();
        assertThat(usage()).isEqualTo(new QuotaUsage(4096, 1, 0));
        assertThat(leases.liveCount()).isZero();
    }

    @Test
    void aProcessThatDiesBeforeItsBackgroundSettlementIsSettledByAReaper() {
        List<Runnable> neverRun = new ArrayList<>();
        UploadReservation r = reservation(0, 0);
        assertThat(r.beforeAppear(0, 1, 4096)).isEqualTo(new Reservation.Reserved());
        // The object appeared (its metadata names the lease); the process dies with the settlement
        // still queued.
        r.commit(neverRun::add);
        ObjectProbe completed =
                new ObjectProbe() {
                    @Override
                    public Completion completion(LeasedObject object, String leaseId) {
                        return Completion.COMPLETED;
                    }

                    @Override
                    public void abortUpload(LeasedObject object, String uploadId) {}
                };
        clock.advance(Duration.ofSeconds(121));
        QuotaReaper reaper =
                new QuotaReaper(
                        aws.dynamoDb(),
                        names,
                        users.usage(),
                        folders.usage(),
                        completed,
                        clock,
                        true);
        // A round that meets a conflicting write leaves the lease for the next round.
        int settled = 0;
        for (int round = 0; round < 5 && settled == 0; round++) {
            settled += reaper.reapLapsed().settled();
        }
        assertThat(settled).isOne();
        assertThat(usage()).isEqualTo(new QuotaUsage(4096, 1, 0));
        // Had it only stalled, its late settlement counts nothing twice.
        neverRun.get(0).run();
        assertThat(usage()).isEqualTo(new QuotaUsage(4096, 1, 0));
    }

    @Test
    void withALimitTheCommitSettlesAtOnceWhateverTheBackground() {
        try (UploadReservation r = reservation(1000, 5)) {
            assertThat(r.reserve(300)).isEqualTo(new Reservation.Reserved());
            assertThat(r.beforeAppear(100, 1, 400)).isEqualTo(new Reservation.Reserved());
            r.commit(
                    settlement -> {
                        throw new AssertionError("a limited upload settled in the background");
                    });
            // The next upload's check reads this at once.
            assertThat(usage()).isEqualTo(new QuotaUsage(400, 1, 0));
        }
        assertThat(usage()).isEqualTo(new QuotaUsage(400, 1, 0));
        assertThat(leases.liveCount()).isZero();
    }

    @Test
    void aSmallFilesOnlyReservationPastTheLimitIsRefusedAndHoldsNothing() {
        String leaseId;
        try (UploadReservation r = reservation(1000, 5)) {
            leaseId = r.objectMetadata().get(QuotaLeases.OBJECT_MARKER);
            assertThat(r.beforeAppear(2000, 1, 2000))
                    .isInstanceOfSatisfying(
                            Reservation.OverQuota.class,
                            over -> assertThat(over.limit()).isEqualTo(UsageCounters.Limit.QUOTA));
            assertThat(usage()).isEqualTo(QuotaUsage.ZERO);
        }
        assertThat(usage()).isEqualTo(QuotaUsage.ZERO);
        assertThat(leases.liveCount()).isZero();
        assertThat(users.usage().entry(name, leaseId)).isEmpty();
    }

    @Test
    void aSmallFilesOnlyReservationIsCompletingAtOnceSoAReaperSettlesIt() {
        UploadReservation r = reservation(1000, 5);
        String leaseId = r.objectMetadata().get(QuotaLeases.OBJECT_MARKER);
        assertThat(r.beforeAppear(100, 1, 100)).isEqualTo(new Reservation.Reserved());
        assertThat(usage()).as("held within the limit").isEqualTo(new QuotaUsage(100, 1, 0));
        assertThat(users.usage().entry(name, leaseId)).contains(new UsageCounters.Held(100, 1));
        // The object appeared; the process dies before its commit.
        ObjectProbe completed =
                new ObjectProbe() {
                    @Override
                    public Completion completion(LeasedObject object, String leaseId) {
                        return Completion.COMPLETED;
                    }

                    @Override
                    public void abortUpload(LeasedObject object, String uploadId) {}
                };
        clock.advance(Duration.ofSeconds(121));
        QuotaReaper reaper =
                new QuotaReaper(
                        aws.dynamoDb(),
                        names,
                        users.usage(),
                        folders.usage(),
                        completed,
                        clock,
                        true);
        int settled = 0;
        for (int round = 0; round < 5 && settled == 0; round++) {
            settled += reaper.reapLapsed().settled();
        }
        assertThat(settled).isOne();
        assertThat(usage()).isEqualTo(new QuotaUsage(100, 1, 0));
        assertThat(users.usage().entry(name, leaseId)).isEmpty();
    }
}
