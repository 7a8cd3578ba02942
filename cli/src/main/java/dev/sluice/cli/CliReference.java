package dev.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Writes the command reference of docs/cli.md from the command definitions: every command's {@code
 * --help}, then the table of SFTPGo's command names. {@code CliReferenceTest} fails when the page
 * is out of date and rewrites it with {@code -Dsluice.docs.update=true}.
 */
public final class CliReference {

    private CliReference() {}

    /** The Markdown reference. */
    public static String markdown() {
        CommandLine root = tree();
        StringBuilder text = new StringBuilder();
        section(text, "sluice", root);
        text.append("### SFTPGo's command names\n\n")
                .append("| SFTPGo CLI | runs |\n")
                .append("| --- | --- |\n");
        Commands.ALIASES.forEach(
                (alias, target) ->
                        text.append("| `")
                                .append(alias)
                                .append("` | `sluice ")
                                .append(target)
                                .append("` |\n"));
        return text.toString();
    }

    /** The command tree, with streams that go nowhere. */
    static CommandLine tree() {
        StringWriter ignored = new StringWriter();
        CliEnvironment env =
                new CliEnvironment(
                        Map.of(),
                        new PrintWriter(ignored),
                        new PrintWriter(ignored),
                        java.io.InputStream.nullInputStream(),
                        question -> Optional.empty(),
                        false);
        return Sluice.commandLine(env, Clock.systemUTC());
    }

    private static void section(StringBuilder text, String path, CommandLine line) {
        text.append("### `")
                .append(path)
                .append("`\n\n```text\n")
                .append(line.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                .append("\n```\n\n");
        for (CommandLine sub : Commands.distinct(line.getSubcommands())) {
            String name = sub.getCommandName();
            if (!Commands.ALIASES.containsKey(name)) {
                section(text, path + " " + name, sub);
            }
        }
    }
}
