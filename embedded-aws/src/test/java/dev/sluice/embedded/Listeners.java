package dev.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which local addresses listen on a port, read from Linux's /proc/net/tcp and tcp6: shows a
 * server's bind address without sending any traffic. Empty where /proc is missing.
 */
final class Listeners {

    private Listeners() {}

    static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /**
     * Local addresses in /proc's hex form, e.g. {@code 0100007F} for 127.0.0.1 (also when
     * IPv4-mapped).
     */
    static List<String> addressesListeningOn(int port) {
        String hexPort = String.format("%04X", port).toUpperCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3
                            && f[1].endsWith(":" + hexPort)
                            && f[3].equals("0A")) { // 0A = LISTEN
                        String address = f[1].substring(0, f[1].indexOf(':'));
                        // Java's dual-stack sockets show IPv4 as ::ffff:a.b.c.d in tcp6
                        out.add(
                                address.startsWith("0000000000000000FFFF0000")
                                        ? address.substring(24)
                                        : address);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static final String IPV4_LOOPBACK = "0100007F";
}
