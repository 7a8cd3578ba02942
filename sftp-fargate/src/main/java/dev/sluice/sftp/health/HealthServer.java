package dev.sluice.sftp.health;

import dev.sluice.sftp.ssh.ProxyProtocolV2;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz} for the load balancer's target group: 200 while the SSH listener accepts,
 * 503 once the task is draining (so the NLB stops sending new connections), 404 elsewhere.
 *
 * <p>The target group sends a PROXY protocol v2 header on its health check connections too (a LOCAL
 * command, or PROXY without addresses), so the request may start with one: it is read with {@link
 * ProxyProtocolV2} and dropped. A request without it is answered as well (a person curling the
 * task, local mode). JDK's {@code HttpServer} cannot skip such a prefix (it answered 400, and every
 * task would have been unhealthy), hence this small HTTP/1.x server: one request per connection,
 * {@code Connection: close}.
 *
 * <p>The port faces the VPC, so everything is bounded: concurrent connections (more are closed at
 * once), the time a client gets to send its request (one deadline for the whole head, so a
 * byte-at-a-time sender gains nothing), and the size of the request head.
 */
public final class HealthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

    /** Input read after the answer before closing anyway (a request body nobody asked for). */
    private static final long MAX_DRAIN_BYTES = 64 * 1024;

    /** Bounds of the endpoint. */
    public record Limits(int maxConnections, Duration requestDeadline, int maxHeadBytes) {
        /**
         * The NLB checks every 10 s from a few nodes; 16 connections leave room for a person too.
         */
        public static final Limits DEFAULT = new Limits(16, Duration.ofSeconds(5), 8 * 1024);

        public Limits {
            if (maxConnections < 1
                    || requestDeadline.isNegative()
                    || requestDeadline.isZero()
                    || maxHeadBytes < 64) {
                throw new IllegalArgumentException(
                        "health server limits out of range: "
                                + maxConnections
                                + ", "
                                + requestDeadline
                                + ", "
                                + maxHeadBytes);
            }
        }
    }

    private final ServerSocket listener;
    private final BooleanSupplier serving;
    private final Limits limits;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final Thread acceptor;

    private HealthServer(ServerSocket listener, BooleanSupplier serving, Limits limits) {
        this.listener = listener;
        this.serving = serving;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConnections());
        this.workers =
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("health-", 0).factory());
        this.acceptor =
                Thread.ofPlatform().daemon().name("health-accept").unstarted(this::acceptLoop);
    }

    public static HealthServer start(String bindAddress, int port, BooleanSupplier serving)
            throws IOException {
        return start(bindAddress, port, serving, Limits.DEFAULT);
    }

    public static HealthServer start(
            String bindAddress, int port, BooleanSupplier serving, Limits limits)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
        HealthServer server = new HealthServer(listener, serving, limits);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("health endpoint: accept failed: {}", e.toString());
                    pause(); // out of file descriptors, say: do not spin
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(socket); // over the limit: no thread, no buffer for it
                continue;
            }
            try {
                workers.execute(
                        () -> {
                            try {
                                serve(socket);
                            } finally {
                                closeQuietly(socket);
                                slots.release();
                            }
                        });
            } catch (RuntimeException e) { // shut down meanwhile
                closeQuietly(socket);
                slots.release();
            }
        }
    }

    private void serve(Socket socket) {
        long deadline = System.nanoTime() + limits.requestDeadline().toNanos();
        try {
            socket.setSoTimeout((int) Math.max(1, limits.requestDeadline().toMillis()));
            InputStream in =
                    new BufferedInputStream(
                            new DeadlineInputStream(socket.getInputStream(), socket, deadline),
                            512);
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                return; // a plain TCP probe: connected and closed
            }
            in.reset();
            if (ProxyProtocolV2.mayStartHeader(first)) {
                ProxyProtocolV2.read(in); // LOCAL or PROXY: the health answer is the same for both
            }
            Response response;
            try {
                response = answer(readHead(in));
            } catch (BadRequest e) {
                response = new Response(e.status, e.getMessage() + "\n", false);
            }
            write(socket.getOutputStream(), response);
            lingeringClose(socket, in);
        } catch (SocketTimeoutException e) {
            log.debug(
                    "health endpoint: {} sent no complete request in time",
                    socket.getRemoteSocketAddress());
        } catch (IOException e) {
            log.debug("health endpoint: {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    /**
     * Closes our side, then reads (and drops) what the client still sends until it closes too or
     * the deadline passes: closing a socket with unread input resets the connection, and the client
     * could lose the answer with it.
     */
    private static void lingeringClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        byte[] sink = new byte[4096];
        long left = MAX_DRAIN_BYTES;
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= n;
        }
    }

    /** The request line and header lines, up to the empty line. */
    private String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int previous = -1;
        int lineLength = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new BadRequest(400, "incomplete request");
            }
            if (head.size() >= limits.maxHeadBytes()) {
                throw new BadRequest(
                        431, "request head larger than " + limits.maxHeadBytes() + " bytes");
            }
            head.write(b);
            if (b == '\n') {
                if (lineLength == 0 || (lineLength == 1 && previous == '\r')) {
                    if (head.size() <= 2) {
                        throw new BadRequest(400, "no request line");
                    }
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
            previous = b;
        }
    }

    private Response answer(String head) throws BadRequest {
        String requestLine = head.lines().findFirst().orElse("");
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || !parts[1].startsWith("/")) {
            throw new BadRequest(400, "not an HTTP/1.x request line");
        }
        String method = parts[0];
        boolean headOnly = method.equals("HEAD");
        if (!headOnly && !method.equals("GET")) {
            return new Response(405, "only GET and HEAD\n", false);
        }
        int query = parts[1].indexOf('?');
        String path = query < 0 ? parts[1] : parts[1].substring(0, query);
        if (!path.equals("/healthz")) {
            return new Response(404, "not found\n", headOnly);
        }
        return serving.getAsBoolean()
                ? new Response(200, "ok\n", headOnly)
                : new Response(503, "draining\n", headOnly);
    }

    private static void write(OutputStream out, Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        String head =
                "HTTP/1.1 "
                        + response.status()
                        + " "
                        + reason(response.status())
                        + "\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: "
                        + body.length
                        + "\r\n"
                        + (response.status() == 405 ? "Allow: GET, HEAD\r\n" : "")
                        + "Cache-Control: no-store\r\n"
                        + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!response.headOnly()) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private record Response(int status, String body, boolean headOnly) {}

    private static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Fails a read once the request's deadline has passed: the socket timeout alone bounds each
     * read, not the sum of them. Each read's timeout is what is left of the deadline.
     */
    private static final class DeadlineInputStream extends java.io.FilterInputStream {
        private final Socket socket;
        private final long deadline;

        DeadlineInputStream(InputStream in, Socket socket, long deadline) {
            super(in);
            this.socket = socket;
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("request deadline passed");
            }
            try {
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
            } catch (SocketException e) {
                throw new IOException(e);
            }
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }
    }
}
