package dev.sluice.cli.folders;

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

/** {@code sluice folders}: virtual folders (needs {@code manage_folders} or the user rights). */
@Command(
        name = "folders",
        description = "Manage virtual folders (/api/v2/folders).",
        subcommands = {
            FoldersCommand.Add.class,
            FoldersCommand.Update.class,
            FoldersCommand.Get.class,
            FoldersCommand.ListFolders.class,
            FoldersCommand.Delete.class
        },
        footer = {"", "Example:", "  sluice folders add reports --description \"shared reports\""})
public final class FoldersCommand {

    /** Creates the group (picocli instantiates it). */
    public FoldersCommand() {}

    static String path(String name) {
        return "/api/v2/folders/" + ApiClient.encode(name);
    }

    /** The folder fields as options. */
    public static final class FolderFields {
        @Option(names = "--description", description = "Free text.")
        String description;

        @Option(names = "--s3-bucket", description = "Keep the files in this bucket (provider 1).")
        String s3Bucket;

        @Option(names = "--s3-key-prefix", description = "Key prefix in that bucket.")
        String s3KeyPrefix;

        @Option(names = "--s3-region", description = "The bucket's region.")
        String s3Region;

        @Option(names = "--s3-endpoint", description = "An S3-compatible endpoint URL.")
        String s3Endpoint;

        /** Creates the options. */
        public FolderFields() {}

        void applyTo(ObjectNode folder) {
            if (description != null) {
                folder.put("description", description);
            }
            if (s3Bucket == null && s3KeyPrefix == null && s3Region == null && s3Endpoint == null) {
                return;
            }
            ObjectNode filesystem =
                    folder.get("filesystem") instanceof ObjectNode f
                            ? f
                            : folder.putObject("filesystem");
            filesystem.put("provider", 1);
            ObjectNode s3 =
                    filesystem.get("s3config") instanceof ObjectNode c
                            ? c
                            : filesystem.putObject("s3config");
            put(s3, "bucket", s3Bucket);
            put(s3, "key_prefix", s3KeyPrefix);
            put(s3, "region", s3Region);
            put(s3, "endpoint", s3Endpoint);
        }

        private static void put(ObjectNode node, String field, String value) {
            if (value != null) {
                node.put(field, value);
            }
        }
    }

    /** {@code sluice folders add}. */
    @Command(
            name = "add",
            description =
                    "Create a folder (POST /api/v2/folders); default: in the installation's bucket.",
            footer = {
                "",
                "Example:",
                "  sluice folders add reports --description \"monthly reports\""
            })
    public static final class Add extends ApiCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The folder.")
        String name;

        @Option(names = "--from-file", paramLabel = "FILE", description = "A folder JSON document.")
        String fromFile;

        @Mixin FolderFields fields;

        /** Creates the command. */
        public Add() {}

        @Override
        protected int run(Session session) {
            ObjectNode folder = session.newDocument(fromFile, "name", name, "NAME");
            fields.applyTo(folder);
            return session.create("/api/v2/folders", folder);
        }
    }

    /** {@code sluice folders update}. */
    @Command(
            name = "update",
            description = "Change a folder: GET, apply the options, PUT.",
            footer = {"", "Example:", "  sluice folders update reports --description archive"})
    public static final class Update extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The folder.")
        String name;

        @Option(names = "--from-file", paramLabel = "FILE", description = "JSON fields to set.")
        String fromFile;

        @Mixin FolderFields fields;

        /** Creates the command. */
        public Update() {}

        @Override
        protected int run(Session session) {
            ObjectNode folder = (ObjectNode) session.api().getJson(path(name));
            if (fromFile != null) {
                folder.setAll(session.readObject(fromFile, "--from-file"));
            }
            folder.put("name", name);
            fields.applyTo(folder);
            session.printer()
                    .body(session.api().put(path(name), Map.of(), session.json(folder)).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice folders get}. */
    @Command(
            name = "get",
            description = "Show a folder (GET /api/v2/folders/{name}).",
            footer = {"", "Example:", "  sluice folders get reports"})
    public static final class Get extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The folder.")
        String name;

        /** Creates the command. */
        public Get() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get(path(name), Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice folders list}. */
    @Command(
            name = "list",
            description = "List folders (GET /api/v2/folders).",
            footer = {"", "Example:", "  sluice folders list --output table"})
    public static final class ListFolders extends ApiCommand {
        @Mixin ListingOptions listing;

        /** Creates the command. */
        public ListFolders() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get("/api/v2/folders", listing.query()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice folders delete}. */
    @Command(
            name = "delete",
            description = "Delete a folder (DELETE /api/v2/folders/{name}).",
            footer = {"", "Example:", "  sluice folders delete reports"})
    public static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The folder.")
        String name;

        /** Creates the command. */
        public Delete() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().delete(path(name)).body());
            return ExitCodes.OK;
        }
    }
}
