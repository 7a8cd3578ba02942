package dev.sluice.cli.maintenance;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice loaddata}: restores a dump sent from a local file or kept in the installation's
 * bucket, calling again while the API answers 202 (a restore that ran out of time goes on from
 * where it stopped), then shows the restore report.
 */
@Command(
        name = "loaddata",
        description = {
            "Restore a dump (needs manage_system and a token, not an API key): a local file"
                    + " (POST /api/v2/loaddata) or one in the installation's bucket (GET"
                    + " /api/v2/loaddata?input-file=).",
            "Calls again while the API answers 202 (time ran out), then prints the report."
        },
        footer = {
            "",
            "Examples:",
            "  sluice loaddata --input-file backup.json --mode 0 --scan-quota 2",
            "  sluice loaddata --from-bucket nightly.json"
        })
public final class LoadDataCommand extends ApiCommand {

    @Option(
            names = "--input-file",
            paramLabel = "FILE",
            description = "A local dump file (- stdin).")
    String inputFile;

    @Option(
            names = "--from-bucket",
            paramLabel = "NAME",
            description = "A dump under sluice/backups/ in the installation's bucket.")
    String fromBucket;

    @Option(
            names = "--mode",
            description =
                    "0 add and update (default), 1 add only, 2 also close changed users' sessions.")
    Integer mode;

    @Option(
            names = "--scan-quota",
            description = "0 no scan (default), 1 scan every restored user, 2 those with a quota.")
    Integer scanQuota;

    @Option(
            names = "--max-rounds",
            defaultValue = "100",
            description = "Give up after this many 202 answers (default: ${DEFAULT-VALUE}).")
    int maxRounds;

    /** Creates the command (picocli instantiates it). */
    public LoadDataCommand() {}

    @Override
    protected int run(Session session) {
        if ((inputFile == null) == (fromBucket == null)) {
            throw CliFailure.usage("give either --input-file FILE or --from-bucket NAME");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (fromBucket != null) {
            query.put("input-file", fromBucket);
        }
        if (mode != null) {
            query.put("mode", mode.toString());
        }
        if (scanQuota != null) {
            query.put("scan-quota", scanQuota.toString());
        }
        Optional<String> body = Optional.ofNullable(inputFile).map(f -> read(session, f));
        return load(session, query, body, maxRounds);
    }

    /**
     * Calls {@code loaddata} (a POST of {@code body}, or a GET of a file in the bucket) and calls
     * again while it answers 202 (a restore continues where it stopped), at most {@code maxRounds}
     * times; prints the final report. Shared with {@code convert-users --apply}.
     */
    public static int load(
            Session session, Map<String, String> query, Optional<String> body, int maxRounds) {
        for (int round = 1; ; round++) {
            ApiResponse response =
                    body.isPresent()
                            ? session.api().post("/api/v2/loaddata", query, body)
                            : session.api().get("/api/v2/loaddata", query);
            if (response.status() != 202) {
                session.printer().body(response.body());
                return ExitCodes.OK;
            }
            if (round >= maxRounds) {
                session.printer().body(response.body());
                throw new CliFailure(
                        ExitCodes.API_REFUSED,
                        "the restore is still in progress after "
                                + round
                                + " calls; run the same command again to go on");
            }
            session.errors().progress("restore in progress (202); calling again (" + round + ")");
        }
    }

    private static String read(Session session, String file) {
        if (file.equals("-")) {
            try {
                return new String(session.env().in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliFailure.usage("--input-file: cannot read standard input: " + e);
            }
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("--input-file: cannot read " + file + ": " + e);
        }
    }
}
