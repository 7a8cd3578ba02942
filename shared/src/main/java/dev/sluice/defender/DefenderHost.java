package dev.sluice.defender;

import dev.sluice.net.Cidr;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One address the defender knows: its score in the current observation window and, while banned,
 * until when. The JSON shape and the id are SFTPGo's {@code DefenderEntry}: the id is the address
 * text in hexadecimal ("192.0.2.7" is "3139322e302e322e37").
 *
 * @param ip the address, canonical text ({@link Cidr#text})
 * @param score the score counted in the current observation window (0 while banned)
 * @param banUntil when the ban ends, while the address is banned
 */
public record DefenderHost(String ip, int score, Optional<Instant> banUntil) {

    /** SFTPGo's host id. */
    public String id() {
        return idOf(ip);
    }

    /** Whether the address is banned at {@code now}. */
    public boolean bannedAt(Instant now) {
        return banUntil.isPresent() && banUntil.get().isAfter(now);
    }

    /** SFTPGo's host id of an address: its canonical text, hex-encoded. */
    public static String idOf(InetAddress address) {
        return idOf(Cidr.text(address));
    }

    private static String idOf(String ip) {
        return HexFormat.of().formatHex(ip.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The address an id names; empty when the id is not hexadecimal text of a literal IP address
     * (ids are never resolved through DNS). Upper-case hex and non-canonical spellings such as
     * "2001:DB8::1" are accepted and mean the canonical address.
     */
    public static Optional<InetAddress> addressOfId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128 || id.length() % 2 != 0) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Cidr.address(new String(bytes, StandardCharsets.US_ASCII));
    }
}
