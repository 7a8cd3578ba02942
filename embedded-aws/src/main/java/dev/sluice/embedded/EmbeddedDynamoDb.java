package dev.sluice.embedded;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local 2.6.1 running in this JVM, listening on 127.0.0.1 only.
 *
 * <p>In memory by default; with {@link Builder#dbPath(Path)} the tables live in {@code
 * <dbPath>/shared-local-instance.db} and survive a restart. Always started with {@code -sharedDb}
 * (one database whatever the client's credentials and region) and {@code -disableTelemetry}; in
 * memory it writes no file anywhere but the native SQLite library that DynamoDB Local itself
 * extracts into {@code java.io.tmpdir} (deleted on JVM exit).
 *
 * <pre>{@code
 * try (var ddb = EmbeddedDynamoDb.inMemory()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint())...build();
 * }
 * }</pre>
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDynamoDb.class);

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final int port;
    private final Path dbPath;
    private final boolean loopbackOnly;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDynamoDb(
            DynamoDBProxyServer server, int port, Path dbPath, boolean loopbackOnly) {
        this.server = server;
        this.port = port;
        this.dbPath = dbPath;
        this.loopbackOnly = loopbackOnly;
        this.endpoint = URI.create("http://" + Loopback.HOST + ":" + port);
    }

    /** Starts an in-memory instance on a free loopback port. */
    public static EmbeddedDynamoDb inMemory() {
        return builder().start();
    }

    /** Starts an instance that keeps its tables in {@code dbPath} (created if missing). */
    public static EmbeddedDynamoDb persistent(Path dbPath) {
        return builder().dbPath(dbPath).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code http://127.0.0.1:<port>}: give it to {@code DynamoDbClientBuilder.endpointOverride}.
     */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    /** The database folder, or empty when in memory. */
    public Optional<Path> dbPath() {
        return Optional.ofNullable(dbPath);
    }

    /**
     * Whether the listener is bound to 127.0.0.1 only. It is unless DynamoDB Local's internals
     * changed so that the connector could not be reached, in which case it listens on every
     * interface (and a warning was logged).
     */
    public boolean loopbackOnly() {
        return loopbackOnly;
    }

    /** Stops the server; idempotent. In-memory tables are gone afterwards. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("DynamoDB Local did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDynamoDb["
                + endpoint
                + (dbPath == null ? ", in memory" : ", " + dbPath)
                + "]";
    }

    /** Options for {@link EmbeddedDynamoDb}. */
    public static final class Builder {
        private Path dbPath;
        private int port;
        private boolean delayTransientStatuses;

        private Builder() {}

        /** Keep the tables in this folder (created if missing) instead of in memory. */
        public Builder dbPath(Path dbPath) {
            this.dbPath = dbPath;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Simulate CREATING/DELETING index statuses like the real service (off by default). */
        public Builder delayTransientStatuses(boolean delay) {
            this.delayTransientStatuses = delay;
            return this;
        }

        public EmbeddedDynamoDb start() {
            // No sqlite4java.library.path needed: DynamoDB Local 2.6.1 carries its natives in its
            // own
            // jar (com/amazonaws/.../sqlite/native/<OS>/<arch>/) and SQLiteLibraryLoader copies the
            // right one to java.io.tmpdir (or org.sqlite.tmpdir) and System.load()s it.
            QuietLogging.apply();
            List<String> args = new ArrayList<>();
            if (dbPath == null) {
                args.add("-inMemory");
            } else {
                try {
                    Files.createDirectories(dbPath);
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot create DynamoDB Local folder " + dbPath, e);
                }
                args.add("-dbPath");
                args.add(dbPath.toAbsolutePath().toString());
            }
            args.add("-sharedDb");
            args.add("-disableTelemetry");
            if (delayTransientStatuses) {
                args.add("-delayTransientStatuses");
            }
            // DynamoDB Local insists on a port in 1..65535 and binds every interface; the
            // connector is re-pointed at 127.0.0.1 (and port 0 when asked) before it starts.
            args.add("-port");
            args.add(Integer.toString(port == 0 ? 8000 : port));

            DynamoDBProxyServer server;
            try {
                CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
                if (!input.init()) {
                    throw new IllegalStateException(
                            "DynamoDB Local rejected its arguments " + args);
                }
                // ServerRunner.createServerFromCommandLineArgs does the same, plus a banner on
                // stdout.
                server = ServerRunner.createServer(input);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot create DynamoDB Local with " + args, e);
            }
            ServerConnector connector = connectorOf(server);
            if (connector != null) {
                connector.setHost(Loopback.HOST);
                connector.setPort(port);
            } else if (port == 0) {
                int free = Loopback.freePort();
                throw new IllegalStateException(
                        "cannot reach DynamoDB Local's connector to bind it to a"
                                + " free loopback port; pass a fixed port (for example "
                                + free
                                + ")");
            }
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "DynamoDB Local did not start: " + e.getMessage(), e);
            }
            int actualPort = connector != null ? connector.getLocalPort() : port;
            if (actualPort <= 0) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // already failing
                }
                throw new IllegalStateException("DynamoDB Local started but is not listening");
            }
            return new EmbeddedDynamoDb(server, actualPort, dbPath, connector != null);
        }

        private static ServerConnector connectorOf(DynamoDBProxyServer proxy) {
            try {
                Field field = DynamoDBProxyServer.class.getDeclaredField("server");
                field.setAccessible(true);
                Server jetty = (Server) field.get(proxy);
                for (Connector c : jetty.getConnectors()) {
                    if (c instanceof ServerConnector sc) {
                        return sc;
                    }
                }
                log.warn(
                        "DynamoDB Local's Jetty has no ServerConnector; it listens on every interface");
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn(
                        "cannot reach DynamoDB Local's Jetty connector ({}); it listens on every interface",
                        e.toString());
            }
            return null;
        }
    }
}
