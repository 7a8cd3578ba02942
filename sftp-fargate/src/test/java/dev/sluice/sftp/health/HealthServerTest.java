package dev.sluice.sftp.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health endpoint as the Network Load Balancer uses it: a PROXY protocol v2 header first (the
 * target group has proxy protocol on, and its health check connections carry the header too), then
 * the HTTP request. Also without the header, and against hostile clients.
 */
class HealthServerTest {

    /** What ELB's health checker sends after the header. */
    static final String NLB_REQUEST =
            "GET /healthz HTTP/1.1\r\nHost: 10.0.1.23:8080\r\nConnection: close\r\n"
                    + "User-Agent: ELB-HealthChecker/2.0\r\nAccept-Encoding: gzip, compressed\r\n\r\n";

    static final byte[] SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };

    private final AtomicBoolean serving = new AtomicBoolean(true);
    private final List<HealthServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(HealthServer::close);
    }

    HealthServer start(HealthServer.Limits limits) throws IOException {
        HealthServer server = HealthServer.start("127.0.0.1", 0, serving::get, limits);
        servers.add(server);
        return server;
    }

    HealthServer start() throws IOException {
        return start(HealthServer.Limits.DEFAULT);
    }

    /**
     * A LOCAL command (the load balancer's own connection), optionally with an ignored address
     * block.
     */
    static byte[] local(int family, int payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload);
        b.put(SIGNATURE).put((byte) 0x20).put((byte) family).putShort((short) payload);
        return b.array();
    }

    /**
     * A PROXY command over TCP/IPv4 with AWS's TLV (type 0xEA, VPC endpoint id), as NLB sends it.
     */
    static byte[] proxied() {
        byte[] endpoint = "\u0001vpce-0123456789abcdef0".getBytes(StandardCharsets.US_ASCII);
        int payload = 12 + 3 + endpoint.length;
        ByteBuffer b = ByteBuffer.allocate(16 + payload);
        b.put(SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) payload);
        b.put(new byte[] {10, 0, 0, 17})
                .put(new byte[] {10, 0, 1, 23})
                .putShort((short) 41234)
                .putShort((short) 8080);
        b.put((byte) 0xEA).putShort((short) endpoint.length).put(endpoint);
        return b.array();
    }

    static byte[] concat(byte[] a, String b) {
        byte[] tail = b.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(a, a.length + tail.length);
        System.arraycopy(tail, 0, out, a.length, tail.length);
        return out;
    }

    /**
     * Sends {@code bytes} on a new connection and returns everything the server writes until it
     * closes.
     */
    static String exchange(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(received);
            } catch (java.net.SocketException reset) {
                // A server that closes without reading what we sent resets the connection.
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String statusLine(String response) {
        return response.lines().findFirst().orElse("");
    }

    static String body(String response) {
        int split = response.indexOf("\r\n\r\n");
        return split < 0 ? "" : response.substring(split + 4);
    }

    @Test
    void answersTheNlbHealthCheckWithALocalProxyHeader() throws IOException {
        HealthServer server = start();
        String response = exchange(server.port(), concat(local(0x00, 0), NLB_REQUEST));
        assertThat(statusLine(response)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(response).contains("Connection: close\r\n", "Content-Length: 3\r\n");
        assertThat(body(response)).isEqualTo("ok\n");
        // LOCAL with an address block (which receivers must skip) and with TLVs.
        assertThat(statusLine(exchange(server.port(), concat(local(0x11, 12 + 7), NLB_REQUEST))))
                .isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void answersAProxyCommandHeaderAndNoHeaderAlike() throws IOException {
        HealthServer server = start();
        assertThat(statusLine(exchange(server.port(), concat(proxied(), NLB_REQUEST))))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        NLB_REQUEST.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("HTTP/1.1 200 OK");
        // The header may arrive in pieces, as TCP allows.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            byte[] all = concat(proxied(), NLB_REQUEST);
            for (byte b : all) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
            }
            assertThat(
                            statusLine(
                                    new String(
                                            s.getInputStream().readAllBytes(),
                                            StandardCharsets.ISO_8859_1)))
                    .isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void drainingIs503AndOtherPathsAndMethodsAreRefused() throws IOException {
        HealthServer server = start();
        serving.set(false);
        String draining = exchange(server.port(), concat(local(0x00, 0), NLB_REQUEST));
        assertThat(statusLine(draining)).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(body(draining)).isEqualTo("draining\n");
        serving.set(true);
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        concat(
                                                local(0x00, 0),
                                                "GET /healthz?x=1 HTTP/1.0\r\n\r\n"))))
                .isEqualTo("HTTP/1.1 200 OK");
        String head =
                exchange(
                        server.port(),
                        concat(proxied(), "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(statusLine(head)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(body(head)).isEmpty();
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        concat(proxied(), "GET /other HTTP/1.1\r\n\r\n"))))
                .isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        concat(proxied(), "GET /healthzz HTTP/1.1\r\n\r\n"))))
                .isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        concat(
                                                proxied(),
                                                "POST /healthz HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))))
                .isEqualTo("HTTP/1.1 405 Method Not Allowed");
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        "HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("HTTP/1.1 400 Bad Request");
    }

    @Test
    void oversizedOrMalformedInputIsRefusedWithoutHarm() throws IOException {
        HealthServer server = start();
        String huge = "GET /healthz HTTP/1.1\r\nX-Pad: " + "a".repeat(20_000) + "\r\n\r\n";
        assertThat(statusLine(exchange(server.port(), concat(local(0x00, 0), huge))))
                .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        // A PROXY header announcing more than 4 KiB, a wrong version and a truncated one: closed,
        // no answer.
        ByteBuffer tooLong = ByteBuffer.allocate(16);
        tooLong.put(SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) 0xFFFF);
        assertThat(exchange(server.port(), concat(tooLong.array(), NLB_REQUEST))).isEmpty();
        byte[] version1 = local(0x00, 0);
        version1[12] = 0x10;
        assertThat(exchange(server.port(), concat(version1, NLB_REQUEST))).isEmpty();
        assertThat(exchange(server.port(), Arrays.copyOf(proxied(), 20))).isEmpty();
        // A v1 text header is not what the target group sends: an ordinary bad request.
        assertThat(
                        statusLine(
                                exchange(
                                        server.port(),
                                        ("PROXY TCP4 10.0.0.1 10.0.0.2 1 2\r\n" + NLB_REQUEST)
                                                .getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        // Still healthy afterwards.
        assertThat(statusLine(exchange(server.port(), concat(proxied(), NLB_REQUEST))))
                .isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void aSilentOrSlowClientIsCutOffAtTheDeadline() throws IOException {
        HealthServer server = start(new HealthServer.Limits(4, Duration.ofMillis(300), 8 * 1024));
        try (Socket silent = new Socket("127.0.0.1", server.port())) {
            silent.setSoTimeout(30_000);
            assertThat(silent.getInputStream().read())
                    .as("closed by the server, no answer")
                    .isEqualTo(-1);
        }
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setSoTimeout(30_000);
            OutputStream out = slow.getOutputStream();
            out.write(local(0x00, 0));
            out.write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Never finishes the head: the server gives up rather than wait for it.
            assertThat(slow.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndTheSlotsComeBack() throws Exception {
        HealthServer server = start(new HealthServer.Limits(2, Duration.ofSeconds(60), 8 * 1024));
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream().write(local(0x00, 0)); // a header, then nothing
                idle.add(s);
            }
            // Both slots are taken: the next connection is closed without an answer.
            assertThat(exchange(server.port(), concat(local(0x00, 0), NLB_REQUEST))).isEmpty();
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        // Once the idle clients have gone, the server answers again (their slots are released as
        // the server notices the close, so ask until it has).
        assertThat(statusLine(askUntilAnswered(server.port()))).isEqualTo("HTTP/1.1 200 OK");
    }

    /** Asks until a slot is free (slots of closed connections come back as the server notices). */
    static String askUntilAnswered(int port) throws Exception {
        String response = "";
        for (int attempt = 0; attempt < 400 && response.isEmpty(); attempt++) {
            response = exchange(port, concat(local(0x00, 0), NLB_REQUEST));
            if (response.isEmpty()) {
                Thread.sleep(25);
            }
        }
        return response;
    }

    @Test
    void tcpProbesThatCloseAtOnceDoNotUpsetTheServer() throws Exception {
        HealthServer server = start();
        for (int i = 0; i < 20; i++) {
            new Socket("127.0.0.1", server.port()).close();
        }
        assertThat(statusLine(askUntilAnswered(server.port()))).isEqualTo("HTTP/1.1 200 OK");
    }
}
