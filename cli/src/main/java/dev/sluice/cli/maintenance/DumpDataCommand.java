package dev.sluice.cli.maintenance;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice dumpdata}: a backup of users, folders, admins, API keys and retention policies,
 * written in the installation's bucket ({@code --output-file}) or returned ({@code --output-data})
 * to standard output or a local file (mode 600: it holds password hashes).
 */
@Command(
        name = "dumpdata",
        description = {
            "Back up users, folders, admins, API keys and retention policies (GET"
                    + " /api/v2/dumpdata; needs manage_system).",
            "--output-file NAME writes s3://<bucket>/sluice/backups/NAME on the server;"
                    + " --output-data returns the dump (at most 5 MiB), to standard output or,"
                    + " with a FILE, to that local file (mode 600)."
        },
        footer = {
            "",
            "Examples:",
            "  sluice dumpdata --output-file nightly.json",
            "  sluice dumpdata --output-data backup.json --indent"
        })
public final class DumpDataCommand extends ApiCommand {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "OUTPUT_FILE",
            description = "The same as --output-file (SFTPGo's CLI form).")
    String outputFileArgument;

    @Option(
            names = "--output-file",
            paramLabel = "NAME",
            description = "A name under sluice/backups/.")
    String outputFile;

    @Option(
            names = "--output-data",
            arity = "0..1",
            fallbackValue = "-",
            paramLabel = "FILE",
            description = "Return the dump: to FILE, or standard output without one (or with -).")
    String outputData;

    @Option(names = "--indent", description = "Indent the JSON.")
    boolean indent;

    @Option(
            names = "--secrets",
            paramLabel = "sealed|plain",
            description =
                    "sealed (default): only this installation's master key opens them; plain"
                            + " (needs *): as SFTPGo writes them.")
    String secrets;

    @Option(names = "--scopes", description = "Comma-separated sections (default: all).")
    String scopes;

    /** Creates the command (picocli instantiates it). */
    public DumpDataCommand() {}

    @Override
    protected int run(Session session) {
        String file = outputFile != null ? outputFile : outputFileArgument;
        if ((file == null) == (outputData == null)) {
            throw CliFailure.usage("give either --output-file NAME or --output-data [FILE]");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (file != null) {
            query.put("output-file", file);
        } else {
            query.put("output-data", "1");
        }
        if (indent) {
            query.put("indent", "1");
        }
        if (secrets != null) {
            query.put("secrets", secrets);
        }
        if (scopes != null) {
            query.put("scopes", scopes);
        }
        String body = session.api().get("/api/v2/dumpdata", query).body();
        if (outputData == null || outputData.equals("-")) {
            session.printer().body(body);
            return ExitCodes.OK;
        }
        Path target = Path.of(outputData);
        writePrivately(target, body);
        session.printer()
                .document(
                        session.mapper()
                                .createObjectNode()
                                .put("message", "Data saved")
                                .put("file", target.toAbsolutePath().toString())
                                .put("bytes", body.getBytes(StandardCharsets.UTF_8).length));
        return ExitCodes.OK;
    }

    private static void writePrivately(Path target, String body) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Path temp = Files.createTempFile(dir, ".sluice-dump", ".tmp");
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, body, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw CliFailure.usage("--output-data: cannot write " + target + ": " + e);
        }
    }
}
