package dev.sluice.cli.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * SFTP Gateway's {@code create-user}: an enabled user with every permission on a home in the
 * installation's bucket ({@code provider 0}, under {@code users/<name>/}) or, with {@code
 * --bucket-name}, at {@code <name>/} in that bucket ({@code provider 1}).
 */
@Command(
        name = "create-user",
        description = {
            "SFTP Gateway's shortcut: create an enabled user with full rights on a home in a"
                    + " bucket.",
            "Without --bucket-name the home is in the installation's bucket (users/<name>/);"
                    + " with it, <name>/ in that bucket (which Sluice's role must reach)."
        },
        footer = {
            "",
            "Example:",
            "  sluice create-user --username robtest --bucket-name my-bucket-name \\",
            "    --public-key \"$(cat robtest.pub)\""
        })
public final class CreateUserCommand extends ApiCommand {

    @Option(names = "--username", required = true, description = "The user name.")
    String username;

    @Option(
            names = "--bucket-name",
            description = "The S3 bucket for the user's files (default: the installation's).")
    String bucketName;

    @Option(
            names = "--public-key",
            arity = "1..*",
            paramLabel = "KEY",
            description = "An OpenSSH public key line; repeatable.")
    List<String> publicKeys;

    @Option(names = "--password", description = "A password (8-1024 characters).")
    String password;

    /** Creates the command (picocli instantiates it). */
    public CreateUserCommand() {}

    @Override
    protected int run(Session session) {
        ObjectNode user = session.mapper().createObjectNode();
        user.put("username", username).put("status", 1);
        UserFields.set(user, "password", password);
        if (publicKeys != null) {
            user.set("public_keys", UserFields.strings(user, publicKeys));
        }
        user.putObject("permissions").putArray("/").add("*");
        if (bucketName != null) {
            ObjectNode filesystem = user.putObject("filesystem").put("provider", 1);
            filesystem
                    .putObject("s3config")
                    .put("bucket", bucketName)
                    .put("key_prefix", username + "/");
        }
        session.printer()
                .body(
                        session.api()
                                .post("/api/v2/users", Map.of(), Optional.of(session.json(user)))
                                .body());
        return ExitCodes.OK;
    }
}
