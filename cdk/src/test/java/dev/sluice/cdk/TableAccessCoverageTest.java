package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.api.ApiArea;
import dev.sluice.cdk.jobs.Job;
import dev.sluice.cdk.sftp.SftpStack;
import dev.sluice.dynamo.TableSpec;
import dev.sluice.dynamo.Tables;
import java.util.ArrayList;
import java.util.List;
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
    void theSystemAreaCanBackUpAndRestoreEveryTable() {
        assertThat(ApiArea.SYSTEM.tables().keySet())
                .containsExactlyInAnyOrderElementsOf(Tables.ALL);
    }
}
