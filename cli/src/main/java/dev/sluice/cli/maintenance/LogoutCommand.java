package dev.sluice.cli.maintenance;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code sluice logout}: revokes the token the CLI holds for this admin. */
@Command(
        name = "logout",
        description =
                "Revoke the cached token (GET /api/v2/logout); the next command gets a new one.",
        footer = {"", "Example:", "  sluice --user admin logout"})
public final class LogoutCommand extends ApiCommand {

    /** Creates the command (picocli instantiates it). */
    public LogoutCommand() {}

    @Override
    protected int run(Session session) {
        session.printer().body(session.api().get("/api/v2/logout", Map.of()).body());
        return ExitCodes.OK;
    }
}
