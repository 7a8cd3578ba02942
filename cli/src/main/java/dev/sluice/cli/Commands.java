package dev.sluice.cli;

import dev.sluice.cli.admins.AdminsCommand;
import dev.sluice.cli.apikeys.ApiKeysCommand;
import dev.sluice.cli.connections.ConnectionsCommand;
import dev.sluice.cli.defender.DefenderCommand;
import dev.sluice.cli.folders.FoldersCommand;
import dev.sluice.cli.maintenance.DumpDataCommand;
import dev.sluice.cli.maintenance.LoadDataCommand;
import dev.sluice.cli.maintenance.LogoutCommand;
import dev.sluice.cli.maintenance.StatusCommand;
import dev.sluice.cli.maintenance.VersionCommand;
import dev.sluice.cli.quota.QuotaCommand;
import dev.sluice.cli.retention.RetentionCommand;
import dev.sluice.cli.users.CreateUserCommand;
import dev.sluice.cli.users.UserAddCommand;
import dev.sluice.cli.users.UserDeleteCommand;
import dev.sluice.cli.users.UserGetCommand;
import dev.sluice.cli.users.UserListCommand;
import dev.sluice.cli.users.UserUpdateCommand;
import dev.sluice.cli.users.UsersCommand;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command tree: the groups, the top-level commands, then SFTPGo's and SFTP Gateway's command
 * names as aliases of the grouped commands (so scripts written for either keep working).
 */
public final class Commands {

    /** SFTPGo's (and SFTP Gateway's) command names and the command each runs. */
    public static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        ALIASES.put("add-user", "users add");
        ALIASES.put("update-user", "users update");
        ALIASES.put("delete-user", "users delete");
        ALIASES.put("get-users", "users list");
        ALIASES.put("get-user-by-id", "users get");
        ALIASES.put("get-connections", "connections list");
        ALIASES.put("close-connection", "connections close");
        ALIASES.put("get-quota-scans", "quota scans");
        ALIASES.put("start-quota-scan", "quota scan");
        ALIASES.put("get-version", "version");
        ALIASES.put("get-provider-status", "status");
    }

    private Commands() {}

    /** Adds every sub-command to the root. */
    public static void register(CommandLine root) {
        root.addSubcommand(new UsersCommand());
        root.addSubcommand(new AdminsCommand());
        root.addSubcommand(new ApiKeysCommand());
        root.addSubcommand(new FoldersCommand());
        root.addSubcommand(new ConnectionsCommand());
        root.addSubcommand(new DefenderCommand());
        root.addSubcommand(new QuotaCommand());
        root.addSubcommand(new RetentionCommand());
        root.addSubcommand(new DumpDataCommand());
        root.addSubcommand(new LoadDataCommand());
        root.addSubcommand(new VersionCommand());
        root.addSubcommand(new StatusCommand());
        root.addSubcommand(new LogoutCommand());
        root.addSubcommand(new CreateUserCommand());
        root.addSubcommand(new dev.sluice.cli.convert.ConvertUsersCommand());
        root.addSubcommand(new CompletionCommand());
        alias(root, "add-user", UserAddCommand::new);
        alias(root, "update-user", UserUpdateCommand::new);
        alias(root, "delete-user", UserDeleteCommand::new);
        alias(root, "get-users", UserListCommand::new);
        alias(root, "get-user-by-id", UserGetCommand::new);
        alias(root, "get-connections", ConnectionsCommand.ListConnections::new);
        alias(root, "close-connection", ConnectionsCommand.Close::new);
        alias(root, "get-quota-scans", QuotaCommand.Scans::new);
        alias(root, "start-quota-scan", QuotaCommand.Scan::new);
        for (CommandLine sub : distinct(root.getSubcommands())) {
            ownOptionsOnly(sub);
        }
    }

    /** The distinct sub-commands of a command (picocli lists a command once per alias). */
    public static List<CommandLine> distinct(Map<String, CommandLine> subcommands) {
        Set<CommandLine> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<CommandLine> distinct = new ArrayList<>();
        for (CommandLine line : subcommands.values()) {
            if (seen.add(line)) {
                distinct.add(line);
            }
        }
        return distinct;
    }

    private static void alias(CommandLine root, String name, Supplier<Object> command) {
        CommandLine line = new CommandLine(command.get());
        String[] description = line.getCommandSpec().usageMessage().description();
        String[] described = new String[description.length + 1];
        described[0] = "SFTPGo's CLI name for `sluice " + ALIASES.get(name) + "`.";
        System.arraycopy(description, 0, described, 1, description.length);
        line.getCommandSpec().usageMessage().description(described);
        // Its usage line says the name it was called by, not the grouped command's.
        line.getCommandSpec().name(name);
        root.addSubcommand(name, line);
    }

    /** A sub-command's help lists its own options and points to the global ones once. */
    private static void ownOptionsOnly(CommandLine line) {
        line.getHelpSectionMap()
                .put(
                        UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                        help -> {
                            List<OptionSpec> own =
                                    help.commandSpec().options().stream()
                                            .filter(o -> !o.inherited())
                                            .toList();
                            return help.optionListExcludingGroups(own)
                                    + "Global options (--base-url, --api-key, --output, --debug,\n"
                                    + "--insecure, --[no-]color, --profile): see sluice --help.\n";
                        });
        for (CommandLine sub : distinct(line.getSubcommands())) {
            ownOptionsOnly(sub);
        }
    }
}
