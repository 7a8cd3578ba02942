package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.dynamo.UsageCounters;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.ManualClock;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import dev.sluice.users.VirtualFolderMapping;
import dev.sluice.validation.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The quota service's outcomes are values every protocol can translate: over quota names the
 * counter and its limit, a lost lease says so, an administrator's change says which field was wrong
 * or that the owner does not exist, and nothing changes when it is refused.
 */
@ExtendWith(AwsFixture.class)
class QuotasTest {

    static UserStore users;
    static FolderStore folders;
    static TableNames names;
    static AwsEnvironment aws;

    final ManualClock clock = new ManualClock();
    Quotas quotas;
    QuotaLeases leases;
    String name;

    @BeforeAll
    static void tables(AwsEnvironment env) {
        aws = env;
        names = TableNames.withPrefix(env.uniqueName("quotas") + "-");
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
        name = aws.uniqueName("q");
        users.create(
                User.builder()
                        .username(name)
                        .password("$2b$10$hash")
                        .quotaSize(100)
                        .quotaFiles(2)
                        .build());
    }

    QuotaUsage usage() {
        User u = users.find(name).orElseThrow();
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    @Test
    void roomBeforeAnUploadNamesTheFullCounterAndItsLimit() {
        User user = users.find(name).orElseThrow();
        List<QuotaScope.Counter> counters = quotas.countersFor(user, "/a.bin");
        assertThat(quotas.room(counters, true)).isEqualTo(new Reservation.Reserved());
        quotas.charge(counters, 10, 2);
        assertThat(quotas.room(counters, false))
                .as("no file is added by an overwrite")
                .isEqualTo(new Reservation.Reserved());
        Reservation full = quotas.room(counters, true);
        assertThat(full)
                .isEqualTo(new Reservation.OverQuota(counters.get(0), UsageCounters.Limit.QUOTA));
        assertThat(((Reservation.OverQuota) full).message())
                .isEqualTo("quota exceeded: user limit 100 bytes / 2 files");
        assertThat(usage()).as("a room check writes nothing").isEqualTo(new QuotaUsage(10, 2, 0));
    }

    @Test
    void aReservationPastAFoldersLimitNamesTheFolderAndReservesNothing() {
        String folder = aws.uniqueName("f");
        folders.create(new VirtualFolder(folder, null, null, 0, 0, 0, null, null));
        User user =
                users.find(name).orElseThrow().toBuilder()
                        .virtualFolders(List.of(new VirtualFolderMapping(folder, "/box", 50, 0)))
                        .build();
        List<QuotaScope.Counter> counters = quotas.countersFor(user, "/box/a.bin");
        QuotaLease lease = quotas.open(counters, name + " test", Optional.empty());
        Reservation refused = quotas.reserve(lease, 60, 1);
        assertThat(refused)
                .isInstanceOfSatisfying(
                        Reservation.OverQuota.class,
                        over -> {
                            assertThat(over.counter().owner()).isEqualTo(QuotaScope.Owner.FOLDER);
                            assertThat(over.message())
                                    .isEqualTo(
                                            "quota exceeded: folder \""
                                                    + folder
                                                    + "\" limit 50 bytes / 0 files");
                        });
        assertThat(folders.find(folder).orElseThrow().usedQuotaSize()).isZero();
        assertThat(quotas.reserve(lease, 50, 1)).isEqualTo(new Reservation.Reserved());
        quotas.release(lease);
        assertThat(folders.find(folder).orElseThrow().usedQuotaSize()).isZero();
        assertThat(leases.liveCount()).isZero();
    }

    @Test
    void aLeaseAReaperTookIsLost() {
        List<QuotaScope.Counter> counters =
                quotas.countersFor(users.find(name).orElseThrow(), "/a.bin");
        QuotaLease lease = quotas.open(counters, name + " test", Optional.empty());
        assertThat(quotas.reserve(lease, 10, 0)).isEqualTo(new Reservation.Reserved());
        clock.advance(Duration.ofMinutes(3));
        ObjectProbe nothing =
                new ObjectProbe() {
                    @Override
                    public Completion completion(LeasedObject object, String leaseId) {
                        return Completion.NOT_COMPLETED;
                    }

                    @Override
                    public void abortUpload(LeasedObject object, String uploadId) {}
                };
        assertThat(
                        new QuotaReaper(
                                        aws.dynamoDb(),
                                        names,
                                        users.usage(),
                                        folders.usage(),
                                        nothing,
                                        clock,
                                        false)
                                .reapLapsed()
                                .released())
                .isPositive();
        Reservation lost = quotas.reserve(lease, 10, 0);
        assertThat(lost).isEqualTo(new Reservation.LeaseLost());
        assertThat(((Reservation.LeaseLost) lost).message()).contains("nothing was stored");
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void aResetSaysWhatIsWrongAndChangesNothing() {
        quotas.charge(quotas.countersFor(users.find(name).orElseThrow(), "/a"), 7, 1);
        assertThat(quotas.reset(QuotaScope.Owner.USER, name, -1, -2))
                .isInstanceOfSatisfying(
                        UsageUpdate.Invalid.class,
                        invalid ->
                                assertThat(invalid.errors())
                                        .extracting(FieldError::field)
                                        .containsExactly("used_quota_size", "used_quota_files"));
        assertThat(usage()).isEqualTo(new QuotaUsage(7, 1, 0));
        assertThat(quotas.reset(QuotaScope.Owner.USER, "nobody-" + name, 1, 1))
                .isEqualTo(new UsageUpdate.NotFound());
        assertThat(quotas.reset(QuotaScope.Owner.FOLDER, name, 1, 1))
                .as("a user is no folder")
                .isEqualTo(new UsageUpdate.NotFound());
        assertThat(quotas.reset(QuotaScope.Owner.USER, name, 500, 5))
                .isEqualTo(new UsageUpdate.Updated());
        assertThat(usage()).isEqualTo(new QuotaUsage(500, 5, 0));
    }

    @Test
    void anAdditionPastTheRangeIsRefusedByFieldAndChangesNothing() {
        assertThat(quotas.adjust(QuotaScope.Owner.USER, name, Long.MAX_VALUE, 0))
                .isEqualTo(new UsageUpdate.Updated());
        assertThat(quotas.adjust(QuotaScope.Owner.USER, name, 1, 0))
                .isInstanceOfSatisfying(
                        UsageUpdate.Invalid.class,
                        invalid ->
                                assertThat(invalid.errors())
                                        .singleElement()
                                        .satisfies(
                                                e -> {
                                                    assertThat(e.field())
                                                            .isEqualTo("used_quota_size");
                                                    assertThat(e.value()).isEqualTo("1");
                                                    assertThat(e.problem())
                                                            .contains("0 to " + Long.MAX_VALUE);
                                                }));
        assertThat(quotas.adjust(QuotaScope.Owner.USER, name, -Long.MAX_VALUE, -5))
                .isEqualTo(new UsageUpdate.Updated());
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
        assertThat(quotas.adjust(QuotaScope.Owner.USER, "nobody-" + name, 1, 0))
                .isEqualTo(new UsageUpdate.NotFound());
    }

    @Test
    void quotasWithoutLeasesServeAdministrationButNoReservations() {
        Quotas admin = Quotas.of(users, folders, clock);
        assertThat(admin.reset(QuotaScope.Owner.USER, name, 3, 1))
                .isEqualTo(new UsageUpdate.Updated());
        assertThat(admin.recount(QuotaScope.Owner.USER, name, 4, 2)).isTrue();
        assertThat(usage()).isEqualTo(new QuotaUsage(4, 2, 0));
        assertThatThrownBy(() -> admin.open(List.of(), "s", Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aChargeWithALimitIsWrittenAtOnceAndWithoutOneInTheBackground() {
        List<QuotaScope.Counter> limited =
                quotas.countersFor(users.find(name).orElseThrow(), "/a.bin");
        quotas.charge(limited, 10, 1);
        quotas.charge(
                limited,
                -10,
                -1,
                r -> {
                    throw new AssertionError("a limited counter changed in the background");
                });
        assertThat(usage())
                .as("the room a delete frees is there at once")
                .isEqualTo(QuotaUsage.ZERO);

        String free = aws.uniqueName("q");
        users.create(User.builder().username(free).password("$2b$10$hash").build());
        List<QuotaScope.Counter> unlimited =
                quotas.countersFor(users.find(free).orElseThrow(), "/a.bin");
        quotas.charge(unlimited, 10, 1);
        java.util.List<Runnable> background = new java.util.ArrayList<>();
        quotas.charge(unlimited, -4, -1, background::add);
        quotas.charge(unlimited, 0, 0, background::add);
        assertThat(background).as("nothing to change, nothing queued").hasSize(1);
        User before = users.find(free).orElseThrow();
        assertThat(before.usedQuotaSize()).isEqualTo(10);
        background.get(0).run();
        User after = users.find(free).orElseThrow();
        assertThat(new QuotaUsage(after.usedQuotaSize(), after.usedQuotaFiles(), 0))
                .isEqualTo(new QuotaUsage(6, 0, 0));
    }
}
