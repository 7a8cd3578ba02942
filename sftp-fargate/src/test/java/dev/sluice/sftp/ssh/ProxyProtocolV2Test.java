package dev.sluice.sftp.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sftp.Mina;
import dev.sluice.sftp.RawConnection;
import dev.sluice.sftp.SftpSystem;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PROXY protocol v2: the address in the header (as the NLB sends it) is the one IP filters see. A
 * small relay in the test plays the load balancer.
 */
@ExtendWith(AwsFixture.class)
class ProxyProtocolV2Test {

    static final String PASSWORD = "proxy-password-1";
    static SftpSystem system;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system =
                SftpSystem.start(
                        aws,
                        c ->
                                c
                                        .withProxyProtocol(true)
                                        .withDefender(d -> d.threshold(5))
                                        .toBuilder()
                                        .maxUnauthenticatedPerAddress(2)
                                        .build());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    static byte[] header(byte[] source, int sourcePort) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(ProxyProtocolV2.SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        b.put(source)
                .put(new byte[] {127, 0, 0, 1})
                .putShort((short) sourcePort)
                .putShort((short) 22);
        return b.array();
    }

    /** A relay that writes {@code header} to the server, then pipes both ways; returns its port. */
    static int relay(byte[] header) throws IOException {
        return relay(header, "127.0.0.1");
    }

