package dev.sluice.cli.admins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.ListingOptions;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice admins}: the admin routes (needs {@code manage_admins}). */
@Command(
        name = "admins",
        description = "Manage admins (/api/v2/admins; needs manage_admins).",
        subcommands = {
            AdminsCommand.Add.class,
            AdminsCommand.Update.class,
            AdminsCommand.Get.class,
            AdminsCommand.ListAdmins.class,
            AdminsCommand.Delete.class
        },
        footer = {"", "Example:", "  sluice admins list --output table"})
public final class AdminsCommand {

    /** Creates the group (picocli instantiates it). */
    public AdminsCommand() {}

    static String path(String username) {
        return "/api/v2/admins/" + ApiClient.encode(username);
    }

    /** {@code sluice admins add}. */
    @Command(
            name = "add",
            description = "Create an admin (POST /api/v2/admins). Unless given: status 1.",
            footer = {
                "",
                "Example:",
                "  sluice admins add operator --password-file operator.password \\",
                "    --permissions view_users,view_conns,quota_scans --email ops@example.com"
            })
    public static final class Add extends ApiCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "USERNAME", description = "The name.")
        String username;

        @Option(names = "--from-file", paramLabel = "FILE", description = "An Admin JSON document.")
        String fromFile;

        @Mixin AdminFields fields;

        /** Creates the command. */
        public Add() {}

        @Override
        protected int run(Session session) {
            ObjectNode admin = session.newDocument(fromFile, "username", username, "USERNAME");
            if (!admin.has("status")) {
                admin.put("status", 1);
            }
            fields.applyTo(admin, session);
            return session.create("/api/v2/admins", admin);
        }
    }

    /** {@code sluice admins update}: read, change, write back. */
    @Command(
            name = "update",
            description = "Change an admin: GET, apply the options, PUT (the rest stays).",
            footer = {"", "Example:", "  sluice admins update operator --permissions view_users"})
    public static final class Update extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USERNAME", description = "The admin.")
        String username;

        @Option(names = "--from-file", paramLabel = "FILE", description = "JSON fields to set.")
        String fromFile;

        @Mixin AdminFields fields;

        /** Creates the command. */
        public Update() {}

        @Override
        protected int run(Session session) {
            ObjectNode admin = (ObjectNode) session.api().getJson(path(username));
            if (fromFile != null) {
                admin.setAll(session.readObject(fromFile, "--from-file"));
            }
            admin.put("username", username);
            fields.applyTo(admin, session);
            session.printer()
                    .body(session.api().put(path(username), Map.of(), session.json(admin)).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice admins get}. */
    @Command(
            name = "get",
            description = "Show an admin (GET /api/v2/admins/{username}).",
            footer = {"", "Example:", "  sluice admins get admin"})
    public static final class Get extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USERNAME", description = "The admin.")
        String username;

        /** Creates the command. */
        public Get() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get(path(username), Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice admins list}. */
    @Command(
            name = "list",
            description = "List admins (GET /api/v2/admins).",
            footer = {"", "Example:", "  sluice admins list --output table"})
    public static final class ListAdmins extends ApiCommand {
        @Mixin ListingOptions listing;

        /** Creates the command. */
        public ListAdmins() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get("/api/v2/admins", listing.query()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice admins delete}. */
    @Command(
            name = "delete",
            description = "Delete an admin (DELETE /api/v2/admins/{username}).",
            footer = {"", "Example:", "  sluice admins delete operator"})
    public static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USERNAME", description = "The admin.")
        String username;

        /** Creates the command. */
        public Delete() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().delete(path(username)).body());
            return ExitCodes.OK;
        }
    }
}
