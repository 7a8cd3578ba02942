package dev.sluice.sftp.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sftp.SftpSystem;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server's algorithm offer and strict KEX (Terrapin, CVE-2023-48795), checked on the wire:
 * Debian's ssh-audit 2.5.0 predates strict KEX, so this test is the check. It speaks raw SSH: reads
 * the server's cleartext KEXINIT, then sends its own and an SSH_MSG_IGNORE before the key exchange
 * completes, which a strict-KEX server must answer by disconnecting.
 */
@ExtendWith(AwsFixture.class)
class StrictKexTest {

    static SftpSystem system;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        system = SftpSystem.start(aws);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /**
     * The name-lists of a KEXINIT, in protocol order.
     *
     * @param lists the ten name-lists
     */
    record KexInit(List<List<String>> lists) {
        List<String> kex() {
            return lists.get(0);
        }

        List<String> hostKeys() {
            return lists.get(1);
        }

        List<String> ciphers() {
            return lists.get(2);
        }

        List<String> macs() {
            return lists.get(4);
        }

        List<String> compression() {
            return lists.get(6);
        }
    }

    @Test
    void offersStrictKexAndNothingAnAuditFails() throws IOException {
        try (Socket socket = connect(system.port())) {
            KexInit offer = readKexInit(new DataInputStream(socket.getInputStream()));
            assertThat(offer.kex()).contains("kex-strict-s-v00@openssh.com", "curve25519-sha256");
            assertThat(offer.kex())
                    .noneMatch(
                            k ->
                                    k.startsWith("ecdh-sha2-nistp")
                                            || k.startsWith("diffie-hellman-group1-")
                                            || k.startsWith("diffie-hellman-group14-")
                                            || k.startsWith("diffie-hellman-group-exchange"));
            assertThat(offer.hostKeys())
                    .containsExactlyInAnyOrder("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256");
            assertThat(offer.macs()).noneMatch(m -> m.contains("sha1") || m.contains("md5"));
            assertThat(offer.compression()).containsExactly("none");
        }
    }

    @Test
    void strictKexDisconnectsOnAnUnexpectedMessageDuringTheFirstKeyExchange() throws IOException {
        assertThat(ignoreDuringKex(true)).as("strict client: the server must disconnect").isTrue();
        assertThat(ignoreDuringKex(false)).as("without strict KEX an IGNORE is allowed").isFalse();
    }

    /**
     * Sends KEXINIT (with or without the strict flag) then SSH_MSG_IGNORE; true when the server
     * hangs up.
     */
    private boolean ignoreDuringKex(boolean strict) throws IOException {
        try (Socket socket = connect(system.port())) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            readKexInit(in);
            ByteArrayOutputStream kexinit = new ByteArrayOutputStream();
            DataOutputStream k = new DataOutputStream(kexinit);
            k.writeByte(20);
            k.write(new byte[16]);
            for (String list :
                    List.of(
                            "curve25519-sha256" + (strict ? ",kex-strict-c-v00@openssh.com" : ""),
                            "ssh-ed25519",
                            "aes128-gcm@openssh.com",
                            "aes128-gcm@openssh.com",
                            "hmac-sha2-256-etm@openssh.com",
                            "hmac-sha2-256-etm@openssh.com",
                            "none",
                            "none",
                            "",
                            "")) {
                writeString(k, list);
            }
            k.writeByte(0);
            k.writeInt(0);
            writePacket(out, kexinit.toByteArray());
            writePacket(out, new byte[] {2, 0, 0, 0, 0}); // SSH_MSG_IGNORE with an empty string
            socket.setSoTimeout(3000);
            try {
                while (true) {
                    int length = in.readInt();
                    byte[] rest = new byte[length];
                    in.readFully(rest);
                    if (rest[1] == 1) { // SSH_MSG_DISCONNECT
                        return true;
                    }
                }
            } catch (java.io.EOFException | java.net.SocketException e) {
                return true;
            } catch (SocketTimeoutException e) {
                return false; // still talking: the IGNORE was accepted
            }
        }
    }

    /** Connects and exchanges identification lines; the next packet is the server's KEXINIT. */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
                .write("SSH-2.0-StrictKexProbe\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("server closed before identifying");
            }
            if (c == '\n') {
                if (line.toString().startsWith("SSH-")) {
                    assertThat(line.toString().strip()).isEqualTo("SSH-2.0-Sluice");
                    return socket;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
    }

    /** Reads the server's cleartext KEXINIT. */
    static KexInit readKexInit(DataInputStream in) throws IOException {
        int length = in.readInt();
        int padding = in.readUnsignedByte();
        byte[] payload = new byte[length - padding - 1];
        in.readFully(payload);
        in.readFully(new byte[padding]);
        assertThat(payload[0]).as("SSH_MSG_KEXINIT").isEqualTo((byte) 20);
        DataInputStream p =
                new DataInputStream(
                        new java.io.ByteArrayInputStream(payload, 17, payload.length - 17));
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] s = new byte[p.readInt()];
            p.readFully(s);
            String text = new String(s, StandardCharsets.US_ASCII);
            lists.add(text.isEmpty() ? List.of() : Arrays.asList(text.split(",")));
        }
        return new KexInit(lists);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writePacket(DataOutputStream out, byte[] payload) throws IOException {
        int padding = 8 - ((payload.length + 5) % 8);
        if (padding < 4) {
            padding += 8;
        }
        out.writeInt(payload.length + padding + 1);
        out.writeByte(padding);
        out.write(payload);
        out.write(new byte[padding]);
        out.flush();
    }
}
