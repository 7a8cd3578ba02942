package dev.sluice.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dev run}: starts all of Sluice on this machine and prints how to reach it. */
@Command(
        name = "sluice-local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Runs all of Sluice on this machine: REST API, SFTP server, and embedded DynamoDB, S3, "
                        + "Secrets Manager and SES. No AWS account needed.")
public final class SluiceLocal implements Callable<Integer> {

    @Option(
            names = "--data",
            paramLabel = "<dir>",
            defaultValue = "sluice-data",
            description =
                    "Folder for tables, files, secrets and the e-mail outbox (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--in-memory",
            description = "Keep nothing on disk (for demos); --data is ignored.")
    boolean inMemory;

    @Option(
            names = "--bind",
            paramLabel = "<address>",
            defaultValue = "127.0.0.1",
            description = "Address the API and SFTP listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--api-port",
            paramLabel = "<port>",
            defaultValue = "8080",
            description = "REST API port (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(
            names = "--sftp-port",
            paramLabel = "<port>",
            defaultValue = "2022",
            description = "SFTP port (default: ${DEFAULT-VALUE}).")
    int sftpPort;

    @Option(
            names = "--log-level",
            paramLabel = "<level>",
            defaultValue = "warn",
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    private final PrintStream out;

    SluiceLocal(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // Our own logging setup, not the SFTP container's logback.xml that comes with its jar.
        System.setProperty("logback.configurationFile", "sluice-local-logback.xml");
        System.exit(new CommandLine(new SluiceLocal(System.out)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        setLogLevel(logLevel);
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            System.err.println(
                    "sluice-local: --bind " + bind + " is not an address of this machine");
            return 2;
        }
        LocalConfig config =
                new LocalConfig(
                        inMemory ? Optional.empty() : Optional.of(data),
                        address,
                        apiPort,
                        sftpPort);
        LocalSystem system;
        try {
            system = LocalSystem.start(config);
        } catch (LocalStartupException e) {
            System.err.println("sluice-local: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    out.println("Stopping Sluice...");
                                    system.close();
                                    stopped.countDown();
                                },
                                "sluice-shutdown"));
        printBanner(system, config);
        stopped.await();
        return 0;
    }

    private void printBanner(LocalSystem system, LocalConfig config) {
        out.println("Sluice is running (Ctrl-C stops it).");
        out.println("  REST API:    " + system.apiUri() + "/api/v2");
        out.println("  Swagger UI:  " + system.apiUri() + "/openapi");
        out.println(
                "  SFTP:        sftp -P "
                        + system.sftpPort()
                        + " <user>@"
                        + config.bind().getHostAddress());
        out.println(
                "  Data:        "
                        + config.dataDirectory()
                                .map(d -> d.toAbsolutePath().toString())
                                .orElse("in memory (lost at exit)"));
        system.newAdminPassword()
                .ifPresentOrElse(
                        password -> {
                            out.println(
                                    "  Admin:       " + system.adminUsername() + " / " + password);
                            out.println(
                                    "               (shown on this first start only; it is kept in the data folder's secrets)");
                        },
                        () ->
                                out.println(
                                        "  Admin:       "
                                                + system.adminUsername()
                                                + " (password shown on the first start)"));
        system.layoutWarning().ifPresent(w -> out.println("\nWARNING: " + w));
    }

    private static void setLogLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .setLevel(Level.toLevel(level, Level.WARN));
        }
    }
}
