package dev.sluice.cli.maintenance;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code sluice version} ({@code get-version}): the server's version. */
@Command(
        name = "version",
        aliases = "get-version",
        description = "The server's version (GET /api/v2/version); --version shows the CLI's.",
        footer = {"", "Example:", "  sluice version --output table"})
public final class VersionCommand extends ApiCommand {

    /** Creates the command (picocli instantiates it). */
    public VersionCommand() {}

    @Override
    protected int run(Session session) {
        session.printer().body(session.api().get("/api/v2/version", Map.of()).body());
        return ExitCodes.OK;
    }
}
