package dev.sluice.cli.convert;

import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.cli.SluiceCommand;
import dev.sluice.cli.maintenance.LoadDataCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice convert-users}: reads the accounts of another server (Unix passwd/shadow,
 * Pure-FTPd's {@code pureftpd.passwd}, ProFTPD's {@code ftpasswd} file) and writes a dump that
 * {@code loaddata} restores, so the users log in to Sluice with their old passwords. The dump goes
 * to {@code --output-file} or standard output; what was converted and skipped, and why, goes to
 * standard error.
 *
 * <p>Exit codes: those of every command ({@link ExitCodes}): 0 done (even when accounts were
 * skipped: they are reported), 2 bad options or an input that cannot be read or an output that
 * cannot be written; with {@code --apply}, those of {@code loaddata}.
 */
@Command(
        name = "convert-users",
        mixinStandardHelpOptions = true,
        description = {
            "Convert users of a Unix system, Pure-FTPd or ProFTPD into a dump for loaddata.",
            "Password hashes are kept as they are: users log in with their old passwords."
        },
        footer = {
            "",
            "Example:",
            "  sudo sluice convert-users --source unix-passwd --output-file users.json",
            "  sluice loaddata --input-file users.json",
            "  sluice convert-users --source pure-ftpd \\",
            "      --input /etc/pure-ftpd/pureftpd.passwd --apply"
        })
public final class ConvertUsersCommand implements Callable<Integer> {

    /** The {@code --source} values. */
    public enum Source {
        /** /etc/passwd and /etc/shadow. */
        UNIX_PASSWD("unix-passwd"),
        /** pure-pw's pureftpd.passwd. */
        PURE_FTPD("pure-ftpd"),
        /** ftpasswd's AuthUserFile. */
        PROFTPD("proftpd");

        private final String option;

        Source(String option) {
            this.option = option;
        }

        @Override
        public String toString() {
            return option;
        }

        static Source parse(String value) {
            for (Source s : values()) {
                if (s.option.equals(value)) {
                    return s;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "\"" + value + "\" is not a source; use unix-passwd, pure-ftpd or proftpd");
        }
    }

    @Spec CommandSpec spec;

    @Option(
            names = "--source",
            required = true,
            converter = SourceConverter.class,
            description = "unix-passwd, pure-ftpd or proftpd")
    Source source;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "pure-ftpd: pureftpd.passwd; proftpd: the ftpasswd file")
    Path input;

    @Option(
            names = "--passwd",
            paramLabel = "FILE",
            description = "unix-passwd: the passwd file (default: /etc/passwd)")
    Path passwd;

    @Option(
            names = "--shadow",
            paramLabel = "FILE",
            description = "unix-passwd: the shadow file (default: /etc/shadow; root reads it)")
    Path shadow;

    @Option(
            names = "--output-file",
            paramLabel = "FILE",
            description = "where the dump goes (default: standard output)")
    Path outputFile;

    @Option(
            names = "--min-uid",
            defaultValue = "" + ConvertOptions.DEFAULT_MIN_UID,
            description =
                    "unix-passwd: lower uids are system accounts, skipped (default: ${DEFAULT-VALUE})")
    int minUid;

    @Option(names = "--max-uid", description = "unix-passwd: higher uids are skipped")
    Integer maxUid;

    @Option(
            names = "--usernames",
            split = ",",
            paramLabel = "NAME",
            description = "convert only these accounts (comma-separated)")
    List<String> usernames;

    @Option(names = "--force-uid", description = "the uid every converted user gets")
    Integer forceUid;

    @Option(names = "--force-gid", description = "the gid every converted user gets")
    Integer forceGid;

    @Option(
            names = "--apply",
            description =
                    "restore the converted users through the API (loaddata) instead of writing"
                            + " the dump")
    boolean apply;

    /** Converts {@code --source} text to {@link Source}, naming the allowed values. */
    static final class SourceConverter implements CommandLine.ITypeConverter<Source> {
        @Override
        public Source convert(String value) {
            return Source.parse(value);
        }
    }

    /** Runs the command as picocli parsed it; the exit code. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String misuse = misuse();
        if (misuse != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), misuse);
        }
        Conversion conversion;
        try {
            conversion = source().convert(options());
        } catch (IOException e) {
            err.println("convert-users: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        String dump = new DumpWriter().write(conversion);
        if (apply) {
            new Summary(err).print(source.toString(), conversion);
            // The same path as `sluice loaddata`: mode 0 adds and updates, 202s are followed.
            return LoadDataCommand.load(
                    session(), new LinkedHashMap<>(), Optional.of(dump), MAX_RESTORE_ROUNDS);
        }
        try {
            if (outputFile == null) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(dump);
                out.flush();
            } else {
                Files.writeString(outputFile, dump, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("convert-users: --output-file " + outputFile + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        new Summary(err).print(source.toString(), conversion);
        return 0;
    }

    /** How many 202 answers {@code --apply} follows before it gives up. */
    private static final int MAX_RESTORE_ROUNDS = 100;

    private Session session() {
        if (spec.root().userObject() instanceof SluiceCommand root) {
            return root.session();
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), "--apply needs the sluice command (its API connection)");
    }

    private String misuse() {
        if (apply && outputFile != null) {
            return "--apply restores through the API; --output-file writes the dump: give one";
        }
        if (source == Source.UNIX_PASSWD && input != null) {
            return "--input is for pure-ftpd and proftpd; unix-passwd reads --passwd and --shadow";
        }
        if (source != Source.UNIX_PASSWD && (passwd != null || shadow != null)) {
            return "--passwd and --shadow are for unix-passwd; " + source + " reads --input";
        }
        if (source != Source.UNIX_PASSWD && input == null) {
            return "--input FILE is required with --source " + source;
        }
        if (minUid < 0 || (maxUid != null && maxUid < minUid)) {
            return "--min-uid must be 0 or more and --max-uid at least --min-uid";
        }
        if ((forceUid != null && forceUid < 0) || (forceGid != null && forceGid < 0)) {
            return "--force-uid and --force-gid must be 0 or more";
        }
        return null;
    }

    private AccountSource source() {
        return switch (source) {
            case UNIX_PASSWD ->
                    new UnixPasswdSource(
                            passwd == null ? UnixPasswdSource.PASSWD : passwd,
                            shadow == null ? UnixPasswdSource.SHADOW : shadow);
            case PURE_FTPD -> new PureFtpdSource(input);
            case PROFTPD -> new ProftpdSource(input);
        };
    }

    private ConvertOptions options() {
        return new ConvertOptions(
                minUid,
                maxUid == null ? OptionalInt.empty() : OptionalInt.of(maxUid),
                usernames == null ? Set.of() : Set.copyOf(usernames),
                forceUid == null ? OptionalInt.empty() : OptionalInt.of(forceUid),
                forceGid == null ? OptionalInt.empty() : OptionalInt.of(forceGid));
    }

    /**
     * Runs {@code convert-users} on its own (the root command registers this class too).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ConvertUsersCommand()).execute(args));
    }
}
