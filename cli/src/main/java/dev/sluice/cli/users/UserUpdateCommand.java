package dev.sluice.cli.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.http.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice users update} ({@code update-user}): reads the user, applies the given options (and
 * the fields of {@code --from-file}), and writes it back with {@code PUT}, so fields not named stay
 * as they are.
 */
@Command(
        name = "update",
        description = {
            "Change a user: GET /api/v2/users/{username}, apply the options, PUT it back.",
            "Fields not given stay as they are; the password stays unless --password is given."
        },
        footer = {
            "",
            "Example:",
            "  sluice users update alice --quota-size 0 --denied-ip 192.0.2.0/24 --status 0"
        })
public final class UserUpdateCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The user to change.")
    String username;

    @Option(
            names = "--from-file",
            paramLabel = "FILE",
            description =
                    "JSON fields to set (top-level fields replace the current ones); - reads"
                            + " standard input. Options override it.")
    String fromFile;

    @Mixin UserFields fields;

    /** Creates the command (picocli instantiates it). */
    public UserUpdateCommand() {}

    @Override
    protected int run(Session session) {
        String path = "/api/v2/users/" + ApiClient.encode(username);
        ObjectNode user = (ObjectNode) session.api().getJson(path);
        if (fromFile != null) {
            user.setAll(session.readObject(fromFile, "--from-file"));
        }
        user.put("username", username);
        fields.applyTo(user, session);
        session.printer().body(session.api().put(path, Map.of(), session.json(user)).body());
        return ExitCodes.OK;
    }
}
