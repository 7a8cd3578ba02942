package dev.sluice.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SFTPGo's protocol names for {@code filters.denied_protocols}; Sluice serves SSH and HTTP. */
public enum Protocol {
    SSH,
    FTP,
    DAV,
    HTTP;

    public static Optional<Protocol> parse(String name) {
        return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Protocol::name).toList();
    }
}
