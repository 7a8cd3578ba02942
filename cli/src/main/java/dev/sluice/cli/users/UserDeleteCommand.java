package dev.sluice.cli.users;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice users delete}, also {@code delete-user}: SFTPGo's CLI names the user as an
 * argument, SFTP Gateway's with {@code --username}; both work.
 */
@Command(
        name = "delete",
        description = "Delete a user (DELETE /api/v2/users/{username}); files stay in S3.",
        footer = {
            "",
            "Examples:",
            "  sluice users delete alice",
            "  sluice delete-user --username alice"
        })
public final class UserDeleteCommand extends ApiCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "USERNAME", description = "The user.")
    String username;

    @Option(names = "--username", paramLabel = "USERNAME", description = "The user (SFTP Gateway).")
    String usernameOption;

    /** Creates the command (picocli instantiates it). */
    public UserDeleteCommand() {}

    @Override
    protected int run(Session session) {
        if ((username == null) == (usernameOption == null)) {
            throw CliFailure.usage("name the user once: USERNAME or --username USERNAME");
        }
        String name = username != null ? username : usernameOption;
        session.printer()
                .body(session.api().delete("/api/v2/users/" + ApiClient.encode(name)).body());
        return ExitCodes.OK;
    }
}
