package dev.sluice.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early, naming the port and the option to change it, when a port is taken. */
final class PortCheck {

    private PortCheck() {}

    static void requireFree(InetAddress address, int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new LocalStartupException(
                    "port "
                            + port
                            + " on "
                            + address.getHostAddress()
                            + " ("
                            + what
                            + ") is already in use; stop what uses it or pick another port with "
                            + option
                            + " <port>");
        }
    }
}
