package dev.sluice.cli.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice users add} ({@code add-user}): {@code POST /api/v2/users}. */
@Command(
        name = "add",
        description = {
            "Create a user (POST /api/v2/users) from options or a JSON document.",
            "Unless given: status 1 (enabled) and every permission (*) on /."
        },
        footer = {
            "",
            "Example:",
            "  sluice users add alice --public-key \"$(cat alice.pub)\" \\",
            "    --quota-size 1073741824 --permissions list,download,upload \\",
            "    --subdirs-permissions \"/outbox::list,download\""
        })
public final class UserAddCommand extends ApiCommand {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "USERNAME",
            description = "The user's name (or the document's username).")
    String username;

    @Option(
            names = "--from-file",
            paramLabel = "FILE",
            description = "A User JSON document; - reads standard input. Options override it.")
    String fromFile;

    @Mixin UserFields fields;

    /** Creates the command (picocli instantiates it). */
    public UserAddCommand() {}

    @Override
    protected int run(Session session) {
        ObjectNode user = session.newDocument(fromFile, "username", username, "USERNAME");
        if (!user.has("status")) {
            user.put("status", 1);
        }
        if (!user.has("permissions") && fields.permissions == null) {
            user.putObject("permissions").putArray("/").add("*");
        }
        fields.applyTo(user, session);
        return session.create("/api/v2/users", user);
    }
}
