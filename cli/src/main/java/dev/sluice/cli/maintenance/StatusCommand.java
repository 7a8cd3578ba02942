package dev.sluice.cli.maintenance;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiRefusal;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code sluice status} ({@code get-provider-status}): whether the data store answers. */
@Command(
        name = "status",
        aliases = "get-provider-status",
        description = {
            "Service status (GET /api/v2/status; needs view_status).",
            "Exit code 1, with the status on standard output, when a service does not answer."
        },
        footer = {"", "Example:", "  sluice status || echo 'the data store is down'"})
public final class StatusCommand extends ApiCommand {

    /** Creates the command (picocli instantiates it). */
    public StatusCommand() {}

    @Override
    protected int run(Session session) {
        try {
            session.printer().body(session.api().get("/api/v2/status", Map.of()).body());
            return ExitCodes.OK;
        } catch (ApiRefusal refusal) {
            if (refusal.status() != 500) {
                throw refusal;
            }
            // A 500 here is a status report (a service is down), not an error body.
            session.printer().body(refusal.body());
            return ExitCodes.API_REFUSED;
        }
    }
}
