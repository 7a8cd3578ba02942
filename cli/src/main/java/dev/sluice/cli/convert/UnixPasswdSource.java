package dev.sluice.cli.convert;

import dev.sluice.users.User;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Linux and Unix accounts: {@code /etc/passwd} (name, uid, gid, gecos, home) joined by name with
 * {@code /etc/shadow} (the hash, the account's expiry).
 *
 * <p>Skipped, with the reason: system accounts (uid below {@link ConvertOptions#minUid()}), uids
 * above {@link ConvertOptions#maxUid()}, locked accounts (a hash starting with {@code !}: {@code
 * passwd -l}, {@code usermod -L}, or the {@code !} {@code useradd} leaves until a password is set)
 * and accounts that take no password login ({@code *}), accounts without a password (an empty
 * field: Sluice needs one), and hashes Sluice cannot verify (DES crypt, for instance).
 */
public final class UnixPasswdSource implements AccountSource {

    /** The files read when none are named. */
    public static final Path PASSWD = Path.of("/etc/passwd");

    /** Readable by root only, usually. */
    public static final Path SHADOW = Path.of("/etc/shadow");

    private static final long DAY_MILLIS = 86_400_000L;

    /** uid_t is 32 bits; 4294967295 is (uid_t) -1, never an account. */
    private static final long MAX_ID = Integer.MAX_VALUE;

    private final Path passwd;
    private final Path shadow;

    /**
     * @param passwd a passwd(5) file
     * @param shadow its shadow(5) file
     */
    public UnixPasswdSource(Path passwd, Path shadow) {
        this.passwd = passwd;
        this.shadow = shadow;
    }

    @Override
    public String name() {
        return "unix-passwd";
    }

    @Override
    public Conversion convert(ConvertOptions options) throws IOException {
        List<ColonFile.Line> accounts = ColonFile.read(passwd, "--passwd");
        Map<String, ColonFile.Line> shadowed = new HashMap<>();
        for (ColonFile.Line line : ColonFile.read(shadow, "--shadow")) {
            shadowed.putIfAbsent(line.field(0), line);
        }
        AccountMapper mapper = new AccountMapper(options);
        for (ColonFile.Line line : accounts) {
            String name = line.field(0);
            if (!mapper.wants(name, line.number())) {
                continue;
            }
            if (line.fields().size() != 7) {
                mapper.skip(
                        name,
                        line.number(),
                        "a passwd line has 7 fields separated by ':'; this one has "
                                + line.fields().size());
                continue;
            }
            try {
                convert(line, shadowed.get(name), options, mapper);
            } catch (Fields.BadField e) {
                mapper.skip(name, line.number(), e.getMessage());
            }
        }
        return mapper.result();
    }

    private static void convert(
            ColonFile.Line line,
            ColonFile.Line shadowLine,
            ConvertOptions options,
            AccountMapper mapper)
            throws Fields.BadField {
        String name = line.field(0);
        int uid = (int) Fields.number(line.field(2), "uid (field 3)", MAX_ID);
        int gid = (int) Fields.number(line.field(3), "gid (field 4)", MAX_ID);
        if (uid < options.minUid()) {
            mapper.skip(
                    name,
                    line.number(),
                    "system account: uid " + uid + " is below --min-uid " + options.minUid());
            return;
        }
        if (options.maxUid().isPresent() && uid > options.maxUid().getAsInt()) {
            mapper.skip(
                    name,
                    line.number(),
                    "uid " + uid + " is above --max-uid " + options.maxUid().getAsInt());
            return;
        }
        String hash = line.field(1);
        long expiration = 0;
        if (hash.equals("x")) {
            if (shadowLine == null) {
                mapper.skip(name, line.number(), "no line for it in the shadow file");
                return;
            }
            hash = shadowLine.field(1);
            long days =
                    Fields.optionalNumber(
                                    shadowLine.field(7), "shadow expiry date (field 8)", 1L << 40)
                            .orElse(0);
            expiration = days * DAY_MILLIS;
        }
        if (hash.startsWith("!")) {
            mapper.skip(name, line.number(), "locked (the hash starts with '!'): kept out");
            return;
        }
        if (hash.startsWith("*")) {
            mapper.skip(name, line.number(), "takes no password login (the hash is '*')");
            return;
        }
        User.Builder user =
                User.builder()
                        .description(line.field(4).replaceAll(",+$", ""))
                        .expirationDate(expiration);
        mapper.convert(line.number(), name, hash, uid, gid, line.field(5), user, List.of());
    }
}
