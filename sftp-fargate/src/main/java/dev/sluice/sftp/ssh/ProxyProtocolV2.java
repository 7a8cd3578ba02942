package dev.sluice.sftp.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerProxyAcceptor;
import org.apache.sshd.server.session.ServerSession;

/**
 * Reads the HAProxy PROXY protocol v2 header the Network Load Balancer puts before the SSH
 * identification line, and makes the client's real address the session's client address, so IP
 * filters and logs see the customer rather than the load balancer.
 *
 * <p>When enabled, the header is required: a connection without one is refused, since otherwise
 * anyone reaching the task directly could appear as whatever address it connects from. A LOCAL or
 * UNSPEC header names no client: the health endpoint ({@link #read}) accepts it (the load
 * balancer's own checks), the SSH port refuses it, since only the proxy's address would be known.
 *
 * <p>Once the header names the client, {@link ClientCheck} decides whether that client may go on
 * (the defender's bans, the cap on unauthenticated connections per address): a refused one is
 * closed there, before it sends its identification and long before the key exchange.
 */
public final class ProxyProtocolV2 implements ServerProxyAcceptor {

    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(ProxyProtocolV2.class);

    /** Whether the client a header named may go on. */
    @FunctionalInterface
    public interface ClientCheck {
        /**
         * @param session the session the header came on
         * @param client the client's address from the header
         * @return whether the connection may go on; it is closed otherwise
         */
        boolean admits(ServerSession session, InetAddress client);
    }

    static final byte[] SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };
    private static final int HEADER = 16;
    private static final int MAX_PAYLOAD = 4096;

    /** What a complete header says. */
    public sealed interface Header permits Proxied, Local {}

    /** The client's real address. */
    public record Proxied(InetSocketAddress source) implements Header {}

    /** A connection the proxy made itself (health check): no client address. */
    public record Local() implements Header {}

    private final ClientCheck check;

    /**
     * @param check decides whether the client a header names may go on
     */
    public ProxyProtocolV2(ClientCheck check) {
        this.check = check;
    }

    @Override
    public boolean acceptServerProxyMetadata(ServerSession session, Buffer buffer)
            throws Exception {
        int available = buffer.available();
        byte[] head = new byte[Math.min(available, HEADER)];
        int start = buffer.rpos();
        buffer.getRawBytes(head);
        buffer.rpos(start);
        int needed = headerLength(head);
        if (needed < 0) {
            return false; // more data required
        }
        if (available < needed) {
            return false;
        }
        byte[] whole = new byte[needed];
        buffer.getRawBytes(whole);
        Header header = parse(whole);
        if (header instanceof Local) {
            // The load balancer checks health on the health port; a LOCAL or UNSPEC header on the
            // SSH port names no client, and the socket's address is the proxy's: judging it would
            // ban or safe-list every client at once. Such a connection is not served.
            log.info(
                    "connection refused: its PROXY header names no client address (LOCAL or"
                            + " UNSPEC), and only the proxy's own address is known");
            session.close(true);
            return false;
        }
        if (header instanceof Proxied proxied && session instanceof AbstractServerSession server) {
            server.setClientAddress(proxied.source());
            if (!check.admits(session, proxied.source().getAddress())) {
                // Closed without an exception: MINA would log each one of a flood as a warning.
                session.close(true);
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a connection whose first byte is this may carry a header: the signature begins with
     * CR, which no HTTP request line or SSH identification string does.
     */
    public static boolean mayStartHeader(int firstByte) {
        return firstByte == (SIGNATURE[0] & 0xff);
    }

    /**
     * Reads one complete header from a blocking stream (a plain socket, such as the health
     * endpoint's): the 16-byte prefix, then the payload it announces, at most 4 KiB of it.
     */
    public static Header read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(HEADER);
        if (headerLength(head) < 0) {
            throw new EOFException("connection closed inside the PROXY protocol v2 header");
        }
        int total = headerLength(head);
        byte[] whole = Arrays.copyOf(head, total);
        if (in.readNBytes(whole, HEADER, total - HEADER) < total - HEADER) {
            throw new EOFException("connection closed inside the PROXY protocol v2 header");
        }
        return parse(whole);
    }

    /** Total header length once the first 16 bytes are in; -1 while fewer have arrived. */
    static int headerLength(byte[] head) throws IOException {
        int check = Math.min(head.length, SIGNATURE.length);
        if (!Arrays.equals(head, 0, check, SIGNATURE, 0, check)) {
            throw new IOException(
                    "connection did not start with a PROXY protocol v2 header (SLUICE_PROXY_PROTOCOL is on)");
        }
        if (head.length < HEADER) {
            return -1;
        }
        int length = ((head[14] & 0xff) << 8) | (head[15] & 0xff);
        if (length > MAX_PAYLOAD) {
            throw new IOException("PROXY protocol v2 header too long: " + length);
        }
        return HEADER + length;
    }

    /** Parses a complete header (signature included). */
    public static Header parse(byte[] header) throws IOException {
        if (headerLength(Arrays.copyOf(header, Math.min(header.length, HEADER))) != header.length) {
            throw new IOException("truncated PROXY protocol v2 header");
        }
        int versionCommand = header[12] & 0xff;
        if ((versionCommand >> 4) != 2) {
            throw new IOException("unsupported PROXY protocol version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0f;
        if (command == 0) {
            return new Local();
        }
        if (command != 1) {
            throw new IOException("unknown PROXY protocol command " + command);
        }
        int family = header[13] & 0xff;
        int payload = header.length - HEADER;
        return switch (family) {
            case 0x11, 0x12 -> { // TCP or UDP over IPv4
                requireLength(payload, 12);
                yield new Proxied(
                        new InetSocketAddress(
                                InetAddress.getByAddress(Arrays.copyOfRange(header, 16, 20)),
                                port(header, 24)));
            }
            case 0x21, 0x22 -> { // over IPv6
                requireLength(payload, 36);
                yield new Proxied(
                        new InetSocketAddress(
                                InetAddress.getByAddress(Arrays.copyOfRange(header, 16, 32)),
                                port(header, 48)));
            }
            case 0x00 -> new Local(); // UNSPEC: keep the socket's address
            default ->
                    throw new IOException(
                            "unsupported PROXY protocol address family 0x"
                                    + Integer.toHexString(family));
        };
    }

    private static void requireLength(int payload, int needed) throws IOException {
        if (payload < needed) {
            throw new IOException("PROXY protocol v2 address block too short");
        }
    }

    private static int port(byte[] header, int at) {
        return ((header[at] & 0xff) << 8) | (header[at + 1] & 0xff);
    }
}
