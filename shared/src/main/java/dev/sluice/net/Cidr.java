package dev.sluice.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ("192.0.2.0/24", "2001:db8::/32").
 *
 * <p>Parsing never does DNS: only literal addresses are accepted, without leading zeros (an octet
 * or a prefix length such as "010" or "/08" reads as octal to some parsers). {@link #canonical()}
 * is the one spelling of a network that Sluice stores: host bits cleared (what matching uses
 * anyway: "10.1.2.3/8" is "10.0.0.0/8") and IPv6 in RFC 5952 form (lower case, zeros compressed).
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
        if (!prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || prefix.length() > 3
                || (prefix.length() > 1 && prefix.charAt(0) == '0')) {
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

    /**
     * True when {@code address} lies in this network (an IPv4 address never matches an IPv6 net).
     */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        byte[] masked = mask(candidate, prefixLength);
        return java.util.Arrays.equals(masked, network);
    }

    /**
     * The network's one spelling: the network address (host bits cleared) and the prefix length,
     * IPv6 in RFC 5952 form ("2001:db8::/32", "::ffff:192.0.2.0/120").
     */
    public String canonical() {
        return format(network) + "/" + prefixLength;
    }

    /**
     * An address's one spelling (dotted quad, or RFC 5952 for IPv6: "2001:db8::1", where {@link
     * InetAddress#getHostAddress()} gives "2001:db8:0:0:0:0:0:1").
     */
    public static String text(InetAddress address) {
        return format(address.getAddress());
    }

    /** An address in its canonical text form (dotted quad, or RFC 5952 for IPv6). */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff)
                    + "."
                    + (address[1] & 0xff)
                    + "."
                    + (address[2] & 0xff)
                    + "."
                    + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        boolean mapped =
                groups[0] == 0
                        && groups[1] == 0
                        && groups[2] == 0
                        && groups[3] == 0
                        && groups[4] == 0
                        && groups[5] == 0xffff;
        int count = mapped ? 6 : 8;
        // RFC 5952 4.2: compress the longest run of two or more zero groups, the first one on a
        // tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < count; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < count && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        if (mapped) {
            if (out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(format(java.util.Arrays.copyOfRange(address, 12, 16)));
        }
        return out.toString();
    }

    /** Parses a literal IPv4/IPv6 address without touching DNS. */
    public static Optional<InetAddress> address(String text) {
        return literal(text)
                .flatMap(
                        bytes -> {
                            try {
                                return Optional.of(InetAddress.getByAddress(bytes));
                            } catch (UnknownHostException e) {
                                return Optional.empty();
                            }
                        });
    }

    private static Optional<byte[]> literal(String address) {
        boolean v4 = IPV4.matcher(address).matches();
        // The JDK treats text as a literal only when it starts with a hex digit or ':'; anything
        // else (".:1") would go to the resolver.
        boolean v6 =
                !v4
                        && address.contains(":")
                        && IPV6.matcher(address).matches()
                        && (address.charAt(0) == ':'
                                || Character.digit(address.charAt(0), 16) >= 0);
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
                // Java turns "::ffff:a.b.c.d" into an IPv4 address; keep the IPv6 form the text
                // gave.
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
        return other instanceof Cidr cidr
                && cidr.prefixLength == prefixLength
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
