package dev.sluice.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.admins.Admin;
import dev.sluice.jobs.Deadline;
import dev.sluice.jobs.JobKind;
import dev.sluice.jobs.JobRun;
import dev.sluice.jobs.JobRuns;
import dev.sluice.jobs.JobState;
import dev.sluice.json.Json;
import dev.sluice.passwords.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a dump (SFTPGo's {@code loaddata}): each object restored atomically and idempotently
 * ({@link ObjectRestorer}), the whole resumable.
 *
 * <p>A restore is a job run keyed by a digest of the dump and its options. It checkpoints its
 * cursor and report every {@link #CHECKPOINT_EVERY} objects and when its time is up (an API call
 * must answer within API Gateway's 30 s), and answers {@link Paused}; sending the same dump again
 * continues from the checkpoint. A restore whose request died is continued the same way: objects
 * written after its last checkpoint are found equal and not written twice.
 */
public final class Restore {

    /** Objects between checkpoints: the most a crash makes a resumed restore compare again. */
    static final int CHECKPOINT_EVERY = 25;

    /**
     * How long a call holds its restore: longer than any call lasts (API Gateway ends one at 30 s),
     * so a second call on the same restore answers {@link Busy} instead of writing the same objects
     * at once; a call that died frees it after this.
     */
    static final long HOLD_MILLIS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(Restore.class);

    private static final Map<String, String> SECTION_OF =
            Map.of(
                    "folder", "folders",
                    "user", "users",
                    "admin", "admins",
                    "api_key", "api_keys",
                    "retention_policy", "retention_policies");

    /** How a call to {@link #run} ended. */
    public sealed interface Result permits Finished, Paused, Busy {}

    /** Every object was handled. */
    public record Finished(String runId, int objects, RestoreReport report) implements Result {}

    /** Time ran out after {@code done} of {@code objects}: send the same dump again to go on. */
    public record Paused(String runId, int done, int objects, RestoreReport report)
            implements Result {}

    /** Another request is advancing this very restore now. */
    public record Busy(String runId) implements Result {}

    private final ObjectRestorer restorer;
    private final JobRuns runs;
    private final Clock clock;

    public Restore(RestoreServices services, JobRuns runs, PasswordHasher hasher, Clock clock) {
        this.restorer = new ObjectRestorer(services, hasher, clock);
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * Restores {@code dump} on behalf of {@code actor}, or continues the unfinished restore of the
     * same dump with the same options, until done or {@code deadline}.
     *
     * @throws dev.sluice.validation.ValidationException when the dump is not a readable {@code
     *     BackupData} (nothing is written)
     */
    public Result run(byte[] dump, RestoreOptions options, Admin actor, Deadline deadline) {
        DumpReader.Dump parsed = DumpReader.read(dump);
        String subject = subject(dump, options);
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("mode", options.mode().code());
        request.put("scan_quota", options.scanQuota().code());
        request.put("objects", parsed.entries().size());
        request.put("version", parsed.version());
        JobRun fresh =
                JobRun.start(
                        "restore-" + UUID.randomUUID(),
                        JobKind.RESTORE,
                        subject,
                        Optional.empty(),
                        clock.millis(),
                        actor.username(),
                        List.of(),
                        request);
        JobRun run;
        switch (runs.start(fresh)) {
            case JobRuns.Started started -> run = started.run();
            case JobRuns.Busy busy -> {
                Optional<JobRun> held = runs.get(busy.runningId()).filter(JobRun::running);
                if (held.isEmpty()) {
                    return new Busy(busy.runningId());
                }
                run = held.get();
                log.info("continuing restore {} (requested by {})", run.id(), actor.username());
            }
        }
        if (run.progress().path("held_until").asLong(0) > clock.millis()) {
            return new Busy(run.id());
        }
        int cursor = run.progress().path("cursor").asInt(0);
        RestoreReport report =
                run.progress().has("report")
                        ? Json.mapper()
                                .convertValue(run.progress().get("report"), RestoreReport.class)
                        : RestoreReport.empty().note(parsed.notes());
        // Hold it: of two calls that read the same checkpoint, only one saves this.
        Optional<JobRun> held = checkpoint(run, cursor, report, true);
        if (held.isEmpty()) {
            return new Busy(run.id());
        }
        run = held.get();
        List<DumpReader.Entry> entries = parsed.entries();
        int sinceCheckpoint = 0;
        while (cursor < entries.size()) {
            if (deadline.near()) {
                Optional<JobRun> saved = checkpoint(run, cursor, report, false);
                if (saved.isEmpty()) {
                    return new Busy(run.id());
                }
                return new Paused(run.id(), cursor, entries.size(), report);
            }
            DumpReader.Entry entry = entries.get(cursor);
            ObjectRestorer.Applied applied = restorer.apply(entry, cursor, options, actor);
            report =
                    report.count(SECTION_OF.get(entry.type()), applied.outcome())
                            .note(applied.notes());
            cursor++;
            if (++sinceCheckpoint == CHECKPOINT_EVERY && cursor < entries.size()) {
                Optional<JobRun> saved = checkpoint(run, cursor, report, true);
                if (saved.isEmpty()) {
                    return new Busy(run.id());
                }
                run = saved.get();
                sinceCheckpoint = 0;
            }
        }
        // The report is kept once, as the result (one item holds at most 400 KB).
        JsonNode result = Json.mapper().valueToTree(report);
        ObjectNode last = Json.mapper().createObjectNode().put("cursor", cursor);
        Optional<JobRun> finished =
                runs.finish(
                        run.withProgress(last)
                                .finished(
                                        JobState.FINISHED,
                                        clock.millis(),
                                        result,
                                        Optional.empty()));
        if (finished.isEmpty()) {
            return new Busy(run.id());
        }
        return new Finished(run.id(), entries.size(), report);
    }

    /** Saves the cursor and the report; {@code hold} keeps other calls off for a while. */
    private Optional<JobRun> checkpoint(
            JobRun run, int cursor, RestoreReport report, boolean hold) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("cursor", cursor);
        if (hold) {
            node.put("held_until", clock.millis() + HOLD_MILLIS);
        }
        node.set("report", Json.mapper().valueToTree(report));
        return runs.save(run.withProgress(node), List.of());
    }

    /** The dump's digest and the options: the same restore asked again resumes. */
    static String subject(byte[] dump, RestoreOptions options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(dump);
            sha.update(
                    ("\0mode=" + options.mode().code() + "\0scan=" + options.scanQuota().code())
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
