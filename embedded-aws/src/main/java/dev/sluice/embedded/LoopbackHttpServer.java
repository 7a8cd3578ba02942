package dev.sluice.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JDK HTTP server on 127.0.0.1 with the plumbing the wire-protocol fakes share. */
final class LoopbackHttpServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger log = LoggerFactory.getLogger(LoopbackHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoopbackHttpServer(String name, int port, HttpHandler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(Loopback.address(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + Loopback.HOST + ":" + port, e);
        }
        executor =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name(name + "-", 0).factory());
        server.setExecutor(executor);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        handler.handle(exchange);
                    } catch (IOException | RuntimeException e) {
                        log.warn(
                                "{}: {} {} failed",
                                name,
                                exchange.getRequestMethod(),
                                exchange.getRequestURI(),
                                e);
                        throw e;
                    }
                });
        server.start();
        endpoint = URI.create("http://" + Loopback.HOST + ":" + server.getAddress().getPort());
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Reads the request body, refusing more than {@code limit} bytes. */
    static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }
            return out.toByteArray();
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void sendJson(HttpExchange exchange, int status, String contentType, ObjectNode body)
            throws IOException {
        send(exchange, status, contentType, JSON.writeValueAsBytes(body));
    }

    /** A request body over the limit. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int limit) {
            super("request body larger than " + limit + " bytes");
        }
    }
}
