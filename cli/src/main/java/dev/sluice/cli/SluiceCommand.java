package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.config.Connection;
import dev.sluice.cli.config.ConnectionOptions;
import dev.sluice.cli.config.ConnectionResolver;
import dev.sluice.cli.http.ApiClient;
import dev.sluice.cli.http.DebugLog;
import dev.sluice.cli.http.HttpClients;
import dev.sluice.cli.http.SecretMasker;
import dev.sluice.cli.http.TokenCache;
import dev.sluice.cli.output.Ansi;
import dev.sluice.cli.output.ErrorPrinter;
import dev.sluice.cli.output.OutputFormat;
import dev.sluice.cli.output.Printer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command {@code sluice}: the global options and the {@link Session} its sub-commands
 * share. Options that no sub-command reuses are inherited, so they may also follow the sub-command
 * ({@code sluice users list --output table}); {@code --user} and {@code --password} must come
 * before it, since {@code users add} has a {@code --password} of its own.
 */
@Command(
        name = "sluice",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The command-line client for Sluice's REST API (SFTPGo's REST API v2).",
        footer = {
            "",
            "Example:",
            "  export SLUICE_URL=http://127.0.0.1:8080 SLUICE_USER=admin",
            "  sluice --password-file admin.password users list --output table",
            "",
            "Exit codes: 0 ok, 1 the API refused, 2 usage error, 3 cannot connect,",
            "4 authentication (401/403)."
        })
public final class SluiceCommand implements Runnable {

    @Spec CommandSpec spec;

    @Option(
            names = {"-b", "--base-url"},
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description =
                    "The API's address (env SLUICE_URL, profile url; default: "
                            + ConnectionResolver.DEFAULT_URL
                            + ", the local mode).")
    String baseUrl;

    @Option(
            names = {"-a", "--api-key"},
            scope = ScopeType.INHERIT,
            paramLabel = "KEY",
            description = "An API key, sent as X-SFTPGO-API-KEY (env SLUICE_API_KEY).")
    String apiKey;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "ADMIN",
            description = "An admin's name: a token is obtained with it (env SLUICE_USER).")
    String user;

    @Option(
            names = {"-p", "--password"},
            paramLabel = "PASSWORD",
            description =
                    "The admin's password. Other users of this machine can read it from the"
                            + " process list: prefer --password-file, SLUICE_PASSWORD, a profile"
                            + " or the prompt.")
    String password;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the admin's password from the first line of FILE.")
    Path passwordFile;

    @Option(
            names = "--profile",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description =
                    "A section of ~/.config/sluice/config (env SLUICE_PROFILE; default: default).")
    String profile;

    @Option(
            names = {"-i", "--insecure"},
            scope = ScopeType.INHERIT,
            description = "Do not verify the API's TLS certificate (test installations only).")
    boolean insecure;

    @Option(
            names = {"-d", "--debug"},
            scope = ScopeType.INHERIT,
            description = "Print each request and response on stderr, secrets masked.")
    boolean debug;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "json (default: the API's JSON as sent), table or yaml.")
    OutputFormat output;

    @Option(
            names = "--color",
            negatable = true,
            scope = ScopeType.INHERIT,
            description = "Colour the output (default: on a terminal without NO_COLOR).")
    Boolean color;

    private final CliEnvironment env;
    private final Clock clock;
    private Session session;

    /**
     * The root command.
     *
     * @param env streams, variables, prompt
     * @param clock tells whether a cached token expired
     */
    public SluiceCommand(CliEnvironment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public void run() {
        spec.commandLine().usage(env.out());
    }

    /** The environment the command runs in. */
    public CliEnvironment env() {
        return env;
    }

    /** Whether output is coloured. */
    public Ansi ansi() {
        return new Ansi(
                color != null ? color : env.terminal() && env.variable("NO_COLOR").isEmpty());
    }

    /** The session for this run, built on first use from the options, environment and profile. */
    public Session session() {
        if (session != null) {
            return session;
        }
        ObjectMapper mapper = new ObjectMapper();
        ErrorPrinter errors = new ErrorPrinter(env.err(), ansi(), mapper);
        if (password != null) {
            errors.warning(
                    "--password on the command line is visible to other users of this machine;"
                            + " prefer --password-file, SLUICE_PASSWORD, a profile or the prompt");
        }
        Connection connection =
                new ConnectionResolver(env)
                        .resolve(
                                new ConnectionOptions(
                                        Optional.ofNullable(baseUrl),
                                        Optional.ofNullable(apiKey),
                                        Optional.ofNullable(user),
                                        Optional.ofNullable(password),
                                        Optional.ofNullable(passwordFile),
                                        insecure,
                                        Optional.ofNullable(profile)));
        ApiClient api =
                new ApiClient(
                        connection.baseUrl(),
                        HttpClients.create(connection.insecure()),
                        connection.credentials(),
                        new TokenCache(
                                Optional.of(
                                        env.home()
                                                .resolve(".cache")
                                                .resolve("sluice")
                                                .resolve("tokens"))),
                        new DebugLog(env.err(), new SecretMasker(mapper), debug),
                        mapper,
                        clock);
        Printer printer =
                new Printer(output == null ? OutputFormat.json : output, ansi(), env.out(), mapper);
        session = new Session(api, printer, errors, env, mapper);
        return session;
    }
}
