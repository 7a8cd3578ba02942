package dev.sluice.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A bare TCP connection to the server from a chosen loopback address, for what happens before any
 * SSH: whether the server accepts the connection, and when it closes it.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects from {@code from} (such as "127.0.0.2"). */
    public static RawConnection open(int port, String from) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            return new RawConnection(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // failed anyway
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's identification line; empty when the server closed the connection without sending
     * one (it refused the connection as it accepted it: no SSH session was made).
     */
    public Optional<String> identification() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return Optional.empty();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed the connection", e);
        } catch (IOException reset) {
            if (line.size() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(line.toString(StandardCharsets.US_ASCII).strip());
    }

    /** Whether the server refused the connection at accept (closed it without a word). */
    public static boolean refusedAtAccept(int port, String from) {
        try (RawConnection c = open(port, from)) {
            return c.identification().isEmpty();
        }
    }

    /** Sends bytes as they are. */
    public void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until the server closes the connection, at most {@code limit}; returns how many bytes
     * came, or -1 when the connection was still open at the limit.
     */
    public long readUntilClosed(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        long read = 0;
        byte[] buffer = new byte[4096];
        try {
            socket.setSoTimeout(250);
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return read;
                    }
                    read += n;
                } catch (SocketTimeoutException stillOpen) {
                    // read again until the deadline
                }
            }
            return -1;
        } catch (IOException reset) {
            return read;
        }
    }

    /** Closes with a TCP reset instead of a FIN (a client that vanishes). */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
