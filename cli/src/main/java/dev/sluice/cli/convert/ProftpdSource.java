package dev.sluice.cli.convert;

import dev.sluice.users.User;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * ProFTPD virtual users: an {@code AuthUserFile} as {@code ftpasswd --passwd} writes it, in
 * passwd(5) format with the hash in the second field ({@code name:hash:uid:gid:gecos:home:shell}).
 *
 * <p>{@code ftpasswd} hashes with md5-crypt, sha256-crypt (its default) or sha512-crypt, which
 * Sluice verifies, or DES crypt, which it does not: such accounts are skipped with the reason, as
 * are accounts {@code ftpasswd --lock} locked (a hash starting with {@code !}) and accounts without
 * a password. The shell is not used (ProFTPD checks it only with {@code RequireValidShell}).
 */
public final class ProftpdSource implements AccountSource {

    private static final long MAX_ID = Integer.MAX_VALUE;

    private final Path file;

    /**
     * @param file an {@code ftpd.passwd} file
     */
    public ProftpdSource(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "proftpd";
    }

    @Override
    public Conversion convert(ConvertOptions options) throws IOException {
        AccountMapper mapper = new AccountMapper(options);
        for (ColonFile.Line line : ColonFile.read(file, "--input")) {
            String name = line.field(0);
            if (!mapper.wants(name, line.number())) {
                continue;
            }
            if (line.fields().size() != 7) {
                mapper.skip(
                        name,
                        line.number(),
                        "an ftpasswd line has 7 fields separated by ':'; this one has "
                                + line.fields().size());
                continue;
            }
            try {
                int uid = (int) Fields.number(line.field(2), "uid (field 3)", MAX_ID);
                int gid = (int) Fields.number(line.field(3), "gid (field 4)", MAX_ID);
                String hash = line.field(1);
                if (hash.startsWith("!")) {
                    mapper.skip(
                            name,
                            line.number(),
                            "locked (ftpasswd --lock: the hash starts with '!')");
                    continue;
                }
                mapper.convert(
                        line.number(),
                        name,
                        hash,
                        uid,
                        gid,
                        line.field(5),
                        User.builder().description(line.field(4)),
                        List.of());
            } catch (Fields.BadField e) {
                mapper.skip(name, line.number(), e.getMessage());
            }
        }
        return mapper.result();
    }
}
