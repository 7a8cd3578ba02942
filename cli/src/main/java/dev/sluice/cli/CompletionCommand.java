package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice completion bash|zsh}: a completion script from the command definitions. */
@Command(
        name = "completion",
        description = "Print a shell completion script (bash, or zsh through bashcompinit).",
        footer = {
            "",
            "Examples:",
            "  sluice completion bash > ~/.local/share/bash-completion/completions/sluice",
            "  sluice completion zsh > \"$${fpath[1]}/_sluice\"",
            "  source <(sluice completion bash)"
        })
public final class CompletionCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    /** The shells a script is written for. */
    public enum Shell {
        /** Bash 4+. */
        bash,
        /** Zsh, through its bash completion emulation. */
        zsh
    }

    /** Creates the command (picocli instantiates it). */
    public CompletionCommand() {}

    @Override
    public Integer call() {
        String script = AutoComplete.bash("sluice", spec.root().commandLine());
        if (shell == Shell.zsh) {
            script =
                    "#compdef sluice\n"
                            + "autoload -U +X compinit && compinit\n"
                            + "autoload -U +X bashcompinit && bashcompinit\n"
                            + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
