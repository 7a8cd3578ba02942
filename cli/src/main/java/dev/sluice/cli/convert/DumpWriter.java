package dev.sluice.cli.convert;

import dev.sluice.backup.BackupData;
import dev.sluice.backup.BackupDump;
import dev.sluice.json.Json;
import java.util.List;

/**
 * Writes converted users as a dump in SFTPGo's {@code BackupData} format, through Sluice's own JSON
 * mapping so that the field names are those {@code loaddata} reads. The dump holds users only; its
 * password hashes are plain (not sealed: they come from another server), so treat the file as the
 * account files it was made from.
 */
public final class DumpWriter {

    /** The dump of {@code conversion}'s users, as one JSON document. */
    public String write(Conversion conversion) {
        BackupData data =
                new BackupData(
                        conversion.dumpUsers(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        BackupDump.VERSION);
        return Json.write(data) + "\n";
    }
}
