package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A sub-command that talks to the API: gets its {@link Session} from the root command. */
public abstract class ApiCommand implements Callable<Integer> {

    /** Injected by picocli: this command's model. */
    @Spec protected CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    protected ApiCommand() {}

    @Override
    public final Integer call() {
        return run(((SluiceCommand) spec.root().userObject()).session());
    }

    /**
     * Does the command's job.
     *
     * @return the exit code (normally {@link ExitCodes#OK}; failures are thrown)
     */
    protected abstract int run(Session session);
}
