package dev.sluice.cli;

/**
 * A failure the CLI explains in one message and ends with an {@link ExitCodes exit code}: a bad
 * local file, no connection, no credentials. The API's own refusals are {@link
 * dev.sluice.cli.http.ApiRefusal}.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * A failure.
     *
     * @param exitCode one of {@link ExitCodes}
     * @param message what went wrong and what to do about it
     */
    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage failure (exit code 2): the command line or a local file is wrong. */
    public static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    /** The exit code this failure ends the command with. */
    public int exitCode() {
        return exitCode;
    }
}
