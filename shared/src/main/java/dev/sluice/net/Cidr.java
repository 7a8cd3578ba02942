package dev.sluice.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ("192.0.2.0/24", "2001:db8::/32").
 *
 * <p>Parsing never does DNS: only literal addresses are accepted.
 */
public record Cidr(byte[] network, int prefixLength, String text) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    /** Parses "address/prefix"; empty when the text is not a valid CIDR. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return Optional.empty();
        }
        String address = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        if (!prefix.chars().allMatch(Character::isDigit) || prefix.length() > 3) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int bits = Integer.parseInt(prefix);
        if (bits > bytes.get().length * 8) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(mask(bytes.get(), bits), bits, text));
    }

    /** True when {@code address} lies in this network (an IPv4 address never matches an IPv6 net). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        byte[] masked = mask(candidate, prefixLength);
        return java.util.Arrays.equals(masked, network);
    }

    /** Parses a literal IPv4/IPv6 address without touching DNS. */
    public static Optional<InetAddress> address(String text) {
        return literal(text).flatMap(bytes -> {
            try {
                return Optional.of(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<byte[]> literal(String address) {
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && address.contains(":") && IPV6.matcher(address).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4) {
            String[] parts = address.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255 || (parts[i].length() > 1 && parts[i].startsWith("0"))) {
                    return Optional.empty();
                }
                out[i] = (byte) octet;
            }
            return Optional.of(out);
        }
        try {
            // Only hex digits, ':' and '.' reach here, so this is a literal parse, never a lookup.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 4) {
                // Java turns "::ffff:a.b.c.d" into an IPv4 address; keep the IPv6 form the text gave.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            return Optional.of(bytes);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefixLength == prefixLength
            && java.util.Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
