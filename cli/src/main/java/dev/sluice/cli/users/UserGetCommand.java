package dev.sluice.cli.users;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice users get} ({@code get-user-by-id}): {@code GET /api/v2/users/{username}}. */
@Command(
        name = "get",
        description = "Show a user (GET /api/v2/users/{username}).",
        footer = {"", "Example:", "  sluice users get alice --output table"})
public final class UserGetCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The user's name.")
    String username;

    /** Creates the command (picocli instantiates it). */
    public UserGetCommand() {}

    @Override
    protected int run(Session session) {
        session.printer()
                .body(
                        session.api()
                                .get("/api/v2/users/" + ApiClient.encode(username), Map.of())
                                .body());
        return ExitCodes.OK;
    }
}
