package dev.sluice.cli.users;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.ListingOptions;
import dev.sluice.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice users list} ({@code get-users}): {@code GET /api/v2/users}. */
@Command(
        name = "list",
        description = "List users (GET /api/v2/users), ordered by name.",
        footer = {"", "Example:", "  sluice users list --limit 50 --order DESC --output table"})
public final class UserListCommand extends ApiCommand {

    @Mixin ListingOptions listing;

    /** Creates the command (picocli instantiates it). */
    public UserListCommand() {}

    @Override
    protected int run(Session session) {
        session.printer().body(session.api().get("/api/v2/users", listing.query()).body());
        return ExitCodes.OK;
    }
}
