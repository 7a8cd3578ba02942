package dev.sluice.cli.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.ListingOptions;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice retention policies}: scheduled retention (Sluice extension). */
@Command(
        name = "policies",
        description = "Scheduled retention policies (/api/v2/retention/policies).",
        subcommands = {
            PoliciesCommand.ListPolicies.class,
            PoliciesCommand.Get.class,
            PoliciesCommand.Add.class,
            PoliciesCommand.Update.class,
            PoliciesCommand.Delete.class,
            PoliciesCommand.Run.class
        },
        footer = {"", "Example:", "  sluice retention policies list --output table"})
public final class PoliciesCommand {

    /** Creates the group (picocli instantiates it). */
    public PoliciesCommand() {}

    static String path(String name) {
        return "/api/v2/retention/policies/" + ApiClient.encode(name);
    }

    /** A policy's fields as options. */
    public static final class PolicyFields {
        @Mixin RetentionRules rules;

        @Option(names = "--description", description = "Free text.")
        String description;

        @Option(names = "--all-users", arity = "0..1", description = "Cover every user.")
        Boolean allUsers;

        @Option(
                names = "--usernames",
                arity = "1..*",
                split = ",",
                paramLabel = "USER",
                description = "Cover these users.")
        List<String> usernames;

        @Option(
                names = "--covers-folder",
                paramLabel = "FOLDER",
                description = "Cover a folder's users.")
        String folder;

        @Option(
                names = "--schedule",
                description =
                        "When it runs: an EventBridge expression, e.g. \"cron(0 3 * * ? *)\".")
        String schedule;

        @Option(names = "--timezone", description = "The schedule's time zone (default: UTC).")
        String timezone;

        @Option(
                names = "--recipient",
                arity = "1..*",
                paramLabel = "EMAIL",
                description = "Mail each run's report here; repeatable.")
        List<String> recipients;

        @Option(
                names = "--enabled",
                arity = "1",
                paramLabel = "true|false",
                description = "Whether it runs.")
        Boolean enabled;

        /** Creates the options. */
        public PolicyFields() {}

        void applyTo(ObjectNode policy) {
            if (rules.given()) {
                policy.set("folders", rules.toJson());
            }
            if (description != null) {
                policy.put("description", description);
            }
            if (allUsers != null || usernames != null || folder != null) {
                ObjectNode covers = policy.putObject("covers");
                if (allUsers != null) {
                    covers.put("all_users", allUsers);
                }
                if (usernames != null) {
                    usernames.forEach(covers.putArray("usernames")::add);
                }
                if (folder != null) {
                    covers.put("folder", folder);
                }
            }
            if (schedule != null) {
                policy.put("schedule", schedule);
            }
            if (timezone != null) {
                policy.put("timezone", timezone);
            }
            if (recipients != null) {
                recipients.forEach(policy.putArray("recipients")::add);
            }
            if (enabled != null) {
                policy.put("enabled", enabled);
            }
        }
    }

    /** {@code sluice retention policies list}. */
    @Command(
            name = "list",
            description = "List retention policies.",
            footer = {"", "Example:", "  sluice retention policies list --output table"})
    public static final class ListPolicies extends ApiCommand {
        @Mixin ListingOptions listing;

        /** Creates the command. */
        public ListPolicies() {}

        @Override
        protected int run(Session session) {
            session.printer()
                    .body(session.api().get("/api/v2/retention/policies", listing.query()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice retention policies get}. */
    @Command(
            name = "get",
            description = "Show a retention policy.",
            footer = {"", "Example:", "  sluice retention policies get nightly-logs"})
    public static final class Get extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy.")
        String name;

        /** Creates the command. */
        public Get() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get(path(name), Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice retention policies add}. */
    @Command(
            name = "add",
            description = "Create a retention policy and its schedule.",
            footer = {
                "",
                "Example:",
                "  sluice retention policies add nightly-logs --rule /logs::168 --all-users \\",
                "    --schedule \"cron(0 3 * * ? *)\" --recipient ops@example.com"
            })
    public static final class Add extends ApiCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The policy.")
        String name;

        @Option(
                names = "--from-file",
                paramLabel = "FILE",
                description = "A RetentionPolicy JSON document.")
        String fromFile;

        @Mixin PolicyFields fields;

        /** Creates the command. */
        public Add() {}

        @Override
        protected int run(Session session) {
            ObjectNode policy = session.newDocument(fromFile, "name", name, "NAME");
            fields.applyTo(policy);
            return session.create("/api/v2/retention/policies", policy);
        }
    }

    /** {@code sluice retention policies update}. */
    @Command(
            name = "update",
            description = "Change a retention policy: GET, apply the options, PUT.",
            footer = {
                "",
                "Example:",
                "  sluice retention policies update nightly-logs --enabled false"
            })
    public static final class Update extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy.")
        String name;

        @Option(names = "--from-file", paramLabel = "FILE", description = "JSON fields to set.")
        String fromFile;

        @Mixin PolicyFields fields;

        /** Creates the command. */
        public Update() {}

        @Override
        protected int run(Session session) {
            ObjectNode policy = (ObjectNode) session.api().getJson(path(name));
            if (fromFile != null) {
                policy.setAll(session.readObject(fromFile, "--from-file"));
            }
            policy.put("name", name);
            policy.remove("created_at");
            policy.remove("updated_at");
            fields.applyTo(policy);
            session.printer()
                    .body(session.api().put(path(name), Map.of(), session.json(policy)).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice retention policies delete}. */
    @Command(
            name = "delete",
            description = "Delete a retention policy and its schedule.",
            footer = {"", "Example:", "  sluice retention policies delete nightly-logs"})
    public static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy.")
        String name;

        /** Creates the command. */
        public Delete() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().delete(path(name)).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice retention policies run}. */
    @Command(
            name = "run",
            description = "Run a retention policy now (202), as its schedule would.",
            footer = {"", "Example:", "  sluice retention policies run nightly-logs"})
    public static final class Run extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy.")
        String name;

        /** Creates the command. */
        public Run() {}

        @Override
        protected int run(Session session) {
            session.printer()
                    .body(
                            session.api()
                                    .post(path(name) + "/run", Map.of(), Optional.empty())
                                    .body());
            return ExitCodes.OK;
        }
    }
}
