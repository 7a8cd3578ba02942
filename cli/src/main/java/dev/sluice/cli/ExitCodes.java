package dev.sluice.cli;

/**
 * The exit codes scripts can rely on (documented in docs/cli.md).
 *
 * <ul>
 *   <li>{@link #OK} the API did what was asked;
 *   <li>{@link #API_REFUSED} the API answered with an error other than 401/403 (bad input, not
 *       found, conflict, too large, a server error);
 *   <li>{@link #USAGE} the command line, a local file or the profile file is wrong (picocli's usage
 *       code);
 *   <li>{@link #UNREACHABLE} no answer: connection refused, unknown host, TLS failure, timeout;
 *   <li>{@link #AUTHENTICATION} no or wrong credentials (401), or the identity lacks the permission
 *       (403).
 * </ul>
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;

    /** The API refused the request (4xx other than 401/403, or 5xx). */
    public static final int API_REFUSED = 1;

    /** A usage error: options, local files, the profile file. */
    public static final int USAGE = 2;

    /** The API could not be reached. */
    public static final int UNREACHABLE = 3;

    /** Authentication or authorisation failed (401, 403, no credentials). */
    public static final int AUTHENTICATION = 4;

    private ExitCodes() {}
}
