package dev.sluice.cli.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice retention}: data retention checks and policies (needs retention_checks). */
@Command(
        name = "retention",
        description = "Data retention checks and policies (/api/v2/retention).",
        subcommands = {
            RetentionCommand.Check.class,
            RetentionCommand.Checks.class,
            RetentionCommand.History.class,
            PoliciesCommand.class
        },
        footer = {"", "Example:", "  sluice retention check alice --rule /logs::24 --notify-email"})
public final class RetentionCommand {

    /** Creates the group (picocli instantiates it). */
    public RetentionCommand() {}

    /** {@code sluice retention check}. */
    @Command(
            name = "check",
            description = {
                "Start a retention check of a user's files (202; runs in the background).",
                "Deleting is irreversible; a shared virtual folder's files go for every user."
            },
            footer = {
                "",
                "Example:",
                "  sluice retention check alice --rule /logs::24 --rule /keep::0 \\",
                "    --delete-empty-dirs"
            })
    public static final class Check extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USERNAME", description = "The user.")
        String username;

        @Mixin RetentionRules rules;

        @Option(
                names = "--from-file",
                paramLabel = "FILE",
                description = "The rules as a JSON array (SFTPGo's FolderRetention).")
        String fromFile;

        @Option(names = "--notify-email", description = "Mail the report to the calling admin.")
        boolean notifyEmail;

        /** Creates the command. */
        public Check() {}

        @Override
        protected int run(Session session) {
            JsonNode body;
            if (fromFile != null) {
                body = session.readDocument(fromFile, "--from-file");
            } else if (rules.given()) {
                body = rules.toJson();
            } else {
                throw CliFailure.usage("give at least one --rule /path::hours, or --from-file");
            }
            Map<String, String> query = notifyEmail ? Map.of("notifications", "Email") : Map.of();
            session.printer()
                    .body(
                            session.api()
                                    .post(
                                            "/api/v2/retention/users/"
                                                    + ApiClient.encode(username)
                                                    + "/check",
                                            query,
                                            Optional.of(session.json(body)))
                                    .body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice retention checks}. */
    @Command(
            name = "checks",
            description = "The retention checks running now.",
            footer = {"", "Example:", "  sluice retention checks --output table"})
    public static final class Checks extends ApiCommand {
        /** Creates the command. */
        public Checks() {}

        @Override
        protected int run(Session session) {
            session.printer()
                    .body(session.api().get("/api/v2/retention/users/checks", Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice retention history}. */
    @Command(
            name = "history",
            description = "Recent retention checks and what each deleted (Sluice extension).",
            footer = {"", "Example:", "  sluice retention history --limit 1"})
    public static final class History extends ApiCommand {
        @Option(names = "--limit", description = "At most this many (1-500).")
        Integer limit;

        /** Creates the command. */
        public History() {}

        @Override
        protected int run(Session session) {
            Map<String, String> query =
                    limit == null ? Map.of() : Map.of("limit", limit.toString());
            session.printer()
                    .body(
                            session.api()
                                    .get("/api/v2/retention/users/checks/history", query)
                                    .body());
            return ExitCodes.OK;
        }
    }
}
