package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.http.ApiRefusal;
import dev.sluice.cli.output.ErrorPrinter;
import java.time.Clock;
import picocli.CommandLine;

/** The {@code sluice} program: builds the command tree and runs it. */
public final class Sluice {

    private Sluice() {}

    /** Runs the CLI in this process's environment and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(CliEnvironment.system(), args));
    }

    /**
     * Runs the CLI.
     *
     * @param env streams, variables and prompt (tests inject their own)
     * @param args the arguments
     * @return the exit code ({@link ExitCodes})
     */
    public static int run(CliEnvironment env, String... args) {
        return commandLine(env, Clock.systemUTC()).execute(args);
    }

    /**
     * The command tree with every sub-command and alias, writing to {@code env}'s streams.
     *
     * @param env streams, variables and prompt
     * @param clock tells whether a cached token expired
     */
    public static CommandLine commandLine(CliEnvironment env, Clock clock) {
        SluiceCommand root = new SluiceCommand(env, clock);
        CommandLine line = new CommandLine(root);
        Commands.register(line);
        line.setOut(env.out());
        line.setErr(env.err());
        line.setExecutionExceptionHandler(
                (exception, commandLine, parseResult) -> failed(root, exception));
        line.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        return line;
    }

    private static int failed(SluiceCommand root, Exception exception) throws Exception {
        ErrorPrinter errors = new ErrorPrinter(root.env().err(), root.ansi(), new ObjectMapper());
        if (exception instanceof ApiRefusal refusal) {
            errors.refusal(refusal);
            return refusal.exitCode();
        }
        if (exception instanceof CliFailure failure) {
            errors.failure(failure.getMessage());
            return failure.exitCode();
        }
        throw exception;
    }
}
