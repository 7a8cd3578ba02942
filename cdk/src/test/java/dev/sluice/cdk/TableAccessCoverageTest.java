package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.api.ApiArea;
import dev.sluice.cdk.api.ApiArea.Capability;
import dev.sluice.cdk.jobs.Job;
import dev.sluice.cdk.sftp.SftpStack;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A table added to {@code Tables.ALL} is created on AWS automatically, but nobody may use it until
 * someone decides who does: this test fails until the new table appears in the access of an API
 * area ({@code dev.sluice.cdk.api.ApiArea}), a job ({@code dev.sluice.cdk.jobs.Job}) or the SFTP
 * tasks ({@code SftpStack.TABLES}). (The system area's backup/restore gets every table anyway.)
 */
class TableAccessCoverageTest {

    @Test
    void everySharedTableIsUsedBySomethingBesidesBackupAndRestore() {
        List<String> unused = new ArrayList<>();
        for (TableSpec spec : Tables.ALL) {
            boolean used =
                    SftpStack.TABLES.containsKey(spec)
                            || List.of(Job.values()).stream()
                                    .anyMatch(job -> job.tables().containsKey(spec))
                            || List.of(ApiArea.values()).stream()
                                    .filter(a -> a != ApiArea.SYSTEM)
                                    .anyMatch(a -> a.tables().containsKey(spec));
            if (!used) {
                unused.add(spec.id());
            }
        }
        assertThat(unused)
                .as(
                        "tables nothing is granted: add them to SftpStack.TABLES, a Job or an ApiArea in the cdk module")
                .isEmpty();
    }

    @Test
    void everyCapabilityIsHeldByTheAreasThatNeedItAndNoOther() {
        // A capability nobody holds is dead code; one held by many is a widened grant.
        Map<Capability, Set<ApiArea>> holders = new EnumMap<>(Capability.class);
        for (Capability capability : Capability.values()) {
            holders.put(
                    capability,
                    Arrays.stream(ApiArea.values())
                            .filter(a -> a.has(capability))
                            .collect(Collectors.toSet()));
        }
        assertThat(holders)
                .isEqualTo(
                        Map.of(
                                Capability.FIRST_ADMIN_SECRET,
                                Set.of(ApiArea.AUTH),
                                Capability.SEND_QUOTA_SCANS,
                                Set.of(ApiArea.USERS, ApiArea.BACKUPS),
                                Capability.SEND_RETENTION,
                                Set.of(ApiArea.RETENTION),
                                Capability.MANAGE_SCHEDULES,
                                Set.of(ApiArea.RETENTION, ApiArea.BACKUPS),
                                Capability.BACKUP_FILES,
                                Set.of(ApiArea.BACKUPS)));
    }

    @Test
    void theJobTablesAreUsedByTheirJobsAndTheAreasThatStartThem() {
        assertThat(Job.RETENTION.tables()).containsKeys(Tables.RETENTION_POLICIES, Tables.JOB_RUNS);
        assertThat(Job.QUOTA_SCAN.tables()).containsKey(Tables.JOB_RUNS);
        assertThat(ApiArea.RETENTION.tables())
                .containsKeys(Tables.RETENTION_POLICIES, Tables.JOB_RUNS);
        assertThat(ApiArea.USERS.tables()).containsKey(Tables.JOB_RUNS);
        // Nobody else touches retention policies (backups aside).
        for (ApiArea area : ApiArea.values()) {
            if (area != ApiArea.RETENTION && area != ApiArea.BACKUPS && area != ApiArea.SYSTEM) {
                assertThat(area.tables())
                        .as(area.name())
                        .doesNotContainKey(Tables.RETENTION_POLICIES);
            }
        }
        assertThat(SftpStack.TABLES).doesNotContainKeys(Tables.RETENTION_POLICIES, Tables.JOB_RUNS);
    }

    @Test
    void theBackupsAreaCanBackUpAndRestoreEveryTable() {
        assertThat(ApiArea.BACKUPS.tables().keySet())
                .containsExactlyInAnyOrderElementsOf(Tables.ALL);
    }
}
