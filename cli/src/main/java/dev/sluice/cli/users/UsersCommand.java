package dev.sluice.cli.users;

import picocli.CommandLine.Command;

/** {@code sluice users}: the user routes. */
@Command(
        name = "users",
        description = "Manage SFTP users (/api/v2/users).",
        subcommands = {
            UserAddCommand.class,
            UserUpdateCommand.class,
            UserGetCommand.class,
            UserListCommand.class,
            UserDeleteCommand.class
        },
        footer = {"", "Example:", "  sluice users list --output table"})
public final class UsersCommand {

    /** Creates the group (picocli instantiates it). */
    public UsersCommand() {}
}
