package dev.sluice.sftp.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz} for the load balancer's target group: 200 while the SSH listener accepts,
 * 503 once the task is draining (so the NLB stops sending new connections), 404 elsewhere.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer http;

    private HealthServer(HttpServer http) {
        this.http = http;
    }

    public static HealthServer start(String bindAddress, int port, BooleanSupplier serving) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        http.createContext("/", exchange -> {
            try (exchange) {
                boolean health = exchange.getRequestURI().getPath().equals("/healthz");
                boolean ok = serving.getAsBoolean();
                int status = !health ? 404 : ok ? 200 : 503;
                byte[] body = (!health ? "not found\n" : ok ? "ok\n" : "draining\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
                if (!exchange.getRequestMethod().equals("HEAD")) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return new HealthServer(http);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
