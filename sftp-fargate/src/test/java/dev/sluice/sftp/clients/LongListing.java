package dev.sluice.sftp.clients;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ls -l} style lines (OpenSSH's {@code ls -l}, curl's directory listing, lftp's {@code
 * cls -l}) into names and sizes; {@code .} and {@code ..} are left out.
 */
final class LongListing {

    // type+mode, anything (links, owner, group), size, "Mon DD" and "HH:MM" or a year, name.
    private static final Pattern LINE =
            Pattern.compile(
                    "^([-dl])[-rwxsStT]{9}\\S*\\s.*?\\s(\\d+)\\s+[A-Z][a-z]{2}\\s+\\d{1,2}\\s+"
                            + "(?:\\d{1,2}:\\d{2}|\\d{4})\\s+(.+)$");

    private LongListing() {}

    /** Name (last path segment) to entry, in listing order. */
    static Map<String, ClientDriver.Entry> parse(String output) {
        Map<String, ClientDriver.Entry> entries = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(3);
            while (name.length() > 1 && name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            name = name.substring(name.lastIndexOf('/') + 1);
            if (name.equals(".") || name.equals("..") || name.isEmpty()) {
                continue;
            }
            boolean dir = m.group(1).equals("d");
            entries.put(name, new ClientDriver.Entry(dir, Long.parseLong(m.group(2))));
        }
        return entries;
    }
}
