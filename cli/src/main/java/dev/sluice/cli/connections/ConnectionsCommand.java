package dev.sluice.cli.connections;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice connections}: active SFTP sessions. */
@Command(
        name = "connections",
        description = "Active SFTP sessions (/api/v2/connections).",
        subcommands = {ConnectionsCommand.ListConnections.class, ConnectionsCommand.Close.class},
        footer = {"", "Example:", "  sluice connections list --output table"})
public final class ConnectionsCommand {

    /** Creates the group (picocli instantiates it). */
    public ConnectionsCommand() {}

    /** {@code sluice connections list} ({@code get-connections}). */
    @Command(
            name = "list",
            description = "List active sessions on every server task (needs view_conns).",
            footer = {"", "Example:", "  sluice connections list --output table"})
    public static final class ListConnections extends ApiCommand {
        /** Creates the command. */
        public ListConnections() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get("/api/v2/connections", Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice connections close} ({@code close-connection}). */
    @Command(
            name = "close",
            description =
                    "Close a session (needs close_conns); its task disconnects it at its next"
                            + " heartbeat.",
            footer = {"", "Example:", "  sluice connections close f82cfec6a391ad67"})
    public static final class Close extends ApiCommand {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTION_ID",
                description = "From connections list.")
        String id;

        /** Creates the command. */
        public Close() {}

        @Override
        protected int run(Session session) {
            session.printer()
                    .body(
                            session.api()
                                    .delete("/api/v2/connections/" + ApiClient.encode(id))
                                    .body());
            return ExitCodes.OK;
        }
    }
}