    /** {@link #relay(byte[])} connecting to the server from {@code from}: the proxy's address. */
    static int relay(byte[] header, String from) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread t =
                new Thread(
                        () -> {
                            try (listener;
                                    Socket client = listener.accept();
                                    Socket server =
                                            new Socket(
                                                    java.net.InetAddress.getLoopbackAddress(),
                                                    system.port(),
                                                    java.net.InetAddress.getByName(from),
                                                    0)) {
                                server.getOutputStream().write(header);
                                Thread back = new Thread(() -> pipe(server, client));
                                back.setDaemon(true);
                                back.start();
                                pipe(client, server);
                                back.join();
                            } catch (IOException | InterruptedException ignored) {
                                // the test is over
                            }
                        });
        t.setDaemon(true);
        t.start();
        return listener.getLocalPort();
    }

    static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Test
    void parsesIpv4AndIpv6AndLocal() throws IOException {
        var v4 = ProxyProtocolV2.parse(header(new byte[] {(byte) 203, 0, 113, 7}, 40000));
        assertThat(v4)
                .isEqualTo(
                        new ProxyProtocolV2.Proxied(new InetSocketAddress("203.0.113.7", 40000)));
        ByteBuffer v6 = ByteBuffer.allocate(16 + 36);
        v6.put(ProxyProtocolV2.SIGNATURE).put((byte) 0x21).put((byte) 0x21).putShort((short) 36);
        byte[] addr = new byte[16];
        addr[0] = 0x20;
        addr[1] = 0x01;
        addr[2] = 0x0d;
        addr[3] = (byte) 0xb8;
        addr[15] = 1;
        v6.put(addr).put(new byte[16]).putShort((short) 5555).putShort((short) 22);
        assertThat(ProxyProtocolV2.parse(v6.array()))
                .isEqualTo(new ProxyProtocolV2.Proxied(new InetSocketAddress("2001:db8::1", 5555)));
        ByteBuffer local = ByteBuffer.allocate(16);
        local.put(ProxyProtocolV2.SIGNATURE).put((byte) 0x20).put((byte) 0x00).putShort((short) 0);
        assertThat(ProxyProtocolV2.parse(local.array())).isInstanceOf(ProxyProtocolV2.Local.class);
        assertThatThrownBy(() -> ProxyProtocolV2.headerLength("SSH-2.0-x\r\n12345".getBytes()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aHeaderThatNamesNoClientIsRefusedOnTheSshPort() throws IOException {
        String name = system.newName("local");
        system.createUser(User.builder().username(name).password(PASSWORD).build());
        ByteBuffer local = ByteBuffer.allocate(16);
        local.put(ProxyProtocolV2.SIGNATURE).put((byte) 0x20).put((byte) 0x00).putShort((short) 0);
        // Only the proxy's address would be known: scoring or refusing it would hit every client.
        assertThatThrownBy(() -> Mina.password(relay(local.array()), name, PASSWORD).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void ipFiltersSeeTheProxiedAddress() throws IOException {
        String name = system.newName("proxied");
        system.createUser(
                User.builder()
                        .username(name)
                        .password(PASSWORD)
                        .filters(
                                new UserFilters(
                                        List.of("203.0.113.0/24"),
                                        List.of("203.0.113.66/32"),
                                        null,
                                        null,
                                        null,
                                        0,
                                        false))
                        .build());
        try (ClientSession s =
                Mina.password(
                        relay(header(new byte[] {(byte) 203, 0, 113, 7}, 40000)), name, PASSWORD)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
        assertThatThrownBy(
                        () ->
                                Mina.password(
                                                relay(
                                                        header(
                                                                new byte[] {(byte) 203, 0, 113, 66},
                                                                40001)),
                                                name,
                                                PASSWORD)
                                        .close())
                .as("denied_ip matches the proxied address")
                .isInstanceOf(IOException.class);
        assertThatThrownBy(
                        () ->
                                Mina.password(
                                                relay(
                                                        header(
                                                                new byte[] {(byte) 198, 51, 100, 1},
                                                                40002)),
                                                name,
                                                PASSWORD)
                                        .close())
                .as("not in allowed_ip")
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Mina.password(system.port(), name, PASSWORD).close())
                .as("no header: refused when proxy protocol is on")
                .isInstanceOf(IOException.class);
    }

    static java.net.InetAddress ip(String text) throws IOException {
        return java.net.InetAddress.getByName(text);
    }

    static String user() {
        String name = system.newName("proxied");
        system.createUser(User.builder().username(name).password(PASSWORD).build());
        return name;
    }

    /** Waits for what the server does on its own threads; a bound, not a measurement. */
    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Behind the load balancer every connection comes from its address: the defender scores and
     * bans the client the header names, refuses it right after the header (the server's
     * identification line is all it gets: no key exchange), and never scores the proxy's address.
     */
    @Test
    void theDefenderJudgesTheAddressTheHeaderNames() throws Exception {
        String name = user();
        String proxy = "127.0.0.30";
        byte[] attacker = header(new byte[] {(byte) 203, 0, 113, 50}, 41000);
        // Five wrong passwords at least (MINA's client tries each as keyboard-interactive too).
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> Mina.password(relay(attacker, proxy), name, "wrong!").close())
                    .isInstanceOf(IOException.class);
        }
        // Once the ban is written the task's memory has it for sure (right after the crossing a
        // refresh of the ban list may drop it for a moment).
        await(
                () ->
                        system.server
                                .defender()
                                .host(ipUnchecked("203.0.113.50"))
                                .flatMap(h -> h.banUntil())
                                .isPresent());
        assertThat(system.server.defender().isBanned(ip("203.0.113.50"))).isTrue();
        assertThatThrownBy(() -> Mina.password(relay(attacker, proxy), name, PASSWORD).close())
                .as("banned: even the right password")
                .isInstanceOf(IOException.class);
        try (RawConnection c = RawConnection.open(system.port(), proxy)) {
            c.write(attacker);
            c.write("SSH-2.0-probe\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(c.readUntilClosed(java.time.Duration.ofSeconds(10)))
                    .as("closed after the server's identification line, before any key exchange")
                    .isBetween(1L, 64L);
        }
        try (ClientSession s =
                Mina.password(
                        relay(header(new byte[] {(byte) 203, 0, 113, 51}, 41001), proxy),
                        name,
                        PASSWORD)) {
            assertThat(s.isAuthenticated()).as("another client behind the same proxy").isTrue();
        }
        system.server.defender().flush();
        assertThat(system.server.defender().host(ip(proxy))).isEmpty();
        assertThat(system.server.defender().isBanned(ip(proxy))).isFalse();
    }

    /** The cap on unauthenticated connections per address counts the header's address. */
    @Test
    void theCapPerAddressCountsTheAddressTheHeaderNames() throws Exception {
        String name = user();
        String proxy = "127.0.0.31";
        byte[] crowded = header(new byte[] {(byte) 203, 0, 113, 60}, 42000);
        List<RawConnection> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawConnection c = RawConnection.open(system.port(), proxy);
                held.add(c);
                c.write(crowded);
            }
            await(
                    () ->
                            system.server.loginGate().unauthenticated(ipUnchecked("203.0.113.60"))
                                    == 2);
            assertThat(system.server.loginGate().unauthenticated(ip("203.0.113.60"))).isEqualTo(2);
            try (RawConnection third = RawConnection.open(system.port(), proxy)) {
                third.write(crowded);
                assertThat(third.readUntilClosed(java.time.Duration.ofSeconds(10)))
                        .as("closed once its header named an address with 2 held")
                        .isBetween(1L, 64L);
            }
            // The proxy's own address holds nothing: any number of clients come through it.
            assertThat(system.server.loginGate().unauthenticated(ip(proxy))).isZero();
            try (ClientSession s =
                    Mina.password(
                            relay(header(new byte[] {(byte) 203, 0, 113, 61}, 42001), proxy),
                            name,
                            PASSWORD)) {
                assertThat(s.isAuthenticated()).isTrue();
            }
        } finally {
            held.forEach(RawConnection::close);
        }
    }

    static java.net.InetAddress ipUnchecked(String text) {
        try {
            return ip(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
