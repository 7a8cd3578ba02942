package dev.sluice.cli.quota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice quota}: scans and usage counters of users and folders (needs quota_scans). */
@Command(
        name = "quota",
        description = "Quota scans and used-quota counters (/api/v2/quotas).",
        subcommands = {
            QuotaCommand.Scan.class,
            QuotaCommand.Scans.class,
            QuotaCommand.Usage.class,
            QuotaCommand.History.class
        },
        footer = {"", "Example:", "  sluice quota scan alice && sluice quota scans"})
public final class QuotaCommand {

    /** Creates the group (picocli instantiates it). */
    public QuotaCommand() {}

    static String target(String name, boolean folder) {
        return (folder ? "/api/v2/quotas/folders/" : "/api/v2/quotas/users/")
                + ApiClient.encode(name);
    }

    /** {@code sluice quota scan} ({@code start-quota-scan}). */
    @Command(
            name = "scan",
            description = "Start a quota scan of a user, or of a folder with --folder (202).",
            footer = {
                "",
                "Examples:",
                "  sluice quota scan alice",
                "  sluice quota scan --folder reports"
            })
    public static final class Scan extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user (or folder).")
        String name;

        @Option(names = "--folder", description = "NAME is a folder.")
        boolean folder;

        /** Creates the command. */
        public Scan() {}

        @Override
        protected int run(Session session) {
            session.printer()
                    .body(
                            session.api()
                                    .post(
                                            target(name, folder) + "/scan",
                                            Map.of(),
                                            Optional.empty())
                                    .body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice quota scans} ({@code get-quota-scans}). */
    @Command(
            name = "scans",
            description = "The quota scans running now (users; folders with --folders).",
            footer = {"", "Example:", "  sluice quota scans --output table"})
    public static final class Scans extends ApiCommand {
        @Option(names = "--folders", description = "Folder scans instead of user scans.")
        boolean folders;

        /** Creates the command. */
        public Scans() {}

        @Override
        protected int run(Session session) {
            String path = folders ? "/api/v2/quotas/folders/scans" : "/api/v2/quotas/users/scans";
            session.printer().body(session.api().get(path, Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice quota usage}: set or adjust the used-quota counters. */
    @Command(
            name = "usage",
            description = {
                "Set (--mode reset, default) or adjust (--mode add) a user's or folder's used quota",
                "(PUT /api/v2/quotas/{users|folders}/{name}/usage; needs quota_scans or edit_users)."
            },
            footer = {"", "Example:", "  sluice quota usage alice --used-size 0 --used-files 0"})
    public static final class Usage extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user (or folder).")
        String name;

        @Option(names = "--folder", description = "NAME is a folder.")
        boolean folder;

        @Option(names = "--used-size", description = "Bytes (negative with --mode add subtracts).")
        Long usedSize;

        @Option(names = "--used-files", description = "Files.")
        Integer usedFiles;

        @Option(names = "--mode", description = "reset (default) or add.")
        String mode;

        /** Creates the command. */
        public Usage() {}

        @Override
        protected int run(Session session) {
            if (usedSize == null && usedFiles == null) {
                throw CliFailure.usage("give --used-size and/or --used-files");
            }
            ObjectNode body = session.mapper().createObjectNode();
            if (usedSize != null) {
                body.put("used_quota_size", usedSize);
            }
            if (usedFiles != null) {
                body.put("used_quota_files", usedFiles);
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (mode != null) {
                query.put("mode", mode);
            }
            session.printer()
                    .body(
                            session.api()
                                    .put(target(name, folder) + "/usage", query, session.json(body))
                                    .body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice quota history}. */
    @Command(
            name = "history",
            description = "Quota scans, running and finished, newest first (Sluice extension).",
            footer = {"", "Example:", "  sluice quota history --limit 5 --output table"})
    public static final class History extends ApiCommand {
        @Option(names = "--limit", description = "At most this many (1-500).")
        Integer limit;

        /** Creates the command. */
        public History() {}

        @Override
        protected int run(Session session) {
            Map<String, String> query =
                    limit == null ? Map.of() : Map.of("limit", limit.toString());
            session.printer().body(session.api().get("/api/v2/quotas/scans/history", query).body());
            return ExitCodes.OK;
        }
    }
}
