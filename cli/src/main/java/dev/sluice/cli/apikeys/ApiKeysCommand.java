package dev.sluice.cli.apikeys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.ListingOptions;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice apikeys}: the API key routes (needs {@code manage_apikeys}). */
@Command(
        name = "apikeys",
        description = "Manage API keys (/api/v2/apikeys; needs manage_apikeys and a token).",
        subcommands = {
            ApiKeysCommand.Add.class,
            ApiKeysCommand.Update.class,
            ApiKeysCommand.Get.class,
            ApiKeysCommand.ListKeys.class,
            ApiKeysCommand.Delete.class
        },
        footer = {"", "Example:", "  sluice apikeys add --name ci --for-admin admin"})
public final class ApiKeysCommand {

    /** Creates the group (picocli instantiates it). */
    public ApiKeysCommand() {}

    static String path(String id) {
        return "/api/v2/apikeys/" + ApiClient.encode(id);
    }

    /** The fields of a key as options. */
    public static final class KeyFields {
        @Option(names = "--name", description = "The key's name.")
        String name;

        @Option(names = "--description", description = "Free text.")
        String description;

        @Option(
                names = "--expires",
                paramLabel = "YYYY-MM-DD",
                description = "The key stops working at this date's start (UTC); \"\" never.")
        String expires;

        /** Creates the options. */
        public KeyFields() {}

        void applyTo(ObjectNode key) {
            if (name != null) {
                key.put("name", name);
            }
            if (description != null) {
                key.put("description", description);
            }
            if (expires != null) {
                try {
                    key.put(
                            "expires_at",
                            expires.isBlank()
                                    ? 0
                                    : LocalDate.parse(expires)
                                            .atStartOfDay(ZoneOffset.UTC)
                                            .toInstant()
                                            .toEpochMilli());
                } catch (DateTimeParseException e) {
                    throw CliFailure.usage(
                            "--expires: expected YYYY-MM-DD, got \"" + expires + "\"");
                }
            }
        }
    }

    /** {@code sluice apikeys add}: the key is shown once. */
    @Command(
            name = "add",
            description = {
                "Create an API key (POST /api/v2/apikeys). The answer holds the key: it is shown"
                        + " once.",
                "--for-admin binds an admin key (scope 1), --for-user a user key (scope 2);"
                        + " a key bound to nobody names its identity per request (key.username)."
            },
            footer = {
                "",
                "Example:",
                "  sluice apikeys add --name \"ci pipeline\" --for-admin admin"
            })
    public static final class Add extends ApiCommand {
        @Mixin KeyFields fields;

        @Option(names = "--for-admin", paramLabel = "ADMIN", description = "Bind to this admin.")
        String admin;

        @Option(names = "--for-user", paramLabel = "USER", description = "Bind to this user.")
        String user;

        @Option(names = "--scope", description = "1 admin, 2 user (default: from --for-*).")
        Integer scope;

        @Option(
                names = "--from-file",
                paramLabel = "FILE",
                description = "An APIKey JSON document.")
        String fromFile;

        /** Creates the command. */
        public Add() {}

        @Override
        protected int run(Session session) {
            ObjectNode key =
                    fromFile == null
                            ? session.mapper().createObjectNode()
                            : session.readObject(fromFile, "--from-file"); // no name: an id is made
            fields.applyTo(key);
            if (admin != null && user != null) {
                throw CliFailure.usage("--for-admin and --for-user exclude each other");
            }
            if (admin != null) {
                key.put("admin", admin);
            }
            if (user != null) {
                key.put("user", user);
            }
            if (scope != null) {
                key.put("scope", scope);
            } else if (!key.has("scope")) {
                key.put("scope", user != null ? 2 : 1);
            }
            return session.create("/api/v2/apikeys", key);
        }
    }

    /** {@code sluice apikeys update}. */
    @Command(
            name = "update",
            description = "Change a key's name, description or expiry: GET, apply, PUT.",
            footer = {"", "Example:", "  sluice apikeys update 2Xk9... --expires 2027-01-01"})
    public static final class Update extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The key's id.")
        String id;

        @Mixin KeyFields fields;

        /** Creates the command. */
        public Update() {}

        @Override
        protected int run(Session session) {
            ObjectNode key = (ObjectNode) session.api().getJson(path(id));
            fields.applyTo(key);
            session.printer().body(session.api().put(path(id), Map.of(), session.json(key)).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice apikeys get}. */
    @Command(
            name = "get",
            description = "Show a key (GET /api/v2/apikeys/{id}); never the key itself.",
            footer = {"", "Example:", "  sluice apikeys get 2Xk9..."})
    public static final class Get extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The key's id.")
        String id;

        /** Creates the command. */
        public Get() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get(path(id), Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice apikeys list}. */
    @Command(
            name = "list",
            description = "List API keys (GET /api/v2/apikeys).",
            footer = {"", "Example:", "  sluice apikeys list --output table"})
    public static final class ListKeys extends ApiCommand {
        @Mixin ListingOptions listing;

        /** Creates the command. */
        public ListKeys() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get("/api/v2/apikeys", listing.query()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice apikeys delete}. */
    @Command(
            name = "delete",
            description = "Delete (revoke) an API key (DELETE /api/v2/apikeys/{id}).",
            footer = {"", "Example:", "  sluice apikeys delete 2Xk9..."})
    public static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The key's id.")
        String id;

        /** Creates the command. */
        public Delete() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().delete(path(id)).body());
            return ExitCodes.OK;
        }
    }
}
