package dev.sluice.cli.convert;

import dev.sluice.users.User;
import dev.sluice.users.UserFilters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Pure-FTPd virtual users: the text file {@code pure-pw} maintains ({@code pureftpd.passwd}, not
 * the compiled {@code pureftpd.pdb}).
 *
 * <p>A line is {@code login:hash:uid:gid:gecos:home:} then, each possibly empty, upload and
 * download bandwidth (bytes/s), upload and download ratio, concurrent sessions, quota files, quota
 * bytes, allowed and denied local (server) addresses, allowed and denied client addresses
 * (comma-separated), and a time window {@code hhmm-hhmm} (Pure-FTPd's {@code src/pure-pw.c}, {@code
 * parse_pw_line}). A home ending in {@code /./} marks a chrooted user; Sluice always confines users
 * to their home.
 *
 * <p>Bandwidth becomes KB/s (rounded up, so a limit never becomes 0, "unlimited"); sessions, quotas
 * and client addresses map to their Sluice fields. Ratios, server addresses and time windows have
 * no Sluice equivalent: the user is converted without them and a note says so. {@code pure-pw}
 * 1.0.50 (Debian 12) hashes with argon2id at costs above the limit Sluice verifies; such accounts
 * are skipped with the reason (see docs/convert-users.md).
 */
public final class PureFtpdSource implements AccountSource {

    private static final long MAX_ID = Integer.MAX_VALUE;
    private static final int REQUIRED_FIELDS = 6;
    private static final int MAX_FIELDS = 18;

    private final Path file;

    /**
     * @param file a {@code pureftpd.passwd} file
     */
    public PureFtpdSource(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "pure-ftpd";
    }

    @Override
    public Conversion convert(ConvertOptions options) throws IOException {
        AccountMapper mapper = new AccountMapper(options);
        for (ColonFile.Line line : ColonFile.read(file, "--input")) {
            String name = line.field(0);
            if (!mapper.wants(name, line.number())) {
                continue;
            }
            int size = line.fields().size();
            if (size < REQUIRED_FIELDS || size > MAX_FIELDS) {
                mapper.skip(
                        name,
                        line.number(),
                        "a pureftpd.passwd line has 6 to 18 fields separated by ':'; this one has "
                                + size);
                continue;
            }
            try {
                convert(line, mapper);
            } catch (Fields.BadField e) {
                mapper.skip(name, line.number(), e.getMessage());
            }
        }
        return mapper.result();
    }

    private static void convert(ColonFile.Line line, AccountMapper mapper) throws Fields.BadField {
        int uid = (int) Fields.number(line.field(2), "uid (field 3)", MAX_ID);
        int gid = (int) Fields.number(line.field(3), "gid (field 4)", MAX_ID);
        String home = line.field(5);
        if (home.endsWith("/./")) {
            home = home.substring(0, home.length() - 3);
        }
        if (home.isEmpty()) {
            home = "/";
        }
        List<String> notes = new ArrayList<>();
        User.Builder user = User.builder().description(line.field(4));
        user.uploadBandwidth(kilobytes(line.field(6), "upload bandwidth (field 7)"));
        user.downloadBandwidth(kilobytes(line.field(7), "download bandwidth (field 8)"));
        String upRatio = line.field(8);
        String downRatio = line.field(9);
        if (nonZero(upRatio) || nonZero(downRatio)) {
            notes.add(
                    "upload/download ratio "
                            + Fields.shorten(upRatio)
                            + ":"
                            + Fields.shorten(downRatio)
                            + " not converted: Sluice has no ratios");
        }
        user.maxSessions(
                (int)
                        Fields.optionalNumber(
                                        line.field(10), "sessions (field 11)", Integer.MAX_VALUE)
                                .orElse(0));
        user.quotaFiles(
                (int)
                        Fields.optionalNumber(
                                        line.field(11), "quota files (field 12)", Integer.MAX_VALUE)
                                .orElse(0));
        user.quotaSize(
                Fields.optionalNumber(line.field(12), "quota size (field 13)", Long.MAX_VALUE)
                        .orElse(0));
        if (!line.field(13).isEmpty() || !line.field(14).isEmpty()) {
            notes.add(
                    "server address rules (allowed \""
                            + Fields.shorten(line.field(13))
                            + "\", denied \""
                            + Fields.shorten(line.field(14))
                            + "\") not converted: Sluice filters client addresses only");
        }
        user.filters(
                new UserFilters(
                        addresses(line.field(15)),
                        addresses(line.field(16)),
                        null,
                        null,
                        null,
                        0,
                        false));
        if (!line.field(17).isEmpty()) {
            notes.add(
                    "time window "
                            + Fields.shorten(line.field(17))
                            + " not converted: Sluice has no login hours, so the user may log in"
                            + " at any time");
        }
        mapper.convert(line.number(), line.field(0), line.field(1), uid, gid, home, user, notes);
    }

    private static boolean nonZero(String ratio) {
        return !ratio.isEmpty() && !ratio.chars().allMatch(c -> c == '0');
    }

    /** Bytes/s to KB/s, rounded up; empty is 0 (unlimited). */
    private static int kilobytes(String value, String name) throws Fields.BadField {
        OptionalLong bytes = Fields.optionalNumber(value, name, Integer.MAX_VALUE * 1024L);
        return bytes.isEmpty() ? 0 : (int) ((bytes.getAsLong() + 1023) / 1024);
    }

    /**
     * Pure-FTPd's comma-separated addresses, a bare address made a single-host network (IPv4 only:
     * an IPv6 address would break the colon-separated line, so pure-pw files hold none). Anything
     * else is passed on unchanged for the user validation to refuse: dropping an entry of a deny
     * list, or the last of an allow list, would let in whom the old server kept out.
     */
    static List<String> addresses(String field) {
        if (field.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(field.split(",", -1))
                .map(String::trim)
                .map(
                        a ->
                                a.contains("/") || a.isEmpty()
                                        ? a
                                        : a + (a.contains(":") ? "/128" : "/32"))
                .toList();
    }
}
